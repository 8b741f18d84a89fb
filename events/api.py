"""Events API (django-ninja), mounted at /api/events/; `me_router` at /api/me/enrollments/.

The same FilterSet as the events index page, the same enrollment rules as the HTML
views. Listings cost a constant number of queries (annotations + prefetch)."""

import json
from datetime import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.responses import NinjaJSONEncoder

from config import content_version
from config.api_auth import optional_auth, resident_auth
from config.api_schemas import BodyIn, IsoDate, error_responses
from config.errors import DomainError
from events import cache as listing_cache
from events import enrollment as rules
from events.filters import EventFilter
from events.models import Enrollment, EventPage, with_event_counts

router = Router(tags=["events"])
me_router = Router(tags=["me"])


class SessionOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    venue: str


class OrganiserOut(Schema):
    id: int
    title: str
    type: str
    url: str | None


class EventOut(Schema):
    id: int
    title: str
    url: str | None
    summary: str
    kind: str
    category: str
    area: str | None
    sessions: list[SessionOut]
    venue: str
    capacity: int | None
    seats_left: int | None
    waitlist_length: int
    audience: str
    is_cancelled: bool
    cancellation_reason: str
    organiser: OrganiserOut | None


class EventDetailOut(EventOut):
    description: str
    enrollment_opens_at: datetime | None
    enrollment_closes_at: datetime | None
    my_enrollment: "EnrollmentStateOut | None" = None


class EventListOut(Schema):
    count: int
    page: int
    pages: int
    results: list[EventOut]


class EnrollmentStateOut(Schema):
    status: str
    position: int | None


EventDetailOut.model_rebuild()


class MyEnrollmentOut(Schema):
    id: int
    status: str
    position: int | None
    check_in_code: str | None
    requested_at: datetime
    attended_sessions: int = Field(0, description="Sessions I was marked present at.")
    sessions_to_complete: int = Field(0, description="Sessions needed to complete.")
    completed: bool = False
    event: EventOut


class EventQuery(Schema):
    q: str | None = None
    category: str | None = None
    area: str | None = Field(None, description="Area slug")
    group: int | None = Field(None, description="Organising group (page id)")
    program: int | None = Field(None, description="Organising program (page id)")
    from_: IsoDate | None = Field(None, alias="from", description="A session on or after")
    to: IsoDate | None = Field(None, description="A session on or before")
    open: bool | None = Field(None, description="Only events with free seats")
    archive: bool = Field(False, description="Past events instead of upcoming ones")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)


def _organiser(event):
    organiser = event.organising_group or event.organising_program
    if organiser is None:
        return None
    kind = "group" if event.organising_group_id else "program"
    return {"id": organiser.pk, "title": organiser.title, "type": kind, "url": organiser.url}


def event_data(event):
    sessions = event.ordered_sessions()
    return {
        "id": event.pk,
        "title": event.title,
        "url": event.url,
        "summary": event.summary,
        "kind": event.kind,
        "category": event.category,
        "area": str(event.area) if event.area_id else None,
        "sessions": sessions,
        "venue": sessions[0].venue if sessions else "",
        "capacity": event.capacity,
        "seats_left": event.seats_left,
        "waitlist_length": event.waitlist_length,
        "audience": event.audience,
        "is_cancelled": event.is_cancelled,
        "cancellation_reason": event.cancellation_reason,
        "organiser": _organiser(event),
    }


def api_queryset(now=None):
    return EventPage.objects.live().public().for_listing(now)


def _filter_errors(errors):
    return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())


@router.get(
    "/",
    response={200: EventListOut, **error_responses(401)},
    auth=optional_auth,
    url_name="event_list",
)
def list_events(request, filters: Query[EventQuery]):
    """Upcoming events, soonest first (or past ones with `archive`). The listing is the
    same for every caller, so its JSON is cached (events.cache) until something that can
    change it happens; seats left stay exact."""
    version = listing_cache.current_version()  # read before the data: see events.cache
    key = listing_cache.listing_key(request, version)
    body = listing_cache.get_listing(key)
    if body is None:
        body = _render_listing(_listing(request, filters))
        listing_cache.set_listing(key, body)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def _render_listing(data):
    # What ninja would render for `response=EventListOut`, kept as bytes for the cache.
    payload = EventListOut.model_validate(data).model_dump()
    return json.dumps(payload, cls=NinjaJSONEncoder).encode()


def _listing(request, filters):
    # The values ninja parsed (so "open=0" means no, as in the schema), then the same
    # FilterSet as the HTML page, on a plain queryset: ids first, counts after.
    parsed = {
        "q": filters.q,
        "category": filters.category,
        "area": filters.area,
        "group": filters.group,
        "program": filters.program,
        "from": filters.from_.isoformat() if filters.from_ else None,
        "to": filters.to.isoformat() if filters.to else None,
        "open": "on" if filters.open else None,
    }
    data = {k: v for k, v in parsed.items() if v not in (None, "")}
    event_filter = EventFilter(data, queryset=EventPage.objects.live().public(), request=request)
    if not event_filter.is_valid():
        raise DomainError(_filter_errors(event_filter.errors), "invalid_filter", 422)
    listing = event_filter.qs.listing(archive=filters.archive)
    count = listing.count()
    size = filters.page_size
    pages = max((count + size - 1) // size, 1)
    start = (filters.page - 1) * size
    results = [event_data(e) for e in listing[start : start + size]] if start < count else []
    return {"count": count, "page": filters.page, "pages": pages, "results": results}


@router.get(
    "/{int:event_id}/",
    response={200: EventDetailOut, **error_responses(401, 404)},
    auth=optional_auth,
    url_name="event",
)
def get_event(request, event_id: int):
    if not request.auth.is_authenticated:
        # Nothing personal in it: anonymous callers share one cached answer.
        return content_version.cached_json(
            request, "events:api:detail", lambda: _event_detail(request, event_id),
            schema=EventDetailOut,
        )  # fmt: skip
    return _event_detail(request, event_id)


def _event_detail(request, event_id):
    event = get_object_or_404(api_queryset(), pk=event_id)
    data = event_data(event)
    data.update(
        description=event.description,
        enrollment_opens_at=event.enrollment_opens_at,
        enrollment_closes_at=event.enrollment_closes_at,
    )
    user = request.auth
    if user.is_authenticated:
        state = rules.state_for(event, user)
        if state.enrollment is not None:
            data["my_enrollment"] = {"status": state.status, "position": state.position}
    return data


def _live_event(event_id):
    return get_object_or_404(
        EventPage.objects.live().public().select_related("organising_group"), pk=event_id
    )


@router.post(
    "/{int:event_id}/enrollment/",
    response={200: EnrollmentStateOut, **error_responses(401, 403, 404, 409)},
    auth=resident_auth,
    url_name="enrollment",
)
def enroll(request, event_id: int):
    """Enroll (or join the waiting list). Repeating it returns the current state."""
    state = rules.enroll(_live_event(event_id), request.auth)
    return {"status": state.status, "position": state.position}


@router.delete(
    "/{int:event_id}/enrollment/",
    response={200: EnrollmentStateOut, **error_responses(401, 404, 409)},
    auth=resident_auth,
)
def cancel(request, event_id: int):
    """Cancel; the first person on the waiting list gets the seat."""
    event = get_object_or_404(EventPage.objects.select_related("organising_group"), pk=event_id)
    rules.cancel(event, request.auth)
    return {"status": Enrollment.Status.CANCELLED, "position": None}


class CheckInIn(BodyIn):
    code: str = Field(..., min_length=1, max_length=16)


class CheckInOut(Schema):
    enrollment_id: int
    name: str
    session_id: int
    present: bool


class RosterEntryOut(Schema):
    enrollment_id: int
    name: str
    email: str
    phone: str
    status: str
    position: int | None
    check_in_code: str
    attended_session_ids: list[int]


def _managed(request, event_id):
    event = get_object_or_404(EventPage.objects.select_related("organising_group"), pk=event_id)
    rules.require_manager(event, request.auth)
    return event


@router.get(
    "/{int:event_id}/roster/",
    response={200: list[RosterEntryOut], **error_responses(401, 403, 404)},
    auth=resident_auth,
    url_name="roster",
)
def roster(request, event_id: int):
    """Leaders of the organising group and staff: confirmed people, then the waitlist."""
    event = _managed(request, event_id)
    enrollments = rules.roster(event)
    return [
        {
            "enrollment_id": e.pk,
            "name": e.user.get_full_name(),
            "email": e.user.email,
            "phone": getattr(e.user, "phone", "") or "",
            "status": e.status,
            "position": e.waitlist_position,
            "check_in_code": e.check_in_code,
            "attended_session_ids": sorted(a.session_id for a in e.attendances.all()),
        }
        for e in enrollments
    ]


@router.post(
    "/{int:event_id}/sessions/{int:session_id}/check-in/",
    response={200: CheckInOut, **error_responses(401, 403, 404, 409)},
    auth=resident_auth,
    url_name="check_in",
)
def check_in(request, event_id: int, session_id: int, payload: CheckInIn):
    """Mark a participant present by their check-in code (e.g. scanned from the QR).
    Repeating it is harmless."""
    event = _managed(request, event_id)
    session = rules.session_of(event, session_id)
    enrollment = rules.check_in(session, payload.code, request.auth)
    return {
        "enrollment_id": enrollment.pk,
        "name": enrollment.user.get_full_name(),
        "session_id": session.pk,
        "present": True,
    }


@me_router.get(
    "/",
    response={200: list[MyEnrollmentOut], **error_responses(401)},
    auth=resident_auth,
    url_name="my_enrollments",
)
def my_enrollments(request):
    """My enrollments (confirmed and waitlisted) in the order of "Kegiatan saya": by the
    next session (still to come, soonest first; then finished ones, latest first), with
    my attendance toward completing the activity."""
    enrollments = with_event_counts(Enrollment.objects.current_for(request.auth))
    return [
        {
            "id": enrollment.pk,
            "status": enrollment.status,
            "position": enrollment.waitlist_position,
            "check_in_code": enrollment.check_in_code
            if enrollment.status == Enrollment.Status.CONFIRMED
            else None,
            "requested_at": enrollment.requested_at,
            "attended_sessions": enrollment.attended_sessions,
            "sessions_to_complete": enrollment.event.sessions_to_complete(),
            "completed": enrollment.has_completed(),
            "event": event_data(enrollment.event),
        }
        for enrollment in enrollments
    ]
