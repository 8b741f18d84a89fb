"""A rush on a service day never overbooks: 200 residents, 30 places in 5 slots."""

import threading
import time

import pytest
from django.db import connection, connections
from wagtail.models import Page

from config.errors import DomainError
from events import slots as rules
from events.models import SlotBooking
from tests.events.slot_support import make_kader, service_day, with_slots
from tests.factories.events import EventIndexPageFactory, ResidentFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RESIDENTS = 200
THREADS = 40  # PostgreSQL's 100 connections are shared: 40 threads make the 200 attempts


def rush(day, slots, users):
    """Every resident tries their slot, then the others in turn (as a person would);
    "busy" is retried. Returns {user_id: booking or the last DomainError code}."""
    barrier = threading.Barrier(THREADS)
    outcome, errors = {}, []
    chunks = [users[i::THREADS] for i in range(THREADS)]

    def one(user, start):
        for k in range(len(slots)):
            slot = slots[(start + k) % len(slots)]
            for attempt in range(30):
                try:
                    return rules.book(day, slot, user)
                except DomainError as error:
                    if error.code == "busy":
                        time.sleep(0.02 * (attempt + 1))
                        continue
                    if error.code == "slot_full":
                        break
                    return error.code
        return "slot_full"

    def worker(chunk):
        try:
            barrier.wait()
            for user in chunk:
                outcome[user.pk] = one(user, user.pk % len(slots))
        except Exception as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome, errors


def test_two_hundred_residents_thirty_places_in_five_slots():
    assert connection.vendor == "postgresql"
    index = EventIndexPageFactory(parent=Page.objects.get(depth=2))
    kader = make_kader(ResidentFactory())
    day = service_day(index, hours=1)
    slots = with_slots(day, kader, minutes=12, per_slot=6)
    assert len(slots) == 5
    users = [ResidentFactory() for _ in range(RESIDENTS)]

    outcome, errors = rush(day, slots, users)

    assert errors == []
    assert len(outcome) == RESIDENTS  # every resident got an answer: none lost
    booked = [b for b in outcome.values() if isinstance(b, SlotBooking)]
    refused = [b for b in outcome.values() if not isinstance(b, SlotBooking)]
    assert len(booked) == 30
    assert set(refused) == {"slot_full"}
    rows = list(SlotBooking.objects.active().filter(event=day))
    assert len(rows) == 30
    assert sorted(r.queue_number for r in rows) == list(range(1, 31))
    for slot in rules.slots_of(day):
        assert slot.booked_count == 6
    # Each answer is the row in the database.
    assert {b.pk for b in booked} == {r.pk for r in rows}
