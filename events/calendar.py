"""iCalendar files (RFC 5545) with the `icalendar` library: one VEVENT per session."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar, Event
from icalendar.prop import vText

from events.models import Enrollment


def _host():
    return urlsplit(settings.SITE_BASE_URL).hostname or "balai.local"


def session_uid(session):
    """Stable across edits: the session's id, never its time or title."""
    return f"event-session-{session.pk}@{_host()}"


def build_calendar(name, events, statuses=None):
    """`events`: EventPages with their sessions prefetched. `statuses`: optional
    {event_id: enrollment status}, for a resident's own feed (waitlisted = tentative)."""
    cal = Calendar()
    cal.add("prodid", "-//Balai//Kegiatan//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    now = datetime.now(UTC)
    base_url = settings.SITE_BASE_URL.rstrip("/")
    statuses = statuses or {}
    for event in events:
        sessions = event.ordered_sessions()
        url = base_url + (event.url or "")
        for number, session in enumerate(sessions, start=1):
            vevent = Event()
            vevent.add("uid", session_uid(session))
            vevent.add("dtstamp", now)
            vevent.add("dtstart", session.starts_at.astimezone(_tz()))
            vevent.add("dtend", session.ends_at.astimezone(_tz()))
            title = event.title
            if len(sessions) > 1:
                title = f"{title} ({number}/{len(sessions)})"
            vevent.add("summary", title)
            vevent.add("location", vText(session.venue))
            vevent.add("description", f"{event.summary}\n\n{url}".strip())
            vevent.add("url", url)
            if event.is_cancelled:
                vevent.add("status", "CANCELLED")
            elif statuses.get(event.pk) == Enrollment.Status.WAITLISTED:
                vevent.add("status", "TENTATIVE")
            else:
                vevent.add("status", "CONFIRMED")
            if event.last_published_at:
                vevent.add("last-modified", event.last_published_at)
            cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal


def _tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo(settings.TIME_ZONE)


def calendar_response(cal, filename):
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response
