"""Service-day slot rules, in one place: generate slots, book, change, cancel, check in.

Booking uses the same locking as enrollment (events/enrollment.py): one durable
transaction, the slot's row locked (``SELECT ... FOR UPDATE``), the places re-counted
under the lock, a lock timeout answered with 409 "busy". A rush never overbooks a slot.

Queue numbers follow the clock: slot k of a day holds the numbers
first_number .. first_number + capacity - 1, and a booking takes the lowest free one.
Residents change or cancel until the day before (Asia/Jakarta); booking a free place
stays possible until the slot starts.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from community import assisted
from community.consent import require_consent
from community.roles import is_kader, is_staff
from config.errors import DomainError, NotFoundError, PermissionDeniedError
from events.enrollment import can_manage
from events.models import EventPage, EventSession, ServiceSlot, SlotBooking

logger = logging.getLogger("balai.events")

LOCK_TIMEOUT = "5s"
MAX_AGE = 120
MAX_PEOPLE_PER_RESIDENT = 6
MAX_SLOTS_PER_EVENT = 400


# --- Who -------------------------------------------------------------------------------


def can_run(event, user):
    """Staff, the organising group's leaders and the kader of the event's area run a
    service day: generate slots, see the queue, check people in. A kader's area is the
    one rule of community.assisted (their area and every area inside it), so a kader of
    RW 03 cannot check people in at RW 05's posyandu."""
    if can_manage(event, user) or is_staff(user):
        return True
    return (
        is_kader(user) and user.home_area_id is not None and assisted.in_area(user, event.area_id)
    )


def require_runner(event, user):
    if can_run(event, user):
        return
    if is_kader(user):
        # Say why: no area yet, or the event lies outside it.
        assisted.require_kader(user)
        assisted.require_target_in_area(user, event.area_id, _("activity"))
    raise PermissionDeniedError(
        _("Only kader, the organising group's leaders and staff can do this."), "forbidden"
    )


def is_service_day(event):
    return event.kind == EventPage.Kind.HEALTH_SERVICE


# --- Reading ------------------------------------------------------------------------------


def slots_of(event):
    """The event's slots with `booked_count`, by time (one query)."""
    return ServiceSlot.objects.filter(event=event).with_booked().order_by("starts_at", "pk")


def bookings_of(event, user):
    """A resident's active bookings for this service day (self and household)."""
    if not user.is_authenticated:
        return SlotBooking.objects.none()
    return (
        SlotBooking.objects.active()
        .filter(event=event, booked_by=user)
        .select_related("slot", "booked_by")
        .order_by("queue_number")
    )


def queue(event):
    """Every active booking of the day by queue number, for the kader's desk."""
    return (
        SlotBooking.objects.active()
        .filter(event=event)
        .select_related("slot", "booked_by")
        .order_by("queue_number")
    )


@dataclass(frozen=True)
class DayCounts:
    booked: int
    checked_in: int
    no_shows: int


def counts(event, now=None):
    """Booked, checked in and no-shows (booked, not checked in, slot over) of a day."""
    active = SlotBooking.objects.active().filter(event=event)
    return DayCounts(
        booked=active.count(),
        checked_in=active.filter(checked_in_at__isnull=False).count(),
        no_shows=active.no_shows(now).count(),
    )


def change_deadline_passed(slot, now=None):
    """Residents change or cancel until the day before the slot (local time)."""
    today = timezone.localdate(now or timezone.now())
    return timezone.localtime(slot.starts_at).date() <= today


# --- Generating slots ----------------------------------------------------------------------


def generate(event, by, minutes=15, per_slot=6):
    """Split each session of a service day into slots of `minutes` for `per_slot`
    people (sessions still to come). Replaces the slots while nobody has booked;
    refuses once bookings exist."""
    require_runner(event, by)
    return make_slots(event, minutes, per_slot)


def make_slots(event, minutes=15, per_slot=6):
    """`generate` without the permission check (the demo, management scripts)."""
    if not is_service_day(event):
        raise DomainError(_("Time slots are only for health service days."), "not_service_day", 409)
    if not (5 <= minutes <= 240):
        raise DomainError(_("A slot lasts between 5 and 240 minutes."), "invalid_minutes", 422)
    if not (1 <= per_slot <= 100):
        raise DomainError(_("A slot holds between 1 and 100 people."), "invalid_capacity", 422)
    with transaction.atomic():
        EventPage.objects.select_for_update(of=("self",)).filter(pk=event.pk).first()
        now = timezone.now()
        # Slots still to come are remade; past ones stay (their queue and no-shows).
        coming = ServiceSlot.objects.filter(event=event, ends_at__gt=now)
        if SlotBooking.objects.active().filter(slot__in=coming).exists():
            raise DomainError(
                _("Residents have already booked slots: cancel their bookings first."),
                "slots_booked",
                409,
            )
        coming.delete()
        # Queue numbers stay unique within the event: continue after the kept slots.
        kept = ServiceSlot.objects.filter(event=event).aggregate(
            end=Max(F("first_number") + F("capacity"))
        )["end"]
        step = timedelta(minutes=minutes)
        rows, number = [], kept or 1
        upcoming = event.sessions.filter(ends_at__gt=now)
        if not upcoming.exists():
            raise DomainError(
                _("This service day has no session still to come."), "no_sessions", 422
            )
        for session in upcoming.order_by("starts_at", "pk"):
            start = session.starts_at
            while start + step <= session.ends_at and len(rows) < MAX_SLOTS_PER_EVENT:
                if start + step <= now:  # already over (it was kept, or never made)
                    start += step
                    continue
                rows.append(
                    ServiceSlot(
                        event=event,
                        session=session,
                        starts_at=start,
                        ends_at=start + step,
                        capacity=per_slot,
                        first_number=number,
                    )
                )
                number += per_slot
                start += step
        if not rows:
            raise DomainError(
                _("The sessions are too short for slots of this length."), "no_slots", 422
            )
        return ServiceSlot.objects.bulk_create(rows)


# --- Booking -------------------------------------------------------------------------------------


def clean_member(name, age):
    """('', None) for the resident themself, or the household member's (name, age).
    Raises DomainError with a clear message for a bad name or age."""
    name = " ".join(str(name or "").split())
    if not name.isprintable():
        raise DomainError(
            _("The name contains characters that are not allowed."), "invalid_name", 422
        )
    if not name:
        if age not in (None, ""):
            raise DomainError(
                _("Give the household member's name as well as their age."), "invalid_member", 422
            )
        return "", None
    if len(name) > 100:
        raise DomainError(_("The name is too long (100 characters at most)."), "invalid_name", 422)
    try:
        age = int(age)
    except (TypeError, ValueError):
        raise DomainError(
            _("Give the household member's age in years (0 to 120)."), "invalid_age", 422
        ) from None
    if not 0 <= age <= MAX_AGE:
        raise DomainError(_("The age must be between 0 and 120 years."), "invalid_age", 422)
    return name, age


def _lock(slot_ids):
    """Lock the slots' rows (in id order, so two changes never deadlock)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    locked = {
        s.pk: s
        for s in ServiceSlot.objects.select_for_update()
        .filter(pk__in=sorted(set(slot_ids)))
        .select_related("event")
        .order_by("pk")
    }
    return locked


def _busy_error():
    return DomainError(
        _("Many people are booking right now. Please try again in a moment."), "busy", 409
    )


def slot_of(event, slot_id):
    try:
        return ServiceSlot.objects.select_related("event").get(pk=int(slot_id), event=event)
    except (ServiceSlot.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFoundError(_("Time slot not found."), "not_found") from None


def _booking_problem(event, slot, now):
    if not is_service_day(event):
        return DomainError(
            _("Time slots are only for health service days."), "not_service_day", 409
        )
    if event.is_cancelled:
        return DomainError(_("This activity has been cancelled."), "event_cancelled", 409)
    if slot.is_past(now):
        return DomainError(
            _("This time slot has already passed. Choose a later one."), "slot_past", 409
        )
    return None


def _free_number(slot):
    taken = set(
        SlotBooking.objects.active().filter(slot=slot).values_list("queue_number", flat=True)
    )
    for number in range(slot.first_number, slot.first_number + slot.capacity):
        if number not in taken:
            return number
    return None


def _full_error():
    return DomainError(_("This time slot is full. Choose another time."), "slot_full", 409)


def book(event, slot, user, member_name="", member_age=None):
    """Book a place in `slot` for `user` (or a household member: name and age). Booking
    the same person again moves them to this slot (a change, allowed until the day
    before); booking the slot they already hold returns it. Returns the SlotBooking."""
    if not user.is_authenticated:
        raise DomainError(_("Please log in first."), "not_authenticated", 401)
    # The kader at the queue desk sees the names (the resident's and the household's):
    # the same consent as enrolling or joining a group.
    require_consent(user)
    name, age = clean_member(member_name, member_age)
    key = name.lower()
    now = timezone.now()
    slot_id = slot.pk
    try:
        with transaction.atomic(durable=True):
            existing = (
                SlotBooking.objects.active()
                .filter(event=event, booked_by=user, member_key=key)
                .first()
            )
            ids = [slot.pk] + ([existing.slot_id] if existing else [])
            locked = _lock(ids)
            slot = locked.get(slot.pk)
            if slot is None or slot.event_id != event.pk:
                raise NotFoundError(_("Time slot not found."), "not_found")
            # Re-read under the lock: a parallel request may have changed it.
            existing = (
                SlotBooking.objects.active()
                .filter(event=event, booked_by=user, member_key=key)
                .select_related("slot")
                .first()
            )
            if existing is not None and existing.slot_id == slot.pk:
                return existing
            problem = _booking_problem(event, slot, now)
            if problem:
                raise problem
            if existing is not None and change_deadline_passed(existing.slot, now):
                raise DomainError(
                    _("Bookings can only be changed until the day before."),
                    "too_late_to_change",
                    409,
                )
            if existing is None:
                people = SlotBooking.objects.active().filter(event=event, booked_by=user).count()
                if people >= MAX_PEOPLE_PER_RESIDENT:
                    raise DomainError(
                        _("You can book for at most %(n)s people on one service day.")
                        % {"n": MAX_PEOPLE_PER_RESIDENT},
                        "too_many_people",
                        409,
                    )
            number = _free_number(slot)
            if number is None:
                raise _full_error()
            if existing is not None:
                existing.status = SlotBooking.Status.CANCELLED
                existing.save(update_fields=["status", "updated_at"])
            return SlotBooking.objects.create(
                slot=slot,
                event=event,
                booked_by=user,
                member_name=name,
                member_key=key,
                member_age=age,
                queue_number=number,
            )
    except (OperationalError, IntegrityError) as exc:
        # A lock timeout, or a parallel change of the same person's booking.
        logger.warning("book: lock timeout or conflict on slot %s: %s", slot_id, exc)
        raise _busy_error() from exc


def cancel(event, slot, user, member_name=""):
    """Cancel the booking `user` holds in `slot` (for themself, or the named household
    member), until the day before."""
    if not user.is_authenticated:
        raise DomainError(_("Please log in first."), "not_authenticated", 401)
    key = " ".join(str(member_name or "").split()).lower()
    if not key.isprintable():
        raise DomainError(_("You have no booking in this time slot."), "not_booked", 409)
    slot_id = slot.pk
    try:
        with transaction.atomic(durable=True):
            slot = _lock([slot.pk]).get(slot.pk)
            booking = (
                SlotBooking.objects.active()
                .filter(event=event, slot=slot, booked_by=user, member_key=key)
                .first()
                if slot is not None
                else None
            )
            if booking is None:
                raise DomainError(_("You have no booking in this time slot."), "not_booked", 409)
            if change_deadline_passed(slot):
                raise DomainError(
                    _("Bookings can only be cancelled until the day before."),
                    "too_late_to_change",
                    409,
                )
            booking.status = SlotBooking.Status.CANCELLED
            booking.save(update_fields=["status", "updated_at"])
            return booking
    except OperationalError as exc:
        logger.warning("cancel booking: lock timeout on slot %s: %s", slot_id, exc)
        raise _busy_error() from exc


def cancel_booking(booking, user):
    """Cancel one of `user`'s bookings by its id (the HTML list of "my bookings")."""
    if booking.booked_by_id != user.pk:
        raise NotFoundError(_("Booking not found."), "not_found")
    return cancel(booking.event, booking.slot, user, booking.member_name)


# --- When the editor moves or removes a session -------------------------------------------


def remember_previous_start(session):
    """Before a session row is saved: its start as stored, for `follow_session`."""
    session._previous_starts_at = (
        EventSession.objects.filter(pk=session.pk).values_list("starts_at", flat=True).first()
        if session.pk
        else None
    )


def follow_session(session):
    """After a session was saved with another start (the editor published a new time):
    its slots move by the same amount, keeping their queue numbers, and every resident
    with a booking there is e-mailed the new times. Returns the residents told."""
    previous = getattr(session, "_previous_starts_at", None)
    if previous is None or previous == session.starts_at:
        return []
    delta = session.starts_at - previous
    moved = ServiceSlot.objects.filter(session=session).update(
        starts_at=F("starts_at") + delta, ends_at=F("ends_at") + delta
    )
    if not moved:
        return []
    return _tell_booked(session.event_id, _active_bookings(session), "slot_moved")


def forget_session(session):
    """Before a session is deleted (its slots and bookings go with it): tell every
    resident booked there that their booking is cancelled."""
    return _tell_booked(session.event_id, _active_bookings(session), "slot_removed")


def _active_bookings(session):
    return (
        SlotBooking.objects.active()
        .filter(slot__session=session)
        .select_related("slot", "booked_by")
        .order_by("slot__starts_at", "queue_number")
    )


def _tell_booked(event_id, bookings, kind):
    """One e-mail per resident, queued after the commit, listing their people with the
    time and queue number as they are now (the rows may be gone when the mail is sent)."""
    from events.tasks import send_slot_mail

    per_resident = {}
    for booking in bookings:
        per_resident.setdefault(booking.booked_by_id, []).append(
            {
                "person": booking.person_name,
                "starts_at": booking.slot.starts_at.isoformat(),
                "queue_number": booking.queue_number,
            }
        )
    for user_id, lines in per_resident.items():
        transaction.on_commit(
            lambda user_id=user_id, lines=lines: send_slot_mail.enqueue(
                kind, event_id, user_id, lines
            )
        )
    return sorted(per_resident)


# --- Check-in ------------------------------------------------------------------------


def check_in(event, queue_number, by):
    """The kader's desk: mark the person with this queue number as arrived."""
    require_runner(event, by)
    try:
        number = int(str(queue_number).strip())
    except (TypeError, ValueError):
        raise DomainError(_("Enter a queue number."), "invalid_number", 422) from None
    booking = (
        SlotBooking.objects.active()
        .filter(event=event, queue_number=number)
        .select_related("slot", "booked_by")
        .first()
    )
    if booking is None:
        raise DomainError(
            _("Nobody has queue number %(n)s for this service day.") % {"n": number},
            "unknown_number",
            404,
        )
    if booking.checked_in_at is None:
        SlotBooking.objects.filter(pk=booking.pk, checked_in_at__isnull=True).update(
            checked_in_at=timezone.now(), checked_in_by=by
        )
        booking.refresh_from_db()
    return booking
