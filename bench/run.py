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
    "api_search": "GET /api/search/?q=",
    "api_groups": "GET /api/groups/",
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


def run_wrk(url, duration, connections, threads):
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(c.BENCH / "wrk_report.lua"),
        url,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60).stdout
    match = re.search(r"^WRKJSON (\{.*\})$", out, re.MULTILINE)
    if not match:
        raise RuntimeError(f"wrk gave no report:\n{out[-2000:]}")
    raw = json.loads(match.group(1))
    seconds = raw["duration_us"] / 1e6
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
    }


def run_python_load(url, duration, connections):
    """Fallback: `connections` threads, each a closed loop of GETs, for `duration` s."""
    latencies, failures, lock = [], [0, 0], threading.Lock()
    stop_at = time.perf_counter() + duration

    def worker():
        mine, bad, err = [], 0, 0
        while time.perf_counter() < stop_at:
            t0 = time.perf_counter()
            try:
                status, _ = c.http_get(url, timeout=10)
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


def prepare_database(args, env):
    if not c.postgres_ready():
        raise SystemExit("PostgreSQL is needed at 127.0.0.1:5432 (user postgres).")
    c.create_database(args.db, drop=args.reseed)
    c.log(f"migrating {args.db}")
    c.manage(env, "migrate", "--noinput")
    c.log(f"seeding {args.db} at scale {args.scale}")
    cmd = [c.PY, str(c.BENCH / "seed_scale.py"), "--scale", str(args.scale)]
    result = subprocess.run(cmd, cwd=c.ROOT, env=env, capture_output=True, text=True)
    if result.returncode and "drop it first" in (result.stdout + result.stderr):
        c.log("database holds another scale: dropping it and seeding again")
        c.create_database(args.db, drop=True)
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


def build_targets(rows):
    """The issue's goals, reported (never failing the run): met is None when not measured."""
    by = {row["name"]: row for row in rows}
    events, search = by.get("api_events", {}), by.get("api_search", {})
    ceiling, wagtail = by.get("healthz", {}), by.get("wagtail_v2", {})

    def target(label, value, goal, check):
        met = None if value is None or not isinstance(value, float) else check(value)
        return {"target": label, "value": value, "goal": goal, "met": met}

    return [
        target(
            "/api/events/ req/s ÷ ceiling req/s",
            ratio(events.get("rps"), ceiling.get("rps")),
            ">= 0.5",
            lambda v: v >= 0.5,
        ),
        target(
            "/api/events/ req/s ÷ Wagtail API v2 req/s",
            ratio(events.get("rps"), wagtail.get("rps")),
            ">= 10",
            lambda v: v >= 10,
        ),
        target(
            "search p95 ÷ /api/events/ p95",
            ratio(search.get("p95_ms"), events.get("p95_ms")),
            "<= 4",
            lambda v: v <= 4,
        ),
        target("queries flat in item count", "tests/test_query_counts.py", "10 = 500", None),
        target("seats left exact", "make loadtest", "exact after each change", None),
    ]


def markdown(meta, rows, targets):
    lines = [
        "# Balai benchmark: latest run",
        "",
        f"- When: {meta['finished_at']} (git {meta['git']})",
        f"- Data: scale {meta['scale']} — "
        + ", ".join(f"{v:,} {k}" for k, v in meta.get("counts", {}).items()),
        f"- Server: gunicorn {meta['workers']} sync workers, settings `{meta['settings']}`, "
        f"PostgreSQL "
        f"{meta['postgres']}, cache: {meta['cache']}",
        f"- Load: {meta['tool']}, {meta['connections']} connections, {meta['threads']} threads, "
        f"{meta['duration']} s per endpoint after a {meta['warmup']} s warm-up, loopback only",
        f"- Machine: {meta['cpus']} CPUs ({meta['cpu_model']}), shared: load average before the "
        f"run {meta['loadavg_before']}",
        "",
        "| endpoint | req/s | p50 ms | p95 ms | p99 ms | queries cold/warm | items | "
        "peak RSS/worker MiB | × ceiling | × Wagtail v2 | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        if row.get("rps") is None:
            note = row.get("note", "")
            lines.append(
                f"| {LABELS.get(row['name'], row['name'])} | – | – | – | – | "
                f"{fmt(row.get('queries_cold'))}/{fmt(row.get('queries_warm'))} | – | – | – | – | "
                f"{note} |"
            )
            continue
        note = row.get("note", "")
        lines.append(
            f"| {LABELS.get(row['name'], row['name'])} | {fmt(row['rps'], 0)} | "
            f"{fmt(row['p50_ms'])} | {fmt(row['p95_ms'])} | {fmt(row['p99_ms'])} | "
            f"{fmt(row.get('queries_cold'))}/{fmt(row.get('queries_warm'))} | "
            f"{fmt(row.get('items'))} | {fmt(row.get('rss_peak_mib'))} | "
            f"{fmt(row.get('x_ceiling'), 3)} | {fmt(row.get('x_wagtail_v2'), 2)} | {note} |"
        )
    lines += ["", "| target | value | goal | met |", "|---|---:|---|---|"]
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
    lines += ["", "Paths:", ""]
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


def main(argv=None):
    parser = argparse.ArgumentParser(description="Balai benchmark (see bench/README.md)")
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 1)))
    parser.add_argument("--quick", action="store_true", help="scale 0.01, 3 s per endpoint")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per endpoint")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--db", default="balai_bench")
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
        args.scale, args.duration, args.warmup = 0.01, 3, 1

    started = time.time()
    secret = os.environ.get("BENCH_SECRET_KEY") or None
    env = c.site_env(args.db, secret_key=secret, redis=not args.no_redis)
    if "REDIS_URL" in env:
        env["REDIS_URL"] = f"redis://{c.REDIS_HOST}:{c.REDIS_PORT}/5"  # the bench's own db
    seeded = prepare_database(args, env)
    if args.settings != "config.settings.production":
        env["DJANGO_SETTINGS_MODULE"] = args.settings
        env["PYTHONPATH"] = str(c.ROOT)
    c.log("collecting static files")
    c.manage(env, "collectstatic", "--noinput", "--clear")

    c.log("counting queries in-process (bench/probe.py)")
    probe = c.run_django_script("probe.py", env)
    rows = probe.get("targets", [])
    if args.only:
        wanted = set(args.only.split(","))
        rows = [row for row in rows if row["name"] in wanted]

    tool = args.tool if args.tool != "auto" else ensure_wrk()
    if tool == "wrk" and not shutil.which("wrk"):
        tool = ensure_wrk()
    loadavg_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    c.log(f"starting gunicorn ({args.workers} workers); load tool: {tool}")
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
            if row.get("path"):
                for _ in range(args.workers * 2):
                    c.http_get(server.base + row["path"])
        for row in order:
            url = server.base + row["path"] if row.get("path") else None
            if url is None:
                row["note"] = "missing: " + row.get("error", "no URL")
                continue
            status, _ = c.http_get(url)
            row["http_status"] = status
            if status == 404:
                row["note"] = "missing (404): not built yet"
                continue
            if status >= 400:
                row["note"] = f"HTTP {status}" + (
                    f": {row['error']}" if row.get("error") else " (see gunicorn log)"
                )
                continue
            c.log(f"loading {row['name']:<14} {row['path']}")
            if tool == "wrk":
                run_wrk(url, args.warmup, args.connections, 1)  # every worker
            else:
                run_python_load(url, args.warmup, args.connections)
            sampler = MemorySampler(server)
            sampler.start()
            load_before = os.getloadavg()[0]
            try:
                if tool == "wrk":
                    result = run_wrk(url, args.duration, args.connections, args.threads)
                else:
                    result = run_python_load(url, args.duration, args.connections)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                sampler.stop()
                row["note"] = f"load generator failed: {exc}"[:200]
                continue
            row.update(result)
            row["rss_peak_mib"] = sampler.stop()
            row["loadavg_1m_before"] = round(load_before, 2)
            if result["non_2xx_3xx"] or result["errors"]:
                row["note"] = f"{result['non_2xx_3xx']} non-2xx, {result['errors']} socket errors"
        if any(row["name"] == "healthz" and row.get("rps") for row in rows):
            c.log("loading healthz again (drift check)")
            url = server.base + "/healthz"
            if tool == "wrk":
                ceiling_again = run_wrk(url, args.duration, args.connections, args.threads)
            else:
                ceiling_again = run_python_load(url, args.duration, args.connections)
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
        if row.get("rps"):
            row["x_ceiling"] = ratio(row["rps"], ceiling.get("rps"))
            row["x_wagtail_v2"] = ratio(row["rps"], wagtail.get("rps"))
            row["p95_vs_api_events"] = ratio(row.get("p95_ms"), events.get("p95_ms"))

    targets = build_targets(rows)
    meta = {
        "finished_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "git": git_rev(),
        "scale": args.scale,
        "counts": seeded.get("counts", {}),
        "workers": args.workers,
        "connections": args.connections,
        "threads": args.threads,
        "duration": args.duration,
        "warmup": args.warmup,
        "tool": wrk_version() if tool == "wrk" else "Python threads (wrk unavailable)",
        "cache": "Redis (django-redis)" if "REDIS_URL" in env else "local memory (no Redis)",
        "settings": env["DJANGO_SETTINGS_MODULE"],
        "postgres": postgres_version(),
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model(),
        "loadavg_before": loadavg_before,
        "loadavg_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "peak_worker_rss_hwm_mib": round(peak_hwm / 1024, 1),
        "seconds": round(time.time() - started),
    }
    out_dir = Path(args.output)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "latest.json").write_text(
        json.dumps({"meta": meta, "endpoints": rows, "targets": targets}, indent=2) + "\n"
    )
    text = markdown(meta, rows, targets)
    (out_dir / "latest.md").write_text(text)
    print()
    print(text)
    c.log(f"wrote {out_dir / 'latest.md'} and latest.json in {meta['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
