"""A resident's certificates and service-day bookings for "download my data"."""

from events.models import Certificate, SlotBooking


def certificates_data(user):
    certificates = Certificate.objects.filter(user=user).order_by("issued_at")
    bookings = (
        SlotBooking.objects.filter(booked_by=user)
        .select_related("slot", "event")
        .order_by("created_at")
    )
    return {
        "certificates": [
            {
                "id": c.code,
                "event_id": c.event_id,
                "name": c.name,
                "course": c.course,
                "first_date": c.first_date,
                "last_date": c.last_date,
                "issued_at": c.issued_at,
                "revoked_at": c.revoked_at,
            }
            for c in certificates
        ],
        "service_day_bookings": [
            {
                "event_id": b.event_id,
                "event": b.event.title,
                "starts_at": b.slot.starts_at,
                "for": b.member_name or "self",
                "age": b.member_age,
                "queue_number": b.queue_number,
                "status": b.status,
                "checked_in_at": b.checked_in_at,
                "booked_at": b.created_at,
            }
            for b in bookings
        ],
    }
