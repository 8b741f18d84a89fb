"""Why is an endpoint slow? In-process, on the benchmark database:

    .venv/bin/python bench/profile.py /api/events/            # queries + EXPLAIN + profile
    .venv/bin/python bench/profile.py /api/events/ -n 20 --no-explain

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
    parser.add_argument("path")
    parser.add_argument("-n", type=int, default=10, help="requests to profile")
    parser.add_argument("--no-explain", action="store_true")
    parser.add_argument("--explain-top", type=int, default=2)
    args = parser.parse_args(argv)

    setup_django()
    import logging

    logging.disable(logging.WARNING)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(args.path)  # warm
    with CaptureQueriesContext(connection) as captured:
        t0 = time.perf_counter()
        response = client.get(args.path)
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

    try:
        from pyinstrument import Profiler
    except ImportError:
        print("\n(pip install pyinstrument for a call tree)")
        return 0
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.n):
        client.get(args.path)
    profiler.stop()
    print(profiler.output_text(unicode=False, color=False, short_mode=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
