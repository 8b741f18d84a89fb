"""Helpers for the service-day tests: a posyandu day with one session of `hours`."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from events import slots as rules
from events.models import EventPage, EventSession
from pages.models import Area
from tests.factories.events import EventPageFactory


def posyandu_area():
    """The RW where the test posyandu days are held and their kader live."""
    area, _ = Area.objects.get_or_create(
        slug="rw-05-uji", defaults={"name": "RW 05", "level": Area.Level.RW}
    )
    return area


def make_kader(user):
    """`user` as a kader of the posyandu's RW (a kader runs only their area's days)."""
    user.groups.add(Group.objects.get(name="Kader"))
    user.home_area = posyandu_area()
    user.save(update_fields=["home_area"])
    return user


def service_day(parent, start_in=timedelta(days=3), hours=2, **kwargs):
    fields = {
        "title": "Posyandu Balita Mawar",
        "kind": EventPage.Kind.HEALTH_SERVICE,
        "capacity": None,
        "area": posyandu_area(),
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
