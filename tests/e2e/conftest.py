"""Browser fixtures: one Chromium per session, pages at a phone and a desktop size.

The tests drive Debian's Chromium (``apt-get install chromium``) through Playwright
against pytest-django's live server. Playwright cannot download its own browser here,
so where no Chromium is found every browser test is skipped with that reason.

Each test runs on a transactional database with ``serialized_rollback``: it starts
from the content the migrations create (the home page, the default site, the staff
groups and the "Persetujuan moderator" workflow) and builds its own small data on top.
On failure, a screenshot and the HTML of each open page are saved to /tmp/balai-e2e
(or BALAI_E2E_ARTIFACTS).
"""

import os
import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Serve on the loopback address: "localhost" may resolve to ::1 first.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

from tests.e2e.support import CHROMIUM_ARGS, VIEWPORTS, find_chromium  # noqa: E402

CHROMIUM = find_chromium()
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the dev dependencies install it
    sync_playwright = None

if sync_playwright is None:
    SKIP_REASON = "Playwright is not installed: pip install '.[dev]'"
elif CHROMIUM is None:
    SKIP_REASON = (
        "no Chromium found (install Debian's: apt-get install chromium, "
        "or set BALAI_CHROMIUM=/path/to/chromium)"
    )
else:
    SKIP_REASON = None


def pytest_collection_modifyitems(config, items):
    if SKIP_REASON is None:
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the browser tests; it closes when they are done, so the
    rest of the suite runs without Playwright's event loop."""
    if SKIP_REASON:
        pytest.skip(SKIP_REASON)
    with (
        _async_unsafe_allowed(),
        sync_playwright() as playwright,
        _sync_database_connections(),
    ):
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def _async_unsafe_allowed():
    """Playwright's sync API keeps an event loop running on the test thread, and Django
    refuses ORM calls there unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Set it only while
    the browser runs (a subprocess such as `check --deploy` must never inherit it)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@contextmanager
def _sync_database_connections():
    """Keep the test thread on its usual database connections while Playwright runs.

    Playwright's sync API leaves its event loop marked as running in this thread, and
    Django's connection registry (an asgiref Local) then hands out *other* connection
    objects, as it would to a coroutine. Those lack the test database's serialized
    contents, so ``serialized_rollback`` silently stopped restoring the migrated pages
    for every test after the first. Pin this thread to its plain thread-local
    connections (other threads, such as the live server's, keep their own)."""
    from django.db import connections

    registry = connections._connections
    connections._connections = getattr(registry, "_storage", registry)
    try:
        yield
    finally:
        connections._connections = registry


@pytest.fixture(scope="package", autouse=True)
def _restore_migrated_content(django_db_blocker):
    """A transactional test flushes the database when it ends. After the last browser
    test, put back what the migrations created, so the tests that run next find the
    database as they would have without these tests."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail caches site roots and settings; every test starts from a clean cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def new_context(request, browser, live_server):
    """Make a browser context (one person's browser: own cookies) at a viewport.

    ``new_context("phone")`` or ``new_context("desktop", java_script_enabled=False)``;
    pass ``user=`` to start logged in as that user (skips the login form).
    """
    contexts = []

    def make(viewport="phone", user=None, **options):
        context = browser.new_context(
            base_url=live_server.url,
            locale="id-ID",
            timezone_id="Asia/Jakarta",
            **VIEWPORTS[viewport],
            **options,
        )
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(20_000)
        if user is not None:
            log_in_context(context, live_server.url, user)
        contexts.append(context)
        return context

    yield make
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for number, context in enumerate(contexts):
        if failed:
            save_artifacts(request.node, number, context)
        context.close()


ARTIFACTS = Path(os.environ.get("BALAI_E2E_ARTIFACTS", "/tmp/balai-e2e"))


def save_artifacts(node, number, context):
    """On failure, keep what each browser showed (screenshot and HTML) for debugging."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", node.nodeid)
    for index, page in enumerate(context.pages):
        base = ARTIFACTS / f"{stem}-{number}-{index}"
        try:
            page.screenshot(path=f"{base}.png", full_page=True)
            Path(f"{base}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # noqa: BLE001 - best effort, never hide the failure
            print(f"could not save {base}: {error}")
        else:
            print(f"browser state saved: {base}.png / .html ({page.url})")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def log_in_context(context, base_url, user):
    """Give the context a logged-in session cookie, as the login form would."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    host = urlsplit(base_url).hostname
    context.add_cookies(
        [
            {"name": name, "value": morsel.value, "domain": host, "path": "/"}
            for name, morsel in client.cookies.items()
        ]
    )


@pytest.fixture
def phone(new_context):
    """A page in a 360x740 phone browser (most residents)."""
    return new_context("phone").new_page()


@pytest.fixture
def desktop(new_context):
    """A page in a 1280x800 desktop browser (staff, some residents)."""
    return new_context("desktop").new_page()


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request):
    """Parametrize a test over both viewports."""
    return request.param


@pytest.fixture
def page(new_context, viewport):
    """A page at each viewport in turn (the test runs once per viewport)."""
    return new_context(viewport).new_page()
