"""Bench part for issue 16: service-day slots and certificates at city scale.

seed(ctx): every upcoming session of a health-service event is split into 15-minute
slots for 6 people, and about a third of the places are booked by residents; past
trainings grant certificates, issued (written in bulk, as the rules would leave them)
to a sample of their confirmed participants.

targets(): GET /api/events/{id}/slots/ of the service day with the most slots, and the
public certificate verification page and API.
"""

from datetime import timedelta

LABELS = {
    "api_event_slots": "GET /api/events/{id}/slots/ (service-day slots)",
    "certificate_page": "Certificate verification page /sertifikat/<id>/",
    "api_certificate": "GET /api/certificates/{id}/ (public verification)",
}

SLOT_MINUTES = 15
PER_SLOT = 6


def seed(ctx):
    from django.db.models import Count, Max, Min
    from django.utils import timezone

    from events.models import (
        Certificate,
        Enrollment,
        EventPage,
        EventSession,
        ServiceSlot,
        SlotBooking,
    )

    now = ctx.now
    event_ids = [e.pk for e in ctx.events]
    counts = {}
    with ctx.step("service-day slots and bookings"):
        days = list(
            EventPage.objects.filter(pk__in=event_ids, kind=EventPage.Kind.HEALTH_SERVICE)
            .values_list("pk", flat=True)
            .order_by("pk")
        )
        sessions = EventSession.objects.filter(event_id__in=days, ends_at__gt=now).order_by(
            "event_id", "starts_at", "pk"
        )
        slots, numbers = [], {}
        step = timedelta(minutes=SLOT_MINUTES)
        for session in sessions:
            start = session.starts_at
            while start + step <= session.ends_at:
                first = numbers.get(session.event_id, 1)
                slots.append(
                    ServiceSlot(
                        event_id=session.event_id,
                        session=session,
                        starts_at=start,
                        ends_at=start + step,
                        capacity=PER_SLOT,
                        first_number=first,
                    )
                )
                numbers[session.event_id] = first + PER_SLOT
                start += step
        slots = ServiceSlot.objects.bulk_create(slots, batch_size=5000)
        bookings, users = [], ctx.users
        taken = set()
        for n, slot in enumerate(slots):
            for seat in range(ctx.rng.randint(0, 4)):
                user = users[(n * 7 + seat * 13) % len(users)]
                member = f"anak {seat + 1}"
                if (slot.event_id, user.pk, member) in taken:
                    continue
                taken.add((slot.event_id, user.pk, member))
                bookings.append(
                    SlotBooking(
                        slot=slot,
                        event_id=slot.event_id,
                        booked_by_id=user.pk,
                        member_name=f"Anak {seat + 1}",
                        member_key=member,
                        member_age=ctx.rng.randint(0, 5),
                        queue_number=slot.first_number + seat,
                    )
                )
        SlotBooking.objects.bulk_create(bookings, batch_size=5000)
        counts.update(service_slots=len(slots), slot_bookings=len(bookings))

    with ctx.step("certificates for past trainings"):
        past_trainings = list(
            EventPage.objects.filter(pk__in=event_ids, kind=EventPage.Kind.TRAINING)
            .past(now)
            .values_list("pk", flat=True)
        )
        EventPage.objects.filter(pk__in=past_trainings).update(grants_certificate=True)
        enrollments = (
            Enrollment.objects.filter(
                event_id__in=past_trainings, status=Enrollment.Status.CONFIRMED
            )
            .select_related("user")
            .order_by("pk")[: max(int(20000 * ctx.scale), 50)]
        )
        last = {
            row["event_id"]: row
            for row in EventSession.objects.filter(event_id__in=past_trainings)
            .order_by()
            .values("event_id")
            .annotate(
                first=Min("starts_at"),
                last=Max("ends_at"),
                total=Count("pk"),
            )
        }
        titles = dict(EventPage.objects.filter(pk__in=past_trainings).values_list("pk", "title"))
        certificates = []
        for enrollment in enrollments:
            span = last.get(enrollment.event_id)
            if span is None:
                continue
            certificates.append(
                Certificate(
                    enrollment=enrollment,
                    event_id=enrollment.event_id,
                    user_id=enrollment.user_id,
                    name=enrollment.user.get_full_name(),
                    course=titles[enrollment.event_id],
                    first_date=timezone.localtime(span["first"]).date(),
                    last_date=timezone.localtime(span["last"]).date(),
                    sessions_attended=span["total"],
                    sessions_total=span["total"],
                    issuer_name="Kantor Kelurahan",
                )
            )
        Certificate.objects.bulk_create(certificates, batch_size=5000)
        counts["certificates"] = len(certificates)
    return counts


def targets():
    from django.db.models import Count

    from events.models import Certificate, EventPage

    found = []
    day = (
        EventPage.objects.live()
        .public()
        .filter(kind=EventPage.Kind.HEALTH_SERVICE)
        .annotate(n=Count("slots"))
        .filter(n__gt=0)
        .order_by("-n", "pk")
        .first()
    )
    if day is not None:
        found.append(
            {
                "name": "api_event_slots",
                "label": LABELS["api_event_slots"],
                "path": f"/api/events/{day.pk}/slots/",
                "kind": "api",
            }
        )
    certificate = Certificate.objects.order_by("pk").first()
    if certificate is not None:
        found += [
            {
                "name": "certificate_page",
                "label": LABELS["certificate_page"],
                "path": f"/sertifikat/{certificate.code}/",
                "kind": "page",
            },
            {
                "name": "api_certificate",
                "label": LABELS["api_certificate"],
                "path": f"/api/certificates/{certificate.code}/",
                "kind": "api",
            },
        ]
    return found
