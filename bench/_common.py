"""Shared plumbing for the benchmark and load-test scripts (no Django import here).

Everything talks to loopback only: PostgreSQL and Redis on 127.0.0.1, gunicorn bound to
127.0.0.1 on a free port.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
PY = sys.executable
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]


def log(*parts):
    print("[bench]", *parts, flush=True)


def database_url(name):
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def _admin_connect():
    import psycopg

    return psycopg.connect(
        PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True, connect_timeout=5
    )


def postgres_ready():
    try:
        with _admin_connect():
            return True
    except Exception as exc:  # noqa: BLE001 - any failure means "not usable"
        log(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}")
        return False


def database_exists(name):
    with _admin_connect() as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def create_database(name, drop=False):
    """Create the database `name` (dropping it first when asked). Only bench_* names."""
    if not name.startswith("balai_bench"):
        raise SystemExit(f"refusing to manage database {name!r}: benchmark databases only")
    with _admin_connect() as conn:
        if drop:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def redis_up():
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_stop():
    subprocess.run(["redis-cli", "-h", REDIS_HOST, "shutdown", "nosave"], capture_output=True)
    for _ in range(50):
        if not redis_up():
            return True
        time.sleep(0.1)
    return False


def redis_start():
    if redis_up():
        return True
    subprocess.run(REDIS_START, capture_output=True)
    for _ in range(50):
        if redis_up():
            return True
        time.sleep(0.1)
    return False


def _throwaway_signing_key():
    """A fresh Ed25519 seed for a benchmark run (certificates signed with it mean nothing)."""
    import base64

    return base64.b64encode(secrets.token_bytes(32)).decode()


def site_env(db_name, secret_key=None, redis=True, extra=None):
    """The environment the site runs under: production settings on loopback."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secret_key or secrets.token_urlsafe(50),
        BALAI_SIGNING_KEY=os.environ.get("BALAI_SIGNING_KEY") or _throwaway_signing_key(),
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(db_name),
        # Production refuses to start without a mail server and its public address;
        # nothing listens here, and the benchmarks send no mail inline (tasks queue it).
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT="2525",
        SITE_BASE_URL="http://127.0.0.1:8000",
        # The benchmark's own collected static files, apart from anyone else's.
        STATIC_ROOT=os.environ.get("BENCH_STATIC_ROOT", "/tmp/balai-bench-static"),
        ELASTICSEARCH_URL="",
        PYTHONUNBUFFERED="1",
    )
    env.pop("REDIS_URL", None)
    if redis and redis_up():
        env["REDIS_URL"] = f"redis://{REDIS_HOST}:{REDIS_PORT}/1"
    if extra:
        env.update(extra)
    return env


def manage(env, *args, quiet=True):
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=quiet, text=True
    )
    if result.returncode:
        if quiet:
            sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"manage.py {' '.join(args)} failed ({result.returncode})")
    return result.stdout if quiet else ""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(url, headers=None, timeout=30):
    """(status, body bytes) for a GET; never raises for an HTTP status."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class Gunicorn:
    """gunicorn serving config.wsgi on 127.0.0.1:<free port>, stopped on exit."""

    def __init__(self, env, workers=4, log_path=None, timeout=60):
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path or (RESULTS / "gunicorn.log")
        self.timeout = timeout
        self.proc = None

    def __enter__(self):
        gunicorn = shutil.which("gunicorn", path=str(Path(PY).parent)) or "gunicorn"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "a")  # noqa: SIM115 - closed in __exit__
        self.proc = subprocess.Popen(
            [
                gunicorn,
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                str(self.timeout),
                "--graceful-timeout",
                "5",
                "--backlog",
                "2048",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited early; see {self.log_path}")
            with contextlib.suppress(OSError):
                status, _ = http_get(self.base + "/healthz", timeout=5)
                if status == 200 and len(self.worker_pids()) >= self.workers:
                    return self
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise SystemExit(f"gunicorn did not answer /healthz within 60 s; see {self.log_path}")

    def worker_pids(self):
        if not self.proc:
            return []
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        with contextlib.suppress(OSError):
            return [int(pid) for pid in children.read_text().split()]
        return []

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if getattr(self, "_log", None):
            self._log.close()
        return False


def rss_kib(pid, key="VmRSS"):
    """Resident memory of a process in KiB from /proc (VmRSS now, VmHWM = peak)."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def run_django_script(script, env, *args, timeout=3600):
    """Run a bench script that sets up Django itself; returns its last stdout line as JSON."""
    result = subprocess.run(
        [PY, str(BENCH / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    sys.stderr.write(result.stderr[-6000:] if result.returncode else "")
    if result.returncode:
        raise SystemExit(f"{script} failed ({result.returncode}):\n{result.stdout[-3000:]}")
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def setup_django(default_db="balai_bench"):
    """For scripts run as `python bench/x.py`: put the project on sys.path, set up Django."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", database_url(default_db))
    module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    if not module.startswith("bench.") and not module.endswith("production"):
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("BALAI_SIGNING_KEY", _throwaway_signing_key())
    # Production refuses to start without these (config/settings/production.py).
    os.environ.setdefault("EMAIL_HOST", "127.0.0.1")
    os.environ.setdefault("SITE_BASE_URL", "http://127.0.0.1:8000")
    import django

    django.setup()
