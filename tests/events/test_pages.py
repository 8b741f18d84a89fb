import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from events import enrollment as rules
from events.models import Enrollment
from tests.factories.events import enroll_directly, make_event

pytestmark = pytest.mark.django_db


def test_index_lists_upcoming_with_seats_and_waitlist(client, event_index, event, make_resident):
    for _ in range(3):
        rules.enroll(event, make_resident())
    past = make_event(event_index, start_in=timedelta(days=-10), title="Posyandu Lalu")
    response = client.get(event_index.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert event.title in html
    assert past.title not in html
    assert "Penuh" in html or "Full" in html  # no seats left
    assert re.search(r"1 (orang menunggu|person waiting)", html)
    archive = client.get(event_index.url + "?arsip=1").content.decode()
    assert past.title in archive and event.title not in archive


def test_index_filters_without_javascript(client, event_index, group):
    health = make_event(event_index, category="health", title="Hari Vaksinasi Anak")
    other = make_event(group, category="economy", title="Pemasaran Online")
    html = client.get(event_index.url, {"category": "health"}).content.decode()
    assert health.title in html and other.title not in html
    html = client.get(event_index.url, {"group": group.pk}).content.decode()
    assert other.title in html and health.title not in html


def test_index_has_free_seats_filter(client, event_index, event, make_resident):
    free = make_event(event_index, capacity=None, title="Sosialisasi BLT")
    for _ in range(2):
        rules.enroll(event, make_resident())
    html = client.get(event_index.url, {"open": "on"}).content.decode()
    assert free.title in html and event.title not in html


def test_index_bad_date_shows_an_error_not_a_crash(client, event_index, event):
    response = client.get(event_index.url, {"from": "31-02-2026"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_index_query_count_is_flat(client, event_index, django_assert_max_num_queries):
    for _ in range(3):
        make_event(event_index)
    client.get(event_index.url)  # warm caches (site, locale)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(event_index.url)
    for _ in range(12):
        make_event(event_index, sessions=2)
    client.get(event_index.url)  # publishing bumped the content version: warm again
    with CaptureQueriesContext(connection) as large:
        client.get(event_index.url)
    assert len(large) == len(small)


def test_event_page_shows_state_json_ld_and_forms(client, event, make_resident):
    anonymous = client.get(event.url).content.decode()
    assert f"/akun/login/?next={event.url}" in anonymous.replace("%2F", "/")
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', anonymous, re.S)[1])
    assert data["@type"] == "Event"
    assert data["startDate"].endswith("+07:00")
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["@type"] == "Place"

    a, b, c = (make_resident() for _ in range(3))
    rules.enroll(event, a)
    rules.enroll(event, b)
    rules.enroll(event, c)
    client.force_login(c)
    html = client.get(event.url).content.decode()
    assert reverse("events:confirm_cancel", args=[event.pk]) in html
    assert re.search(r"(nomor|number) 1", html)


def test_enroll_and_cancel_through_the_html_forms(client, event, resident):
    client.force_login(resident)
    response = client.post(reverse("events:enroll", args=[event.pk]))
    assert response.status_code == 302
    assert Enrollment.objects.get(event=event, user=resident).status == "confirmed"
    client.post(reverse("events:cancel", args=[event.pk]), {"confirm": "yes"})
    assert Enrollment.objects.get(event=event, user=resident).status == "cancelled"


def test_enroll_needs_csrf(event, resident):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    response = client.post(reverse("events:enroll", args=[event.pk]))
    assert response.status_code == 403
    assert not Enrollment.objects.exists()


def test_anonymous_enroll_goes_to_login(client, event):
    response = client.post(reverse("events:enroll", args=[event.pk]))
    assert response.status_code == 302
    assert "/akun/login/" in response["Location"]


def test_refusal_is_shown_in_indonesian(client, event, resident):
    event.is_cancelled = True
    event.cancellation_reason = "Pelatih berhalangan hadir."
    event.save()
    client.force_login(resident)
    response = client.post(reverse("events:enroll", args=[event.pk]), follow=True)
    html = response.content.decode()
    assert "Pelatih berhalangan hadir." in html
    assert "dibatalkan" in html
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


def test_my_enrollments_with_qr_and_calendar_link(client, event, resident):
    enrollment = enroll_directly(event, resident)
    client.force_login(resident)
    html = client.get(reverse("events:my_enrollments")).content.decode()
    assert event.title in html and enrollment.check_in_code in html
    qr = client.get(reverse("events:check_in_qr", args=[enrollment.pk]))
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content


def test_someone_elses_qr_is_not_found(client, event, resident, make_resident):
    enrollment = enroll_directly(event, make_resident())
    client.force_login(resident)
    assert client.get(reverse("events:check_in_qr", args=[enrollment.pk])).status_code == 404


def test_home_page_lists_upcoming_events(client, home_page, event):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    html = Template("{% load events_tags %}{% upcoming_events %}").render(
        Context({"request": request})
    )
    assert event.title in html


def test_past_event_page_says_so_instead_of_offering_login(client, event_index):
    past = make_event(event_index, start_in=timedelta(days=-3))
    html = client.get(past.url).content.decode()
    assert "sudah berlangsung" in html
    assert "/akun/login/?next" not in html


def test_members_only_event_asks_anonymous_visitors_to_log_in(client, group):
    event = make_event(group, audience="members")
    html = client.get(event.url).content.decode()
    assert "/akun/login/?next" in html
    assert "Khusus anggota kelompok penyelenggara." in html


def test_feed_link_offers_webcal(client, resident):
    client.force_login(resident)
    client.post(reverse("events:calendar_feed_token"), {"action": "create"})
    html = client.get(reverse("events:my_enrollments")).content.decode()
    assert 'href="webcal://' in html
