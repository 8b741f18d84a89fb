import pytest
from django.urls import reverse
from icalendar import Calendar

from events.models import CalendarFeed
from tests.factories.events import enroll_directly, make_event

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_event_ics_has_one_vevent_per_session(client, event_index):
    event = make_event(event_index, sessions=6, title="Kursus Menjahit Dasar")
    cal = parse(client.get(reverse("events:event_calendar", args=[event.pk])))
    vevents = cal.walk("VEVENT")
    assert len(vevents) == 6
    sessions = list(event.sessions.order_by("starts_at"))
    assert [v.decoded("dtstart") for v in vevents] == [
        s.starts_at.replace(microsecond=0) for s in sessions
    ]
    assert vevents[0]["dtstart"].params["TZID"] == "Asia/Jakarta"
    assert cal.walk("VTIMEZONE")
    assert str(vevents[0]["summary"]) == "Kursus Menjahit Dasar (1/6)"
    assert str(vevents[0]["status"]) == "CONFIRMED"
    uids = [str(v["uid"]) for v in vevents]
    assert len(set(uids)) == 6
    again = parse(client.get(reverse("events:event_calendar", args=[event.pk])))
    assert [str(v["uid"]) for v in again.walk("VEVENT")] == uids  # stable


def test_cancelled_event_is_cancelled_in_the_calendar(client, event):
    event.is_cancelled = True
    event.cancellation_reason = "Ditunda."
    event.save()
    cal = parse(client.get(reverse("events:event_calendar", args=[event.pk])))
    assert {str(v["status"]) for v in cal.walk("VEVENT")} == {"CANCELLED"}


def test_group_feed(client, group, event):
    mine = make_event(group, title="Pertemuan Kelompok Belajar")
    cal = parse(client.get(reverse("events:group_calendar", args=[group.pk])))
    assert [str(v["summary"]) for v in cal.walk("VEVENT")] == [mine.title]
    assert client.get(reverse("events:group_calendar", args=[999999])).status_code == 404


def test_private_feed_token_can_be_regenerated_and_revoked(client, event, resident):
    enroll_directly(event, resident)
    client.force_login(resident)
    client.post(reverse("events:calendar_feed_token"), {"action": "create"})
    token = CalendarFeed.objects.get(user=resident).token
    client.logout()
    url = reverse("events:personal_calendar", args=[token])
    cal = parse(client.get(url))
    assert [str(v["summary"]) for v in cal.walk("VEVENT")] == [event.title]

    client.force_login(resident)
    client.post(reverse("events:calendar_feed_token"), {"action": "regenerate"})
    new_token = CalendarFeed.objects.get(user=resident).token
    assert new_token != token
    assert client.get(url).status_code == 404
    client.post(reverse("events:calendar_feed_token"), {"action": "revoke"})
    assert client.get(reverse("events:personal_calendar", args=[new_token])).status_code == 404


def test_private_feed_shows_waitlist_as_tentative(client, event, resident):
    enroll_directly(event, resident, status="waitlisted")
    feed = CalendarFeed.objects.create(user=resident)
    cal = parse(client.get(reverse("events:personal_calendar", args=[feed.token])))
    assert {str(v["status"]) for v in cal.walk("VEVENT")} == {"TENTATIVE"}
