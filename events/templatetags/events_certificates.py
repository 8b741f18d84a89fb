"""Template tags for the certificate and service-day parts of "Kegiatan saya" and the
event page (so those templates need only a one-line include)."""

from django import template
from django.db.models import F
from django.utils import timezone

from events.certificates import mine
from events.models import SlotBooking

register = template.Library()


@register.simple_tag
def my_certificates(user):
    """The resident's certificates, newest first (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(mine(user))


@register.simple_tag
def my_slot_bookings(user):
    """The resident's upcoming service-day bookings, soonest first (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        SlotBooking.objects.active()
        .filter(booked_by=user, slot__ends_at__gte=timezone.now())
        # The event's title only, not its whole page row.
        .select_related("slot", "booked_by")
        .annotate(event_title=F("event__title"))
        .order_by("slot__starts_at", "queue_number")
    )
