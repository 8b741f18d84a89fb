"""The ids-first listing (events.models.EventListing) and the cached GET /api/events/
(events.cache): same results and order as sorting `with_counts()`, and seats left exact
right after a change."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import enrollment as rules
from events.models import EventPage, EventSession
from tests.factories.events import EventPageFactory, make_event

pytestmark = pytest.mark.django_db

URL = "/api/events/"


def _session(event, starts_in, hours=2):
    start = timezone.now() + starts_in
    return EventSession.objects.create(
        event=event, starts_at=start, ends_at=start + timedelta(hours=hours), venue="Aula RW 03"
    )


@pytest.fixture
def mixed(event_index):
    """Upcoming, running, half-done courses, ties on the next start, past and empty."""
    same = timezone.now() + timedelta(days=2)
    events = [
        make_event(event_index, start_in=timedelta(days=9), title="Senam Lansia"),
        make_event(event_index, start_in=timedelta(days=1), title="Posyandu Balita"),
        make_event(event_index, start_in=timedelta(days=-5), title="Sosialisasi Lalu"),
        make_event(event_index, start_in=timedelta(days=-30), title="Rapat Lama"),
        EventPageFactory(parent=event_index, title="Belum Berjadwal"),
    ]
    # A course whose first weeks are over: listed by its next session.
    events.append(make_event(event_index, sessions=4, start_in=timedelta(days=-15), title="Kursus"))
    running = EventPageFactory(parent=event_index, title="Sedang Berlangsung")
    _session(running, -timedelta(hours=1), hours=3)
    events.append(running)
    for title in ("Kerja Bakti A", "Kerja Bakti B"):
        tied = EventPageFactory(parent=event_index, title=title)
        EventSession.objects.create(
            event=tied, starts_at=same, ends_at=same + timedelta(hours=2), venue="Balai Warga"
        )
        events.append(tied)
    return events


def _expected(archive):
    events = EventPage.objects.live().public().with_counts()
    if archive:
        events = events.filter(next_starts_at__isnull=True).order_by("-last_ends_at", "-pk")
    else:
        events = events.filter(next_starts_at__isnull=False).order_by("next_starts_at", "pk")
    return list(events.values_list("pk", flat=True))


@pytest.mark.parametrize("archive", [False, True])
def test_api_order_and_pages_match_sorting_with_counts(client, mixed, archive):
    expected = _expected(archive)
    assert len(expected) >= 3
    params = {"archive": "true"} if archive else {}
    body = client.get(URL, params).json()
    assert [r["id"] for r in body["results"]] == expected
    assert body["count"] == len(expected)
    pages = []
    for page in (1, 2, 3, 4, 5):
        body = client.get(URL, {**params, "page_size": 2, "page": page}).json()
        assert body["pages"] == (len(expected) + 1) // 2
        pages += [r["id"] for r in body["results"]]
    assert pages == expected


def test_index_page_order_matches_sorting_with_counts(client, event_index, mixed):
    response = client.get(event_index.url)
    assert [e.pk for e in response.context["events"]] == _expected(False)[:12]
    archive = client.get(event_index.url, {"arsip": "1"})
    assert [e.pk for e in archive.context["events"]] == _expected(True)[:12]


def test_filters_still_apply_before_the_page_is_cut(client, event_index, mixed, make_resident):
    full = make_event(event_index, capacity=1, title="Pelatihan Batik")
    rules.enroll(full, make_resident())
    ids = [r["id"] for r in client.get(URL, {"open": "true"}).json()["results"]]
    assert full.pk not in ids and ids == [pk for pk in _expected(False) if pk != full.pk]
    ids = [r["id"] for r in client.get(URL, {"q": "kerja bakti"}).json()["results"]]
    assert ids == [e.pk for e in mixed if e.title.startswith("Kerja Bakti")]


def test_enrolling_shows_one_seat_fewer_at_once(
    client, event, make_resident, django_capture_on_commit_callbacks
):
    def seats():
        (item,) = [r for r in client.get(URL).json()["results"] if r["id"] == event.pk]
        return item["seats_left"]

    assert seats() == 2
    with CaptureQueriesContext(connection) as cached:
        assert seats() == 2
    assert len(cached) == 0  # served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        rules.enroll(event, make_resident())
    assert seats() == 1
    with django_capture_on_commit_callbacks(execute=True):
        rules.enroll(event, make_resident())
    assert seats() == 0


def test_session_changes_and_unpublishing_show_at_once(client, event, event_index):
    assert [r["id"] for r in client.get(URL).json()["results"]] == [event.pk]
    later = make_event(event_index, start_in=timedelta(days=10), title="Donor Darah")
    assert [r["id"] for r in client.get(URL).json()["results"]] == [event.pk, later.pk]
    later.sessions.update(starts_at=timezone.now() + timedelta(hours=1))  # no signal
    session = later.sessions.get()
    session.save()
    assert [r["id"] for r in client.get(URL).json()["results"]] == [later.pk, event.pk]
    later.unpublish()
    assert [r["id"] for r in client.get(URL).json()["results"]] == [event.pk]
    session.delete()
    event.sessions.all().delete()
    assert client.get(URL).json()["count"] == 0


def test_the_listing_is_the_same_for_everyone(client, event, resident):
    anonymous = client.get(URL, {"page_size": 5})
    client.force_login(resident)
    signed_in = client.get(URL, {"page_size": 5})
    assert signed_in.status_code == 200
    assert signed_in.content == anonymous.content
    assert signed_in["Content-Type"].startswith("application/json")
    assert "my_enrollment" not in anonymous.content.decode()
