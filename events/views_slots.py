"""HTML views for service-day slots. Thin: rules live in events.slots."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from community.consent import ConsentRequiredError
from config.errors import DomainError
from events import slots as rules
from events.models import EventPage, SlotBooking


def _service_day(event_id, live_only=True):
    queryset = EventPage.objects.live().public() if live_only else EventPage.objects.all()
    event = get_object_or_404(
        queryset.select_related("organising_group").prefetch_related("sessions"), pk=event_id
    )
    if not rules.is_service_day(event):
        raise Http404
    return event


def slots_page(request, event_id):
    """Residents: the day's slots with places left; book for oneself or a household
    member; see, change or cancel one's bookings."""
    event = _service_day(event_id)
    errors = {}
    typed = {}
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        typed = {
            "slot": request.POST.get("slot", ""),
            "member_name": request.POST.get("member_name", ""),
            "member_age": request.POST.get("member_age", ""),
            "who": request.POST.get("who", "self"),
        }
        if typed["who"] == "self":
            typed["member_name"], typed["member_age"] = "", ""
        try:
            if not typed["slot"]:
                raise DomainError(_("Choose a time."), "slot_required", 422)
            slot = rules.slot_of(event, typed["slot"])
            booking = rules.book(
                event, slot, request.user, typed["member_name"], typed["member_age"] or None
            )
        except ConsentRequiredError as error:  # as for enrolling (events.views.enroll_view)
            messages.warning(request, error.message)
            back = reverse("events:slots", args=[event.pk])
            return redirect(f"{reverse('community:profile')}?{urlencode({'next': back})}")
        except DomainError as error:
            errors["form"] = error.message
            status = 400 if error.status < 500 else error.status
        else:
            messages.success(
                request,
                _("Booked for %(name)s: %(time)s, queue number %(n)s.")
                % {
                    "name": booking.person_name,
                    "time": str(booking.slot),
                    "n": booking.queue_number,
                },
            )
            return redirect("events:slots", event_id=event.pk)
    now = timezone.now()
    slots = list(rules.slots_of(event).upcoming(now))  # a slot that has begun is gone
    bookings = list(rules.bookings_of(event, request.user))
    for booking in bookings:
        booking.can_change = not rules.change_deadline_passed(booking.slot, now)
    return render(
        request,
        "events/slots.html",
        {
            "event": event,
            "slots": slots,
            "open_slots": [s for s in slots if s.has_place],
            "bookings": bookings,
            "errors": errors,
            "typed": typed,
            "can_run": rules.can_run(event, request.user),
            "now": now,
        },
        status=status,
    )


def cancel_booking(request, event_id, booking_id):
    if request.method != "POST":
        return redirect("events:slots", event_id=event_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    event = _service_day(event_id, live_only=False)
    booking = get_object_or_404(
        SlotBooking.objects.select_related("slot", "event"),
        pk=booking_id,
        event=event,
        booked_by=request.user,
    )
    try:
        rules.cancel_booking(booking, request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The booking is cancelled."))
    return redirect("events:slots", event_id=event.pk)


def queue_desk(request, event_id):
    """Kader, leaders and staff: make the slots, check people in by queue number, see
    who came and the no-shows."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    event = _service_day(event_id, live_only=False)
    try:
        rules.require_runner(event, request.user)
    except DomainError as error:
        raise PermissionDenied(error.message) from error
    errors = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "generate":
                made = rules.generate(
                    event,
                    request.user,
                    minutes=_int(request.POST.get("minutes"), 15),
                    per_slot=_int(request.POST.get("per_slot"), 6),
                )
                messages.success(request, _("%(n)s time slots made.") % {"n": len(made)})
            else:
                booking = rules.check_in(event, request.POST.get("queue_number"), request.user)
                messages.success(
                    request,
                    _("Number %(n)s, %(name)s, has arrived.")
                    % {"n": booking.queue_number, "name": booking.person_name},
                )
        except DomainError as error:
            errors[action or "check_in"] = error.message
            status = 400
        else:
            return redirect("events:queue_desk", event_id=event.pk)
    now = timezone.now()
    bookings = list(rules.queue(event))
    for booking in bookings:
        booking.no_show = booking.is_no_show(now)
    return render(
        request,
        "events/slot_queue.html",
        {
            "event": event,
            "slots": list(rules.slots_of(event)),
            "bookings": bookings,
            "counts": rules.counts(event, now),
            "errors": errors,
        },
        status=status,
    )


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
