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

RESIDENTS = 200
THREADS = 40  # PostgreSQL's 100 connections are shared: 40 threads make the 200 attempts
ATTEMPTS = 30  # "busy" (lock timeout) retries per slot
# Still "busy" after every retry: a stuck lock, never to be counted as a full slot.
BUSY_EXHAUSTED = "busy_exhausted"


def try_slots(day, slots, user, start, book=rules.book):
    """One resident: their slot, then the others in turn (as a person would); "busy" is
    retried. Returns the booking, "slot_full" when every slot said so, BUSY_EXHAUSTED as
    soon as one slot stays busy through every retry, or another DomainError's code."""
    for k in range(len(slots)):
        slot = slots[(start + k) % len(slots)]
        for attempt in range(ATTEMPTS):
            try:
                return book(day, slot, user)
            except DomainError as error:
                if error.code == "busy":
                    time.sleep(0.02 * (attempt + 1))
                    continue
                if error.code == "slot_full":
                    break
                return error.code
        else:
            return BUSY_EXHAUSTED
    return "slot_full"


def rush(day, slots, users):
    """Every resident tries the slots (`try_slots`). Returns {user_id: booking or the
    last DomainError code}, and the exceptions raised in the threads."""
    barrier = threading.Barrier(THREADS)
    outcome, errors = {}, []
    chunks = [users[i::THREADS] for i in range(THREADS)]

    def worker(chunk):
        try:
            barrier.wait()
            for user in chunk:
                outcome[user.pk] = try_slots(day, slots, user, user.pk % len(slots))
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


def test_a_slot_that_stays_busy_is_not_counted_as_full(monkeypatch):
    """The rush's bookkeeping: a lock that never frees is reported, not taken for "full"."""
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    tries = []

    def always_busy(day, slot, user):
        tries.append(slot)
        raise DomainError("busy", "busy", 409)

    def full_then_busy(day, slot, user):
        tries.append(slot)
        raise DomainError("full", "slot_full" if slot == "a" else "busy", 409)

    assert try_slots(None, ["a", "b"], None, 0, book=always_busy) == BUSY_EXHAUSTED
    assert tries == ["a"] * ATTEMPTS  # stops at the stuck slot, does not move on
    tries.clear()
    assert try_slots(None, ["a", "b"], None, 0, book=full_then_busy) == BUSY_EXHAUSTED
    assert tries == ["a"] + ["b"] * ATTEMPTS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
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
    stuck = [b for b in refused if b == BUSY_EXHAUSTED]
    assert stuck == [], f"{len(stuck)} residents still 'busy' after {ATTEMPTS} retries"
    assert len(booked) == 30
    assert set(refused) == {"slot_full"}
    rows = list(SlotBooking.objects.active().filter(event=day))
    assert len(rows) == 30
    assert sorted(r.queue_number for r in rows) == list(range(1, 31))
    for slot in rules.slots_of(day):
        assert slot.booked_count == 6
    # Each answer is the row in the database.
    assert {b.pk for b in booked} == {r.pk for r in rows}
