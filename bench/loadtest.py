"""`make loadtest`: an enrollment rush and two fault tests, over HTTP, against gunicorn on
PostgreSQL. Prints a pass/fail table; exits 1 when a check fails.

1. Rush: 300 signed-in residents enroll in one 25-seat event at once (a bounded pool of
   client threads released together) -> exactly 25 confirmed, 275 waitlisted with
   positions 1..275, no 5xx, nothing lost; the API's seats_left / waitlist_length agree.
   Then 10 confirmed residents cancel at once -> exactly the first 10 on the waitlist are
   promoted, in order, and the rest move up.
2. Redis stopped while the site runs -> pages and the API still answer (the cache
   degrades to misses). Redis is ALWAYS started again afterwards.
3. Elasticsearch unreachable (ELASTICSEARCH_URL=http://127.0.0.1:9) -> search still
   answers from the database.

Residents sign in the way the mobile app does: a few through allauth's app API
(POST /_allauth/app/v1/auth/login -> X-Session-Token), the rest with sessions created
directly in the database (the token is the session key), because 300 PBKDF2 password
checks would take minutes of the 2 shared cores and prove nothing more.

Uses its own database `balai_bench_load` (dropped and rebuilt each run, tiny data) so it
never disturbs the benchmark data. Only loopback addresses; every loop is bounded.
"""

import argparse
import json
import os
import secrets
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402

DB = "balai_bench_load"
PASSWORD = "warga-rush-2026-kuat"  # noqa: S105 - a throwaway fixture on a throwaway database
API_LOGINS = 5


class Checks:
    def __init__(self):
        self.rows = []

    def add(self, name, ok, detail=""):
        ok = None if ok is None else bool(ok)
        self.rows.append({"check": name, "ok": ok, "detail": detail})
        mark = {True: "PASS", False: "FAIL", None: "SKIP"}[ok]
        c.log(f"{mark}  {name}  {detail}")

    def table(self):
        width = max(len(row["check"]) for row in self.rows)
        lines = [f"{'check'.ljust(width)}  result  detail", "-" * (width + 40)]
        for row in self.rows:
            mark = {True: "PASS", False: "FAIL", None: "SKIP"}[row["ok"]]
            lines.append(f"{row['check'].ljust(width)}  {mark:<6}  {row['detail']}")
        return "\n".join(lines)

    @property
    def failed(self):
        return [row for row in self.rows if row["ok"] is False]

    def report(self, name):
        """Print the table, write bench/results/<name>.json, return the exit code."""
        print()
        print(self.table())
        out = c.RESULTS / f"{name}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        out.write_text(
            json.dumps({"finished_at": stamp, "git": git_rev(), "checks": self.rows}, indent=2)
            + "\n"
        )
        print(f"\n{len(self.rows) - len(self.failed)} passed, {len(self.failed)} failed")
        return 1 if self.failed else 0


def request(method, url, token=None, body=None, timeout=30):
    """(status, parsed JSON or None); never raises for an HTTP status."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["X-Session-Token"] = token
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, None


def with_retries(method, url, token, attempts=20):
    """One resident's action: retried only when the site says "busy, try again" (409
    code=busy) or the connection fails, as a client should. Returns (status, json, tries)."""
    status, data = None, None
    for attempt in range(1, attempts + 1):
        try:
            status, data = request(method, url, token)
        except OSError as exc:  # connection refused/reset under the rush
            status, data = 0, {"detail": str(exc)}
        busy = status == 409 and isinstance(data, dict) and data.get("code") == "busy"
        if status != 0 and not busy:
            return status, data, attempt
        time.sleep(min(0.05 * attempt, 0.5))
    return status, data, attempts


# --- Set-up in-process (Django) ---------------------------------------------------------------


def make_rush_event(seats):
    from django.utils import timezone

    from events.models import EventIndexPage, EventPage, EventSession

    index = EventIndexPage.objects.first()
    start = timezone.now() + timedelta(days=14)
    event = EventPage(
        title="Pelatihan Barista Gratis (uji serbuan pendaftaran)",
        slug=f"pelatihan-barista-uji-{secrets.token_hex(3)}",
        kind="training",
        category="skills_training",
        summary="Pelatihan barista gratis, kuota terbatas.",
        capacity=seats,
        audience="residents",
    )
    event.sessions.add(
        EventSession(starts_at=start, ends_at=start + timedelta(hours=3), venue="Aula Kelurahan")
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


def make_residents(count):
    """`count` verified residents; returns [(user, token)] with database sessions."""
    from importlib import import_module

    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.hashers import make_password

    User = get_user_model()
    password = make_password(PASSWORD)
    tag = secrets.token_hex(3)
    from django.utils import timezone

    now = timezone.now()
    # Residents as the rules want them: a name leaders can read and consent given
    # (community.consent), or enrolling is refused.
    users = User.objects.bulk_create(
        [
            User(
                email=f"serbu{tag}-{i:03d}@bench.balai.local",
                password=password,
                display_name=f"Warga Serbu {i:03d}",
                data_consent_at=now,
            )
            for i in range(count)
        ]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore
    out = []
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        out.append((user, session.session_key))
    return out


def listed(base, event):
    """(seats_left, waitlist_length) of `event` as GET /api/events/ lists it."""
    status, data = request("GET", f"{base}/api/events/?q=Barista&page_size=100")
    for item in (data or {}).get("results", []) if status == 200 else []:
        if item.get("id") == event.pk:
            return item.get("seats_left"), item.get("waitlist_length")
    return None, None


def db_state(event):
    from events.models import Enrollment

    rows = list(
        Enrollment.objects.filter(event=event)
        .with_position()
        .values("user_id", "status", "waitlist_position")
    )
    return {row["user_id"]: row for row in rows}


# --- The scenarios -----------------------------------------------------------------------------


def rush(base, event, residents, checks, concurrency):
    url = f"{base}/api/events/{event.pk}/enrollment/"
    gate = threading.Event()

    def one(item):
        user, token = item
        gate.wait(timeout=30)
        t0 = time.perf_counter()
        status, data, tries = with_retries("POST", url, token)
        return user.pk, status, data, tries, time.perf_counter() - t0

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(one, item) for item in residents]
        time.sleep(0.5)  # let the pool's threads park on the gate
        t0 = time.perf_counter()
        gate.set()
        results = [f.result(timeout=300) for f in futures]
        elapsed = time.perf_counter() - t0
    statuses = [r[1] for r in results]
    answers = {r[0]: r[2] or {} for r in results}
    retries = sum(r[3] - 1 for r in results)
    slowest = max(r[4] for r in results)
    server_errors = [s for s in statuses if s >= 500 or s == 0]
    ok = [s for s in statuses if s in (200, 201)]
    checks.add(
        f"rush: {len(residents)} POST enrollment, all answered 2xx",
        len(ok) == len(residents),
        f"{len(ok)} ok, statuses {sorted(set(statuses))}, {retries} busy-retries, "
        f"{elapsed:.1f} s total, slowest {slowest:.1f} s",
    )
    checks.add("rush: no 5xx", not server_errors, f"{len(server_errors)} 5xx/connection errors")
    return answers


def verify_rush(base, event, residents, answers, checks, seats):
    total = len(residents)
    waiting = total - seats
    state = db_state(event)
    confirmed = [u for u, row in state.items() if row["status"] == "confirmed"]
    waitlisted = {
        u: row["waitlist_position"] for u, row in state.items() if row["status"] == "waitlisted"
    }
    checks.add(
        f"rush: exactly {seats} confirmed (database)",
        len(confirmed) == seats,
        f"{len(confirmed)} confirmed",
    )
    checks.add(
        f"rush: {waiting} waitlisted with positions 1..{waiting} (database)",
        sorted(waitlisted.values()) == list(range(1, waiting + 1)),
        f"{len(waitlisted)} waitlisted, positions {min(waitlisted.values(), default=None)}"
        f"..{max(waitlisted.values(), default=None)}",
    )
    mine = {user.pk for user, _ in residents}
    checks.add(
        "rush: nothing lost (one enrollment per resident)",
        set(state) == mine and len(state) == total,
        f"{len(state)} enrollments for {total} residents",
    )
    said_confirmed = sum(1 for a in answers.values() if a.get("status") == "confirmed")
    said_positions = sorted(
        a.get("position") or 0 for a in answers.values() if a.get("status") == "waitlisted"
    )
    checks.add(
        "rush: API answers agree (25 confirmed, positions 1..275)",
        said_confirmed == seats and said_positions == list(range(1, waiting + 1)),
        f"{said_confirmed} answered confirmed, {len(said_positions)} answered waitlisted",
    )
    agree = all(
        (answers[u].get("status"), answers[u].get("position"))
        == (row["status"], row["waitlist_position"])
        for u, row in state.items()
        if u in answers
    )
    checks.add("rush: each answer matches the database row", agree, "")
    status, detail = request("GET", f"{base}/api/events/{event.pk}/")
    seats_left = (detail or {}).get("seats_left")
    queue = (detail or {}).get("waitlist_length")
    checks.add(
        "seats left exact after the rush (GET /api/events/{id}/)",
        status == 200 and seats_left == 0 and queue == waiting,
        f"HTTP {status}, seats_left={seats_left}, waitlist_length={queue}",
    )
    in_list = listed(base, event)
    checks.add(
        "seats left exact after the rush (GET /api/events/ listing)",
        in_list == (0, waiting),
        f"seats_left, waitlist_length = {in_list}",
    )
    shown = on_page(base, event)
    checks.add(
        "seats left exact after the rush (anonymous event page, page cache)",
        shown[:2] == (0, waiting),
        f"seats left, waiting, X-Balai-Cache = {shown}",
    )
    return waitlisted


def cancel_and_promote(base, event, residents, waitlisted_before, checks, cancel_count, seats):
    url = f"{base}/api/events/{event.pk}/enrollment/"
    state = db_state(event)
    tokens = {user.pk: token for user, token in residents}
    leaving = [u for u, row in state.items() if row["status"] == "confirmed"][:cancel_count]
    with ThreadPoolExecutor(max_workers=cancel_count) as pool:
        results = list(pool.map(lambda u: with_retries("DELETE", url, tokens[u]), leaving))
    statuses = [r[0] for r in results]
    checks.add(
        f"cancel: {cancel_count} DELETE enrollment at once, all 2xx",
        all(s in (200, 204) for s in statuses),
        f"statuses {sorted(set(statuses))}",
    )
    after = db_state(event)
    first_in_line = sorted(waitlisted_before, key=waitlisted_before.get)[:cancel_count]
    promoted = [u for u in first_in_line if after[u]["status"] == "confirmed"]
    confirmed_now = [u for u, row in after.items() if row["status"] == "confirmed"]
    checks.add(
        f"cancel: exactly the first {cancel_count} waitlisted were promoted, in order",
        len(promoted) == cancel_count
        and len(confirmed_now) == seats
        and not set(leaving) & set(confirmed_now),
        f"{len(promoted)} of positions 1..{cancel_count} promoted; {len(confirmed_now)} confirmed",
    )
    remaining = {
        u: row["waitlist_position"] for u, row in after.items() if row["status"] == "waitlisted"
    }
    moved_up = all(remaining[u] == waitlisted_before[u] - cancel_count for u in remaining)
    checks.add(
        "cancel: the rest moved up by exactly that many",
        moved_up and sorted(remaining.values()) == list(range(1, len(remaining) + 1)),
        f"{len(remaining)} still waiting",
    )
    status, detail = request("GET", f"{base}/api/events/{event.pk}/")
    checks.add(
        "seats left exact after the cancellations",
        status == 200
        and (detail or {}).get("seats_left") == 0
        and (detail or {}).get("waitlist_length") == len(remaining),
        f"seats_left={(detail or {}).get('seats_left')}, "
        f"waitlist_length={(detail or {}).get('waitlist_length')}",
    )
    in_list = listed(base, event)
    checks.add(
        "seats left exact after the cancellations (listing)",
        in_list == (0, len(remaining)),
        f"seats_left, waitlist_length = {in_list}",
    )
    shown = on_page(base, event)
    checks.add(
        "seats left exact after the cancellations (anonymous event page, page cache)",
        shown[:2] == (0, len(remaining)),
        f"seats left, waiting, X-Balai-Cache = {shown}",
    )
    # Repeating an enrollment is harmless: the same state comes back.
    someone = next(iter(remaining))
    status, data, _ = with_retries("POST", url, tokens[someone])
    checks.add(
        "repeat POST returns the current state",
        status in (200, 201) and (data or {}).get("position") == remaining[someone],
        f"HTTP {status} {data}",
    )


def on_page(base, event):
    """(seats left, people waiting, X-Balai-Cache) as the anonymous event page shows them
    (served by the page cache when it can)."""
    import re
    import urllib.request

    with urllib.request.urlopen(f"{base}{event.url}", timeout=30) as response:
        html = response.read().decode()
        cached = response.headers.get("X-Balai-Cache")
    seats = re.search(r"Sisa (\d+) tempat", html)
    waiting = re.search(r"(\d+) orang menunggu", html)
    return (
        int(seats[1]) if seats else 0,
        int(waiting[1]) if waiting else 0,
        cached,
    )


def api_logins(base, residents, checks):
    """Sign a few residents in through allauth's app API, as the mobile app does."""
    tokens, statuses = [], []
    for user, _ in residents[:API_LOGINS]:
        status, data = request(
            "POST",
            f"{base}/_allauth/app/v1/auth/login",
            body={"email": user.email, "password": PASSWORD},
        )
        statuses.append(status)
        token = ((data or {}).get("meta") or {}).get("session_token")
        if token:
            tokens.append(token)
    checks.add(
        f"allauth app login gives an X-Session-Token ({API_LOGINS} residents)",
        len(tokens) == API_LOGINS,
        f"statuses {sorted(set(statuses))}",
    )
    if len(tokens) == API_LOGINS:
        return [(user, token) for (user, _), token in zip(residents, tokens, strict=False)] + list(
            residents[API_LOGINS:]
        )
    return residents


def redis_fault(base, paths, checks, resident=None):
    """Stop Redis under the running site: pages and the API must still answer, and a
    resident must still log in (allauth's rate limit must not read the failed cache call
    as "limited": issue 10)."""
    if not c.redis_up():
        checks.add("redis down: pages still serve", None, "Redis was not running; skipped")
        return
    before = {path: c.http_get(base + path)[0] for path in paths}  # also fills the cache
    broken = sorted(path for path, status in before.items() if status != 200)
    checks.add(
        "before the fault: pages/API answer 200",
        not broken,
        f"already failing with Redis up: {broken}" if broken else f"{len(paths)} paths",
    )
    paths = [path for path in paths if path not in broken]
    stopped = c.redis_stop()
    try:
        results = []
        for path in paths:
            t0 = time.perf_counter()
            status, _ = c.http_get(base + path, timeout=30)
            results.append((path, status, time.perf_counter() - t0))
        checks.add("redis stopped", stopped, "redis-cli shutdown nosave")
        bad = [(p, s) for p, s, _ in results if s != 200]
        slowest = max(r[2] for r in results)
        checks.add(
            f"redis down: {len(paths)} pages/API answer 200",
            stopped and not bad,
            f"failures {bad}; slowest {slowest:.2f} s",
        )
        if resident is not None:
            status, data = request(
                "POST",
                f"{base}/_allauth/app/v1/auth/login",
                body={"email": resident.email, "password": PASSWORD},
            )
            token = ((data or {}).get("meta") or {}).get("session_token")
            checks.add(
                "redis down: a resident still logs in (app API)",
                stopped and status == 200 and bool(token),
                f"HTTP {status}",
            )
    finally:
        restarted = c.redis_start()
        checks.add("redis started again", restarted, "redis-server --daemonize yes ...")
    status, _ = c.http_get(base + paths[0])
    checks.add("redis back: pages serve", status == 200, f"HTTP {status}")


def search_fault(env, checks, workers):
    """A second gunicorn whose Elasticsearch is a closed port: search must still answer."""
    es_env = dict(env, ELASTICSEARCH_URL="http://127.0.0.1:9")
    log_path = Path("/tmp/balai-bench-loadtest-es.log")
    with c.Gunicorn(es_env, workers=workers, log_path=log_path) as server:
        status, raw = c.http_get(f"{server.base}/api/search/?q=pelatihan", timeout=60)
        if status == 404:
            checks.add("elasticsearch down: /api/search/ answers", None, "no /api/search/ yet")
            return
        try:
            data = json.loads(raw)
        except ValueError:
            data = {}
        count = data.get("count") if isinstance(data, dict) else None
        checks.add(
            "elasticsearch down: /api/search/?q=pelatihan answers from the database",
            status == 200 and bool(count),
            f"HTTP {status}, count={count}",
        )


def git_rev():
    import subprocess

    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=c.ROOT, capture_output=True, text=True
    )
    return result.stdout.strip() or "?"


def main(argv=None):
    parser = argparse.ArgumentParser(description="Balai enrollment rush and fault tests")
    parser.add_argument("--residents", type=int, default=300)
    parser.add_argument("--seats", type=int, default=25)
    parser.add_argument("--cancel", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=100, help="client threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--skip-faults", action="store_true")
    parser.add_argument(
        "--settings",
        default="config.settings.production",
        help="settings module for the server (e.g. an experiment in bench/experiments)",
    )
    args = parser.parse_args(argv)

    if not c.postgres_ready():
        raise SystemExit("PostgreSQL is needed at 127.0.0.1:5432 (user postgres).")
    redis_was_up = c.redis_up()
    env = c.site_env(DB, redis=True)
    if "REDIS_URL" in env:
        env["REDIS_URL"] = f"redis://{c.REDIS_HOST}:{c.REDIS_PORT}/6"
    c.log(f"rebuilding {DB} (tiny data)")
    c.create_database(DB, drop=True)
    c.manage(env, "migrate", "--noinput")
    c.run_django_script("seed_scale.py", env, "--scale", "0.01")
    if args.settings != "config.settings.production":
        env["DJANGO_SETTINGS_MODULE"] = args.settings
        env["PYTHONPATH"] = str(c.ROOT)
    c.manage(env, "collectstatic", "--noinput")

    os.environ.update(env)
    c.setup_django(DB)
    import logging

    logging.getLogger("wagtail").setLevel(logging.WARNING)
    from events.models import EventIndexPage

    checks = Checks()
    event = make_rush_event(args.seats)
    residents = make_residents(args.residents)
    c.log(f"event {event.pk} with {args.seats} seats; {len(residents)} residents signed in")
    try:
        with c.Gunicorn(
            env, workers=args.workers, log_path=Path("/tmp/balai-bench-loadtest.log")
        ) as server:
            base = server.base
            residents = api_logins(base, residents, checks)
            # Read the event first, so any cache holds the pre-rush numbers.
            before = request("GET", f"{base}/api/events/{event.pk}/")[1] or {}
            # (The very first page view creates the site's settings row, a change.)
            page_before = [on_page(base, event) for _ in range(3)][-1]
            checks.add(
                "seats left exact before the rush (anonymous event page, cached)",
                page_before == (args.seats, 0, "hit"),
                f"seats left, waiting, X-Balai-Cache = {page_before}",
            )
            checks.add(
                "seats left exact before the rush (detail and listing)",
                before.get("seats_left") == args.seats and listed(base, event) == (args.seats, 0),
                f"seats_left={before.get('seats_left')}, listing {listed(base, event)}",
            )
            answers = rush(base, event, residents, checks, args.concurrency)
            waitlisted = verify_rush(base, event, residents, answers, checks, args.seats)
            cancel_and_promote(base, event, residents, waitlisted, checks, args.cancel, args.seats)
            if not args.skip_faults:
                index = EventIndexPage.objects.first()
                paths = ["/", index.url, event.url, "/api/events/", f"/api/events/{event.pk}/"]
                redis_fault(base, paths, checks, resident=residents[-1][0])
        if not args.skip_faults:
            search_fault(env, checks, workers=2)
    finally:
        if redis_was_up and not c.redis_up():
            c.redis_start()
    return checks.report("loadtest")


if __name__ == "__main__":
    sys.exit(main())
