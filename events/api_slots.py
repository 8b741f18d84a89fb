"""Service-day slots API (django-ninja), mounted at /api/events/ beside events.api:
`GET /api/events/{id}/slots/`, `POST/DELETE /api/events/{id}/slots/{slot_id}/booking/`,
and the kader's `POST /api/events/{id}/slots/check-in/`. Same rules as the HTML views."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from config.api_auth import optional_auth, resident_auth
from config.api_schemas import error_responses
from config.errors import NotFoundError
from events import slots as rules
from events.models import EventPage

router = Router(tags=["events"])


class MyBookingOut(Schema):
    id: int
    slot_id: int
    queue_number: int
    name: str
    for_self: bool
    member_age: int | None
    starts_at: datetime
    ends_at: datetime
    checked_in: bool
    can_change: bool


class SlotOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    places_left: int
    first_queue_number: int
    is_past: bool


class SlotListOut(Schema):
    event_id: int
    slots: list[SlotOut]
    my_bookings: list[MyBookingOut]


class BookingIn(Schema):
    member_name: str = Field(
        "", max_length=200, description="A household member's name; empty: myself"
    )
    member_age: int | None = Field(None, description="The household member's age (0-120)")


class CancelQuery(Schema):
    member_name: str = Field("", max_length=200, description="Whose booking; empty: mine")


class CheckInIn(Schema):
    queue_number: int = Field(..., ge=1)


class CheckInOut(Schema):
    queue_number: int
    name: str
    slot_id: int
    checked_in_at: datetime


def _service_day(event_id):
    event = get_object_or_404(
        EventPage.objects.live().public().select_related("organising_group"), pk=event_id
    )
    if not rules.is_service_day(event):
        raise NotFoundError(
            _("This activity has no time slots (it is not a health service day)."), "not_found"
        )
    return event


def _booking_data(booking, now):
    return {
        "id": booking.pk,
        "slot_id": booking.slot_id,
        "queue_number": booking.queue_number,
        "name": booking.person_name,
        "for_self": booking.for_self,
        "member_age": booking.member_age,
        "starts_at": booking.slot.starts_at,
        "ends_at": booking.slot.ends_at,
        "checked_in": booking.checked_in_at is not None,
        "can_change": not rules.change_deadline_passed(booking.slot, now),
    }


@router.get(
    "/{int:event_id}/slots/",
    response={200: SlotListOut, **error_responses(404)},
    auth=optional_auth,
    url_name="event_slots",
)
def list_slots(request, event_id: int):
    """The day's time slots with places left; signed in, also my bookings (for myself
    and my household). Two queries (three when signed in), however many slots."""
    event = _service_day(event_id)
    now = timezone.now()
    return {
        "event_id": event.pk,
        "slots": [
            {
                "id": s.pk,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "capacity": s.capacity,
                "places_left": s.places_left,
                "first_queue_number": s.first_number,
                "is_past": s.is_past(now),
            }
            for s in rules.slots_of(event)
        ],
        "my_bookings": [_booking_data(b, now) for b in rules.bookings_of(event, request.auth)],
    }


@router.post(
    "/{int:event_id}/slots/{int:slot_id}/booking/",
    response={200: MyBookingOut, **error_responses(401, 403, 404, 409)},
    auth=resident_auth,
    url_name="slot_booking",
)
def book(request, event_id: int, slot_id: int, payload: BookingIn = None):
    """Book a place (for myself, or a household member: name and age) and get a queue
    number. Booking the same person in another slot moves them (until the day before);
    repeating it returns the booking."""
    event = _service_day(event_id)
    slot = rules.slot_of(event, slot_id)
    payload = payload or BookingIn()
    booking = rules.book(event, slot, request.auth, payload.member_name, payload.member_age)
    return _booking_data(booking, timezone.now())


@router.delete(
    "/{int:event_id}/slots/{int:slot_id}/booking/",
    response={200: MyBookingOut, **error_responses(401, 404, 409)},
    auth=resident_auth,
)
def cancel(request, event_id: int, slot_id: int, query: Query[CancelQuery]):
    """Cancel my booking in this slot (or the named household member's), until the
    day before."""
    event = _service_day(event_id)
    slot = rules.slot_of(event, slot_id)
    booking = rules.cancel(event, slot, request.auth, query.member_name)
    return _booking_data(booking, timezone.now())


@router.post(
    "/{int:event_id}/slots/check-in/",
    response={200: CheckInOut, **error_responses(401, 403, 404)},
    auth=resident_auth,
    url_name="slot_check_in",
)
def check_in(request, event_id: int, payload: CheckInIn):
    """Kader, leaders and staff: mark the person with this queue number as arrived.
    Repeating it is harmless."""
    event = get_object_or_404(EventPage.objects.select_related("organising_group"), pk=event_id)
    booking = rules.check_in(event, payload.queue_number, request.auth)
    return {
        "queue_number": booking.queue_number,
        "name": booking.person_name,
        "slot_id": booking.slot_id,
        "checked_in_at": booking.checked_in_at,
    }
