"""Helpers for the service-day tests: a posyandu day with one session of `hours`."""

from datetime import timedelta

from django.utils import timezone

from events import slots as rules
from events.models import EventPage, EventSession
from tests.factories.events import EventPageFactory


def service_day(parent, start_in=timedelta(days=3), hours=2, **kwargs):
    fields = {
        "title": "Posyandu Balita Mawar",
        "kind": EventPage.Kind.HEALTH_SERVICE,
        "capacity": None,
        **kwargs,
    }
    event = EventPageFactory(parent=parent, **fields)
    start = timezone.now().replace(second=0, microsecond=0) + start_in
    EventSession.objects.create(
        event=event, starts_at=start, ends_at=start + timedelta(hours=hours), venue="Posyandu RW 05"
    )
    return event


def with_slots(event, by, minutes=15, per_slot=6):
    rules.generate(event, by, minutes=minutes, per_slot=per_slot)
    return list(rules.slots_of(event))
