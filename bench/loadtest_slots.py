"""`make loadtest` (second part): a service-day booking rush over HTTP, against gunicorn
on PostgreSQL. Prints a pass/fail table; exits 1 when a check fails.

200 signed-in residents book at once for a posyandu day with 5 slots of 6 places (30
places): each tries "their" slot first, then the next ones, as a person would; "busy"
(409 code=busy) and dropped connections are retried. Then:

- exactly 30 bookings in the database, 6 per slot, queue numbers 1..30 once each;
- every resident got an answer (booked, or 409 slot_full), none lost, no 5xx;
- each answer matches the database row; GET /api/events/{id}/slots/ shows no place left;
- bad input answers a clear Indonesian error: a household member aged 200 (422), a
  slot already over (409), a full slot (409).

Uses its own database `balai_bench_slots` (dropped and rebuilt each run, tiny data).
Only loopback addresses; every loop is bounded. Shares its plumbing with
bench/loadtest.py (Checks, request, make_residents).
"""

import argparse
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402
from loadtest import Checks, make_residents, request  # noqa: E402

DB = "balai_bench_slots"


def make_service_day(slots, per_slot):
    """A posyandu day in a week: one session split into `slots` slots of `per_slot`."""
    import secrets

    from django.utils import timezone

    from events import slots as rules
    from events.models import EventIndexPage, EventPage, EventSession

    index = EventIndexPage.objects.first()
    start = (timezone.now() + timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
    event = EventPage(
        title="Posyandu Balita (uji serbuan pemesanan waktu)",
        slug=f"posyandu-uji-serbuan-{secrets.token_hex(3)}",
        kind=EventPage.Kind.HEALTH_SERVICE,
        category="health",
        summary="Penimbangan dan imunisasi balita, dengan nomor antrean.",
        capacity=None,
    )
    event.sessions.add(
        EventSession(
            starts_at=start, ends_at=start + timedelta(minutes=15 * slots), venue="Posyandu"
        )
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    made = rules.make_slots(event, minutes=15, per_slot=per_slot)
    # A slot that is already over, for the bad-input check.
    over = EventPage(
        title="Posyandu kemarin (uji)",
        slug=f"posyandu-kemarin-uji-{secrets.token_hex(3)}",
        kind=EventPage.Kind.HEALTH_SERVICE,
        summary="Sudah lewat.",
    )
    began = timezone.now() - timedelta(minutes=20)
    over.sessions.add(
        EventSession(starts_at=began, ends_at=began + timedelta(hours=1), venue="Posyandu")
    )
    index.add_child(instance=over)
    over.save_revision().publish()
    from events.models import ServiceSlot

    past = ServiceSlot.objects.create(
        event=over,
        session=over.sessions.get(),
        starts_at=began,
        ends_at=began + timedelta(minutes=15),
        capacity=6,
        first_number=1,
    )
    return event, made, over, past


def book_with_retries(base, event, slot_ids, start, token, attempts=20):
    """One resident: their slot first, then the next ones. Returns (status, json, tries)."""
    tries = 0
    status, data = None, None
    for k in range(len(slot_ids)):
        slot_id = slot_ids[(start + k) % len(slot_ids)]
        url = f"{base}/api/events/{event.pk}/slots/{slot_id}/booking/"
        for attempt in range(1, attempts + 1):
            tries += 1
            try:
                status, data = request("POST", url, token, body={})
            except OSError as exc:  # connection refused/reset under the rush
                status, data = 0, {"detail": str(exc)}
            code = data.get("code") if isinstance(data, dict) else None
            if status == 0 or (status == 409 and code == "busy"):
                time.sleep(min(0.05 * attempt, 0.5))
                continue
            break
        if not (status == 409 and isinstance(data, dict) and data.get("code") == "slot_full"):
            return status, data, tries
    return status, data, tries


def rush(base, event, slot_ids, residents, checks, concurrency):
    gate = threading.Event()

    def one(item):
        n, (user, token) = item
        gate.wait(timeout=30)
        status, data, tries = book_with_retries(base, event, slot_ids, n % len(slot_ids), token)
        return user.pk, status, data, tries

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(one, item) for item in enumerate(residents)]
        time.sleep(0.5)  # let the pool's threads park on the gate
        t0 = time.perf_counter()
        gate.set()
        results = [f.result(timeout=300) for f in futures]
        elapsed = time.perf_counter() - t0
    statuses = [r[1] for r in results]
    server_errors = [s for s in statuses if s >= 500 or s == 0]
    booked = [r for r in results if r[1] == 200]
    full = [r for r in results if r[1] == 409 and (r[2] or {}).get("code") == "slot_full"]
    checks.add(
        f"rush: {len(residents)} POST booking, each answered (booked or slot_full)",
        len(booked) + len(full) == len(residents),
        f"{len(booked)} booked, {len(full)} full, statuses {sorted(set(statuses))}, "
        f"{sum(r[3] for r in results) - len(results)} further attempts (next slot or busy), "
        f"{elapsed:.1f} s",
    )
    checks.add("rush: no 5xx", not server_errors, f"{len(server_errors)} 5xx/connection errors")
    return {r[0]: r[2] for r in booked}


def verify(base, event, slots, answers, checks, places):
    from events.models import SlotBooking

    rows = list(SlotBooking.objects.active().filter(event=event))
    checks.add(
        f"rush: exactly {places} booked (database)", len(rows) == places, f"{len(rows)} booked"
    )
    checks.add(
        f"rush: queue numbers 1..{places}, once each",
        sorted(r.queue_number for r in rows) == list(range(1, places + 1)),
        "",
    )
    per_slot = {s.pk: 0 for s in slots}
    for row in rows:
        per_slot[row.slot_id] += 1
    checks.add(
        "rush: no slot overbooked",
        all(n <= s.capacity for s, n in zip(slots, per_slot.values(), strict=True)),
        f"per slot {sorted(per_slot.values())}",
    )
    by_user = {r.booked_by_id: r for r in rows}
    agree = set(answers) == set(by_user) and all(
        answers[u].get("queue_number") == by_user[u].queue_number for u in answers
    )
    checks.add("rush: each answer matches the database row", agree, f"{len(answers)} answers")
    status, data = request("GET", f"{base}/api/events/{event.pk}/slots/")
    left = [s.get("places_left") for s in (data or {}).get("slots", [])]
    checks.add(
        "GET /api/events/{id}/slots/ after the rush: no place left",
        status == 200 and left and all(n == 0 for n in left),
        f"HTTP {status}, places_left {left}",
    )


def bad_input(base, event, slots, over, past, token, checks):
    url = f"{base}/api/events/{event.pk}/slots/{slots[0].pk}/booking/"
    status, data = request("POST", url, token, body={"member_name": "Kakek", "member_age": 200})
    checks.add(
        "bad input: a household member aged 200 -> 422 in Indonesian",
        status == 422 and (data or {}).get("detail") == "Umur harus antara 0 dan 120 tahun.",
        f"HTTP {status} {data}",
    )
    status, data = request("POST", url, token, body={"member_name": "Adik", "member_age": 1})
    checks.add(
        "bad input: a full slot -> 409 slot_full",
        status == 409 and (data or {}).get("code") == "slot_full",
        f"HTTP {status} {data}",
    )
    url = f"{base}/api/events/{over.pk}/slots/{past.pk}/booking/"
    status, data = request("POST", url, token, body={})
    checks.add(
        "bad input: a slot already over -> 409 slot_past",
        status == 409 and (data or {}).get("code") == "slot_past",
        f"HTTP {status} {data}",
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description="Balai service-day booking rush")
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--slots", type=int, default=5)
    parser.add_argument("--per-slot", type=int, default=6)
    parser.add_argument("--concurrency", type=int, default=100, help="client threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    args = parser.parse_args(argv)

    if not c.postgres_ready():
        raise SystemExit("PostgreSQL is needed at 127.0.0.1:5432 (user postgres).")
    env = c.site_env(DB, redis=False)
    c.log(f"rebuilding {DB} (tiny data)")
    c.create_database(DB, drop=True)
    c.manage(env, "migrate", "--noinput")
    c.run_django_script("seed_scale.py", env, "--scale", "0.01")
    c.manage(env, "collectstatic", "--noinput")

    import os

    os.environ.update(env)
    c.setup_django(DB)
    import logging

    logging.getLogger("wagtail").setLevel(logging.WARNING)

    checks = Checks()
    event, slots, over, past = make_service_day(args.slots, args.per_slot)
    places = args.slots * args.per_slot
    residents = make_residents(args.residents + 1)
    latecomer = residents.pop()
    c.log(
        f"service day {event.pk}: {len(slots)} slots, {places} places; {len(residents)} residents"
    )
    with c.Gunicorn(
        env, workers=args.workers, log_path=Path("/tmp/balai-bench-loadtest-slots.log")
    ) as server:
        base = server.base
        answers = rush(base, event, [s.pk for s in slots], residents, checks, args.concurrency)
        verify(base, event, slots, answers, checks, places)
        bad_input(base, event, slots, over, past, latecomer[1], checks)
    return checks.report("loadtest_slots")


if __name__ == "__main__":
    sys.exit(main())
