"""`make bench`: Balai under gunicorn on PostgreSQL, loaded with wrk, against two baselines
measured in the same run on the same data: Wagtail's API v2 listing of 20 event pages and
a bare Django view (/healthz, the ceiling for this stack on this machine).

    .venv/bin/python bench/run.py                 # city-sized (scale 1), 10 s per endpoint
    .venv/bin/python bench/run.py --quick         # scale 0.01, 3 s per endpoint
    .venv/bin/python bench/run.py --scale 0.1 --duration 5 --only api_events,healthz

Steps: create/migrate the database `balai_bench`, seed it (skipped when already seeded at
that scale; `--reseed` starts over), collect static files, count queries per endpoint
in-process (bench/probe.py), start gunicorn with production settings on 127.0.0.1:<free
port>, warm each endpoint, load it for --duration seconds with wrk (or a small threaded
Python load generator when wrk is not installed and cannot be), sample each worker's
memory from /proc meanwhile, and write bench/results/latest.json and latest.md.
See bench/README.md for how to read the table.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402
from parts import labels as parts_labels  # noqa: E402

LABELS = {
    "home": "Home page",
    "program_index": "Program index",
    "event_index": "Event index",
    "event_page": "Event page",
    "group_page": "Group page",
    "group_index": "Group index",
    "api_events": "GET /api/events/",
    "api_event": "GET /api/events/{id}/",
    "api_search": "GET /api/search/?q= (random queries)",
    "search_page": "Search page /cari/?q= (random queries)",
    "api_groups": "GET /api/groups/",
    "my_enrollments": "Kegiatan saya (signed in)",
    "event_page_signed_in": "Event page (signed in, enrolled)",
    "group_page_leader": "Group page (its leader)",
    "wagtail_v2": "Wagtail API v2 (baseline)",
    "healthz": "Bare Django view (ceiling)",
}
LABELS.update(parts_labels())


# --- Load generators ---------------------------------------------------------------------


def ensure_wrk(allow_install=True):
    if shutil.which("wrk"):
        return "wrk"
    if allow_install and os.geteuid() == 0 and shutil.which("apt-get"):
        c.log("wrk not found: installing Debian's package (apt-get install wrk)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        with contextlib.suppress(Exception):
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=300)
            subprocess.run(
                ["apt-get", "install", "-y", "-qq", "wrk"],
                env=env,
                capture_output=True,
                timeout=300,
            )
    if shutil.which("wrk"):
        return "wrk"
    c.log("wrk unavailable: using the built-in threaded Python load generator")
    return "python"


def target_env(target):
    """The wrk script's environment for one target (see bench/wrk_load.lua)."""
    env = dict(os.environ)
    for key in ("BENCH_PATHS", "BENCH_METHOD", "BENCH_BODY", "BENCH_CONTENT_TYPE", "BENCH_COOKIE"):
        env.pop(key, None)
    target = target or {}
    if target.get("paths"):
        paths_file = Path(f"/tmp/balai-bench-paths-{os.getpid()}-{target['name']}.txt")
        paths_file.write_text("\n".join(target["paths"]) + "\n")
        env["BENCH_PATHS"] = str(paths_file)
    if target.get("method", "GET").upper() != "GET":
        env["BENCH_METHOD"] = target["method"].upper()
        env["BENCH_BODY"] = target.get("body", "")
        env["BENCH_CONTENT_TYPE"] = target.get("content_type", "application/json")
    if target.get("cookie"):
        env["BENCH_COOKIE"] = target["cookie"]
    return env


def run_wrk(url, duration, connections, threads, target=None):
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(c.BENCH / "wrk_load.lua"),
        url,
    ]
    out = subprocess.run(
        cmd, capture_output=True, text=True, timeout=duration + 60, env=target_env(target)
    ).stdout
    match = re.search(r"^WRKJSON (\{.*\})$", out, re.MULTILINE)
    if not match:
        raise RuntimeError(f"wrk gave no report:\n{out[-2000:]}")
    raw = json.loads(match.group(1))
    seconds = raw["duration_us"] / 1e6
    answered = raw["cache_hits"] + raw["cache_misses"]
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / seconds if seconds else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "errors": raw["connect_errors"] + raw["read_errors"] + raw["write_errors"],
        "non_2xx_3xx": raw["status_errors"],
        "timeouts": raw["timeouts"],
        "cache_hit_rate": round(raw["cache_hits"] / answered, 3) if answered else None,
    }


def run_python_load(url, duration, connections, target=None):
    """Fallback: `connections` threads, each a closed loop of requests, for `duration` s
    (GETs with the target's cookie and random paths; POSTs are left to wrk)."""
    import random

    target = target or {}
    base = url.split("/", 3)
    base = "/".join(base[:3])
    paths = target.get("paths")
    headers = {"Cookie": target["cookie"]} if target.get("cookie") else None
    latencies, failures, lock = [], [0, 0], threading.Lock()
    stop_at = time.perf_counter() + duration

    def worker():
        mine, bad, err = [], 0, 0
        while time.perf_counter() < stop_at:
            t0 = time.perf_counter()
            try:
                wanted = base + random.choice(paths) if paths else url
                status, _ = c.http_get(wanted, headers=headers, timeout=10)
                bad += status >= 400
            except Exception:  # noqa: BLE001 - counted as an error
                err += 1
                continue
            mine.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(mine)
            failures[0] += bad
            failures[1] += err

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": pct(50) if latencies else None,
        "p95_ms": pct(95) if latencies else None,
        "p99_ms": pct(99) if latencies else None,
        "max_ms": latencies[-1] * 1000 if latencies else None,
        "errors": failures[1],
        "non_2xx_3xx": failures[0],
        "timeouts": 0,
        "cache_hit_rate": None,
    }


class MemorySampler(threading.Thread):
    """Peak RSS per gunicorn worker while a load runs (VmRSS from /proc every 0.2 s)."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server = server
        self.peak_kib = 0
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.is_set():
            for pid in self.server.worker_pids():
                self.peak_kib = max(self.peak_kib, c.rss_kib(pid))
            self._stop_event.wait(0.2)

    def stop(self):
        self._stop_event.set()
        self.join(timeout=2)
        return round(self.peak_kib / 1024, 1)


# --- The run -----------------------------------------------------------------------------


def prepare_database(db, scale, env, reseed=False):
    if not c.postgres_ready():
        raise SystemExit("PostgreSQL is needed at 127.0.0.1:5432 (user postgres).")
    c.create_database(db, drop=reseed)
    c.log(f"migrating {db}")
    c.manage(env, "migrate", "--noinput")
    c.log(f"seeding {db} at scale {scale}")
    cmd = [c.PY, str(c.BENCH / "seed_scale.py"), "--scale", str(scale)]
    result = subprocess.run(cmd, cwd=c.ROOT, env=env, capture_output=True, text=True)
    if result.returncode and "drop it first" in (result.stdout + result.stderr):
        c.log("database holds another scale: dropping it and seeding again")
        c.create_database(db, drop=True)
        c.manage(env, "migrate", "--noinput")
        result = subprocess.run(cmd, cwd=c.ROOT, env=env, capture_output=True, text=True)
    for line in result.stdout.splitlines():
        if line.startswith("  ") or line.startswith(("seeding", "done", "already")):
            print("   ", line.strip(), flush=True)
    if result.returncode:
        sys.stderr.write(result.stderr[-5000:])
        raise SystemExit("seeding failed")
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def fmt(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def ratio(a, b):
    return round(float(a) / b, 3) if a and b else None


PUBLIC_PAGES = ["home", "program_index", "event_index", "event_page", "group_page", "group_index"]
SIGNED_IN = ["my_enrollments", "event_page_signed_in", "group_page_leader"]
SEARCH = ["api_search", "search_page"]
MEMORY_LIMIT_MIB = 200


def build_targets(rows, small_rows=None):
    """The goals of issue 11, reported (never failing the run): met is None when not
    measured. Ratios are to the ceiling measured in the same run."""
    by = {row["name"]: row for row in rows}
    small = {row["name"]: row for row in small_rows or []}
    out = []

    def add(label, value, goal, met):
        out.append({"target": label, "value": value, "goal": goal, "met": met})

    def x_ceiling(name, goal, p95_limit=None):
        row = by.get(name)
        if not row or row.get("x_ceiling") is None:
            return
        met = row["x_ceiling"] >= goal
        label = f"{LABELS.get(name, name)}: req/s ÷ ceiling"
        add(label, row["x_ceiling"], f">= {goal}", met)
        if p95_limit is not None:
            add(
                f"{LABELS.get(name, name)}: p95 ms",
                round(row["p95_ms"], 1),
                f"< {p95_limit}",
                row["p95_ms"] < p95_limit,
            )

    for name in PUBLIC_PAGES:
        x_ceiling(name, 0.1, p95_limit=100)
    for name in SIGNED_IN:
        x_ceiling(name, 0.05)
    for name in ("api_groups", "api_event"):
        x_ceiling(name, 0.25)
    for name in SEARCH:
        x_ceiling(name, 0.1)
    x_ceiling("api_events", 0.5)
    for name, row in by.items():
        other = small.get(name)
        if name in ("healthz", "wagtail_v2") or not other:
            continue
        value = ratio(row.get("p50_ms"), other.get("p50_ms"))
        if value is not None:
            add(
                f"{LABELS.get(name, name)}: p50 at scale 1 ÷ p50 at the small scale",
                value,
                "<= 1.5",
                value <= 1.5,
            )
    peak = max((row.get("rss_peak_mib") or 0 for row in rows), default=0)
    if peak:
        add("peak memory per worker (MiB)", peak, f"< {MEMORY_LIMIT_MIB}", peak < MEMORY_LIMIT_MIB)
    add("queries flat in item count", "tests/test_query_counts.py", "10 = 500", None)
    add("seats left exact", "make loadtest", "exact through every cache", None)
    return out


def endpoint_table(rows, small=None):
    small = {row["name"]: row for row in small or []}
    lines = [
        "| endpoint | req/s | p50 ms | p95 ms | p99 ms | queries cold/warm/miss | miss ms "
        "in-process | cache hits | items | peak RSS/worker MiB | × ceiling | × Wagtail v2 | "
        "p50 small scale | p50 ratio | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        label = LABELS.get(row["name"], row["name"])
        queries = (
            f"{fmt(row.get('queries_cold'))}/{fmt(row.get('queries_warm'))}/"
            f"{fmt(row.get('queries_miss'))}"
        )
        note = row.get("note", "")
        if row.get("rps") is None:
            lines.append(f"| {label} | – | – | – | – | {queries} | – | – | – | – | – | – | – | – "
                         f"| {note} |")  # fmt: skip
            continue
        other = small.get(row["name"], {})
        hit = row.get("cache_hit_rate")
        lines.append(
            f"| {label} | {fmt(row['rps'], 0)} | {fmt(row['p50_ms'])} | {fmt(row['p95_ms'])} | "
            f"{fmt(row['p99_ms'])} | {queries} | {fmt(row.get('miss_ms'))} | "
            f"{'–' if hit is None else f'{hit:.0%}'} | {fmt(row.get('items'))} | "
            f"{fmt(row.get('rss_peak_mib'))} | {fmt(row.get('x_ceiling'), 3)} | "
            f"{fmt(row.get('x_wagtail_v2'), 2)} | {fmt(other.get('p50_ms'))} | "
            f"{fmt(ratio(row.get('p50_ms'), other.get('p50_ms')), 2)} | {note} |"
        )
    return lines


def markdown(meta, rows, targets, small_meta=None, small_rows=None):
    lines = [
        "# Balai benchmark: latest run",
        "",
        f"- When: {meta['finished_at']} (git {meta['git']})",
        f"- Data: scale {meta['scale']} — "
        + ", ".join(f"{v:,} {k}" for k, v in meta.get("counts", {}).items()),
    ]
    if small_meta:
        lines.append(
            f"- Compared with: scale {small_meta['scale']} — "
            + ", ".join(f"{v:,} {k}" for k, v in small_meta.get("counts", {}).items())
            + f" ({small_meta['duration']} s per endpoint)"
        )
    lines += [
        f"- Server: gunicorn {meta['workers']} sync workers, settings `{meta['settings']}`, "
        f"PostgreSQL "
        f"{meta['postgres']}, cache: {meta['cache']}",
        f"- Load: {meta['tool']}, {meta['connections']} connections, {meta['threads']} threads, "
        f"{meta['duration']} s per endpoint after a {meta['warmup']} s warm-up, loopback only; "
        "search targets draw each request from "
        f"{meta.get('search_queries', '?')} different queries",
        f"- Machine: {meta['cpus']} CPUs ({meta['cpu_model']}), shared with other work: load "
        f"average before the run {meta['loadavg_before']}, after {meta['loadavg_after']}. "
        "Absolute numbers are noisy; the ratios to the ceiling measured in the same run are "
        "what to compare.",
        "",
        "`miss ms in-process`: one request in-process (Django's test client) after the content "
        "version was bumped, so no Balai cache answers: what the page costs to build. "
        "`cache hits`: share of the load's answers that said `X-Balai-Cache: hit` (– when "
        "the endpoint has no such cache).",
        "",
        *endpoint_table(rows, small_rows),
        "",
        "| target | value | goal | met |",
        "|---|---:|---|---|",
    ]
    for t in targets:
        if isinstance(t["value"], str):
            met = "checked there"
        else:
            met = {True: "yes", False: "**no**", None: "not measured"}[t["met"]]
        lines.append(f"| {t['target']} | {fmt(t['value'], 3)} | {t['goal']} | {met} |")
    loadtest = c.RESULTS / "loadtest.json"
    if loadtest.exists():
        data = json.loads(loadtest.read_text())
        lines += [
            "",
            f"Load and faults (`make loadtest`, {data.get('finished_at', '?')}, "
            f"git {data.get('git', '?')}):",
            "",
            "| check | result | detail |",
            "|---|---|---|",
        ]
        for row in data.get("checks", []):
            mark = {True: "pass", False: "**FAIL**", None: "skipped"}[row["ok"]]
            lines.append(f"| {row['check']} | {mark} | {row['detail']} |")
    lines += ["", "Paths (search targets: the first of their queries):", ""]
    lines += [f"- `{row['name']}`: `{row['path']}`" for row in rows if row.get("path")]
    return "\n".join(lines) + "\n"


def wrk_version():
    out = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()
    return f"wrk {out[1]}" if len(out) > 1 else "wrk"


def git_rev():
    with contextlib.suppress(Exception):
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=c.ROOT, capture_output=True, text=True
        ).stdout.strip()
    return "?"


def postgres_version():
    with contextlib.suppress(Exception), c._admin_connect() as conn:
        return conn.execute("SHOW server_version").fetchone()[0].split()[0]
    return "?"


def cpu_model():
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def flush_redis_db(number):
    """Empty the bench's own Redis database (never another one), so no cached answer of
    an earlier run or of the other scale is served."""
    if shutil.which("redis-cli") and c.redis_up():
        subprocess.run(
            [
                "redis-cli",
                "-h",
                c.REDIS_HOST,
                "-p",
                str(c.REDIS_PORT),
                "-n",
                str(number),
                "flushdb",
            ],
            capture_output=True,
        )


def load_one(server, row, args, tool, duration):
    url = server.base + row["path"]
    headers = {"Cookie": row["cookie"]} if row.get("cookie") else None
    if row.get("method", "GET").upper() == "GET":
        status, _ = c.http_get(url, headers=headers)
    else:
        status = None  # checked by the load itself (non-2xx are reported)
    row["http_status"] = status
    if status == 404:
        row["note"] = "missing (404): not built yet"
        return
    if status is not None and status >= 400:
        row["note"] = f"HTTP {status}" + (
            f": {row['error']}" if row.get("error") else " (see gunicorn log)"
        )
        return
    c.log(f"loading {row['name']:<20} {row['path']}")
    if tool == "wrk":
        run_wrk(url, args.warmup, args.connections, 1, row)  # every worker
    else:
        run_python_load(url, args.warmup, args.connections, row)
    sampler = MemorySampler(server)
    sampler.start()
    load_before = os.getloadavg()[0]
    try:
        if tool == "wrk":
            result = run_wrk(url, duration, args.connections, args.threads, row)
        else:
            result = run_python_load(url, duration, args.connections, row)
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        sampler.stop()
        row["note"] = f"load generator failed: {exc}"[:200]
        return
    row.update(result)
    row["rss_peak_mib"] = sampler.stop()
    row["loadavg_1m_before"] = round(load_before, 2)
    if result["non_2xx_3xx"] or result["errors"]:
        row["note"] = f"{result['non_2xx_3xx']} non-2xx, {result['errors']} socket errors"


def run_scale(args, db, scale, redis_db, duration, tool):
    """Seed (when needed), probe and load every endpoint at one scale."""
    secret = os.environ.get("BENCH_SECRET_KEY") or None
    env = c.site_env(db, secret_key=secret, redis=not args.no_redis)
    if "REDIS_URL" in env:
        env["REDIS_URL"] = f"redis://{c.REDIS_HOST}:{c.REDIS_PORT}/{redis_db}"  # the bench's own
        flush_redis_db(redis_db)
    seeded = prepare_database(db, scale, env, reseed=args.reseed)
    if args.settings != "config.settings.production":
        env["DJANGO_SETTINGS_MODULE"] = args.settings
        env["PYTHONPATH"] = str(c.ROOT)
    c.log("collecting static files")
    c.manage(env, "collectstatic", "--noinput", "--clear")

    c.log(f"counting queries in-process (bench/probe.py), scale {scale}")
    probe = c.run_django_script("probe.py", env)
    rows = probe.get("targets", [])
    if args.only:
        wanted = set(args.only.split(",")) | {"healthz"}
        rows = [row for row in rows if row["name"] in wanted]
    if "REDIS_URL" in env:
        flush_redis_db(redis_db)  # the probe's cached answers were built in-process

    loadavg_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    c.log(f"starting gunicorn ({args.workers} workers) on {db}; load tool: {tool}")
    with c.Gunicorn(
        env, workers=args.workers, log_path=Path("/tmp/balai-bench-gunicorn.log")
    ) as server:
        # The ceiling is measured first and again last: the machine is shared, so the two
        # readings show how much the neighbours moved the numbers during the run.
        order = [row for row in rows if row["name"] == "healthz"]
        order += [row for row in rows if row["name"] != "healthz"]
        ceiling_again = None
        # Every worker imports lazily on its first requests: touch every URL first.
        for row in order:
            if row.get("path") and row.get("method", "GET").upper() == "GET":
                headers = {"Cookie": row["cookie"]} if row.get("cookie") else None
                for _ in range(args.workers * 2):
                    c.http_get(server.base + row["path"], headers=headers)
        for row in order:
            if row.get("path") is None:
                row["note"] = "missing: " + row.get("error", "no URL")
                continue
            load_one(server, row, args, tool, duration)
        if any(row["name"] == "healthz" and row.get("rps") for row in rows):
            c.log("loading healthz again (drift check)")
            url = server.base + "/healthz"
            if tool == "wrk":
                ceiling_again = run_wrk(url, duration, args.connections, args.threads)
            else:
                ceiling_again = run_python_load(url, duration, args.connections)
        peak_hwm = max((c.rss_kib(pid, "VmHWM") for pid in server.worker_pids()), default=0)

    by = {row["name"]: row for row in rows}
    ceiling = by.get("healthz", {})
    if ceiling_again and ceiling.get("rps"):
        ceiling["rps_first"] = ceiling["rps"]
        ceiling["rps_last"] = ceiling_again["rps"]
        ceiling["rps"] = statistics.mean([ceiling["rps_first"], ceiling_again["rps"]])
        ceiling["note"] = (
            f"mean of first {ceiling['rps_first']:,.0f} and last {ceiling_again['rps']:,.0f} req/s"
        )
    wagtail = by.get("wagtail_v2", {})
    events = by.get("api_events", {})
    for row in rows:
        row.pop("cookie", None)  # a live session: not for the results file
        if row.get("rps"):
            row["x_ceiling"] = ratio(row["rps"], ceiling.get("rps"))
            row["x_wagtail_v2"] = ratio(row["rps"], wagtail.get("rps"))
            row["p95_vs_api_events"] = ratio(row.get("p95_ms"), events.get("p95_ms"))
    search_queries = max((len(row.get("paths") or []) for row in rows), default=0)
    for row in rows:
        row.pop("paths", None)
    meta = {
        "finished_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "git": git_rev(),
        "database": db,
        "scale": scale,
        "counts": seeded.get("counts", {}),
        "workers": args.workers,
        "connections": args.connections,
        "threads": args.threads,
        "duration": duration,
        "warmup": args.warmup,
        "search_queries": search_queries,
        "tool": wrk_version() if tool == "wrk" else "Python threads (wrk unavailable)",
        "cache": "Redis (django-redis)" if "REDIS_URL" in env else "local memory (no Redis)",
        "settings": env["DJANGO_SETTINGS_MODULE"],
        "postgres": postgres_version(),
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model(),
        "loadavg_before": loadavg_before,
        "loadavg_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "peak_worker_rss_hwm_mib": round(peak_hwm / 1024, 1),
    }
    return meta, rows


def main(argv=None):
    parser = argparse.ArgumentParser(description="Balai benchmark (see bench/README.md)")
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 1)))
    parser.add_argument(
        "--compare-scale",
        type=float,
        default=float(os.environ.get("BENCH_COMPARE_SCALE", 0.1)),
        help="also load this smaller scale first (its own database) and report each "
        "endpoint's p50 ratio; 0 to skip",
    )
    parser.add_argument("--quick", action="store_true", help="scale 0.01, 3 s per endpoint")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per endpoint")
    parser.add_argument(
        "--compare-duration", type=int, default=5, help="seconds per endpoint at the small scale"
    )
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument(
        "--db",
        default=os.environ.get("BENCH_DB", "balai_bench"),
        help="database of the main scale (the small scale uses <db>_small); BENCH_DB",
    )
    parser.add_argument("--reseed", action="store_true", help="drop the database and seed again")
    parser.add_argument("--only", default="", help="comma-separated endpoint names")
    parser.add_argument("--no-redis", action="store_true", help="run without the Redis cache")
    parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--output", default=str(c.RESULTS), help="where latest.* go")
    parser.add_argument(
        "--settings",
        default="config.settings.production",
        help="settings module for the server (e.g. an experiment in bench/experiments)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.scale, args.duration, args.warmup, args.compare_scale = 0.01, 3, 1, 0

    started = time.time()
    tool = args.tool if args.tool != "auto" else ensure_wrk()
    if tool == "wrk" and not shutil.which("wrk"):
        tool = ensure_wrk()
    small_meta = small_rows = None
    if args.compare_scale and args.compare_scale != args.scale:
        c.log(f"--- scale {args.compare_scale} (for the p50 ratios) ---")
        small_meta, small_rows = run_scale(
            args, f"{args.db}_small", args.compare_scale, 6, args.compare_duration, tool
        )
    c.log(f"--- scale {args.scale} ---")
    meta, rows = run_scale(args, args.db, args.scale, 5, args.duration, tool)
    meta["seconds"] = round(time.time() - started)

    targets = build_targets(rows, small_rows)
    out_dir = Path(args.output)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "latest.json").write_text(
        json.dumps(
            {
                "meta": meta,
                "endpoints": rows,
                "targets": targets,
                "small_scale": {"meta": small_meta, "endpoints": small_rows},
            },
            indent=2,
        )
        + "\n"
    )
    text = markdown(meta, rows, targets, small_meta, small_rows)
    (out_dir / "latest.md").write_text(text)
    print()
    print(text)
    c.log(f"wrote {out_dir / 'latest.md'} and latest.json in {meta['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
