"""Why is an endpoint slow? In-process, on the benchmark database:

    .venv/bin/python bench/profile.py /api/events/            # queries + EXPLAIN + profile
    .venv/bin/python bench/profile.py /api/events/ -n 20 --no-explain
    .venv/bin/python bench/profile.py --target group_page_leader   # a bench target, signed in

Prints each query of one warm request with its time, EXPLAIN ANALYZE of the slowest
ones (PostgreSQL), and a pyinstrument call tree of -n further requests. Uses the same
environment as bench/run.py (production settings, DATABASE_URL of balai_bench).
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import setup_django  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description="Profile one URL in-process")
    parser.add_argument("path", nargs="?")
    parser.add_argument(
        "--target",
        help="a bench/probe.py target by name (its path, and its session cookie for the "
        "signed-in ones: my_enrollments, event_page_signed_in, group_page_leader)",
    )
    parser.add_argument("-n", type=int, default=10, help="requests to profile")
    parser.add_argument("--no-explain", action="store_true")
    parser.add_argument("--explain-top", type=int, default=2)
    parser.add_argument(
        "--cache",
        action="store_true",
        help="let Balai's caches answer (default: bump the content version before each "
        "request, to see what a miss costs)",
    )
    args = parser.parse_args(argv)

    setup_django()
    import logging

    logging.disable(logging.WARNING)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from config import content_version

    headers = {}
    if args.target:
        from probe import targets

        target = next((t for t in targets() if t["name"] == args.target), None)
        if target is None:
            parser.error(f"no bench target named {args.target}")
        args.path = target["path"]
        if target.get("cookie"):
            headers["HTTP_COOKIE"] = target["cookie"]
    elif not args.path:
        parser.error("give a path or --target")

    def get(path):
        if not args.cache:
            content_version.bump()  # Balai's caches miss; Wagtail's own caches stay warm
        return client.get(path, **headers)

    client = Client(HTTP_HOST="127.0.0.1")
    first = get(args.path)  # warm
    print(f"first request: X-Balai-Cache {first.get('X-Balai-Cache', '-')}")
    with CaptureQueriesContext(connection) as captured:
        t0 = time.perf_counter()
        response = get(args.path)
        elapsed = time.perf_counter() - t0
    queries = captured.captured_queries
    db_ms = sum(float(q["time"]) for q in queries) * 1000
    print(f"{args.path}: HTTP {response.status_code}, {len(response.content):,} bytes")
    print(f"one warm request: {elapsed * 1000:.1f} ms, {len(queries)} queries, {db_ms:.1f} ms SQL")
    for q in queries:
        print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:150]}")

    if not args.no_explain and connection.vendor == "postgresql":
        slowest = sorted(queries, key=lambda q: float(q["time"]), reverse=True)
        for q in slowest[: args.explain_top]:
            print(f"\nEXPLAIN ANALYZE ({float(q['time']) * 1000:.1f} ms):")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                for (line,) in cursor.fetchall()[:40]:
                    print("  " + line)

    if args.n <= 0:
        return 0
    try:
        from pyinstrument import Profiler
    except ImportError:
        return cprofile(get, args.path, args.n)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.n):
        get(args.path)
    profiler.stop()
    print(profiler.output_text(unicode=False, color=False, short_mode=True))
    return 0


def cprofile(get, path, n):
    """Without pyinstrument: the standard library's profiler, the top functions by
    cumulative and by own time."""
    # This script's own name shadows the standard library's `profile` module.
    here = str(Path(__file__).resolve().parent)
    saved = sys.path[:]
    sys.path[:] = [p for p in sys.path if p not in ("", here)]
    sys.modules.pop("profile", None)
    try:
        import cProfile
        import pstats
    finally:
        sys.path[:] = saved

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        get(path)
    profiler.disable()
    print(f"\ncProfile of {n} requests (pip install pyinstrument for a call tree):")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
