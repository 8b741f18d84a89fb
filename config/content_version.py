"""One version number for what the public site shows, kept in the cache (Redis in
production). Caches of public answers (the GET /api/events/ listing, anonymous HTML
pages, search answers) put it in their keys; every change that can alter a public
answer bumps it, so the next request misses and rebuilds from the database. Seats left,
waitlists and member counts therefore stay exact through every cache.

Who bumps it (each app connects its own signals in its AppConfig.ready()):
- events (events.cache.connect): enrollment_changed (after commit: enroll, cancel,
  promotion), saves and deletes of events and sessions;
- pages (pages.apps): Wagtail page_published / page_unpublished / post_page_move and
  page deletes, site settings;
- community (community.apps): membership saves and deletes (member counts, join state);
- search (search.signals): synonym changes.

Readers take the version BEFORE reading the data: an answer built from data that was
changed meanwhile is stored under the old version and never served again.
"""

import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "balai:content:version"


def _new_version():
    # Never reuses a number an earlier (evicted or lost) version key may have had.
    return time.time_ns()


def current():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _new_version()
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY) or version
    return version


def bump(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, evicted, or Redis restarted
        cache.set(VERSION_KEY, _new_version(), None)


def bump_now_and_after_commit(**kwargs):
    """For signals sent inside a transaction: bump now (this process sees its own
    change at once) and again after commit (so an answer another process rebuilt from
    the not-yet-committed state in between is not served)."""
    bump()
    transaction.on_commit(bump)


def cached_json(request, prefix, build, schema=None, ttl=60):
    """A public JSON answer from the cache, built by `build()` on a miss and kept under
    the current version (so it is exact after any change). `schema` (a ninja Schema)
    renders what the endpoint documents. Only for answers that are the same for every
    caller of that URL. Says X-Balai-Cache: hit or miss."""
    import hashlib
    import json

    from django.http import HttpResponse
    from django.utils import translation
    from ninja.responses import NinjaJSONEncoder

    from config.page_cache import set_status

    version = current()  # before the data
    raw = f"{request.get_host()}|{request.get_full_path()}"
    key = (
        f"{prefix}:{version}:{translation.get_language()}:"
        f"{hashlib.sha256(raw.encode()).hexdigest()}"
    )
    body = cache.get(key)
    set_status(request, "hit" if body is not None else "miss")
    if body is None:
        data = build()
        if schema is not None:
            data = schema.model_validate(data).model_dump()
        body = json.dumps(data, cls=NinjaJSONEncoder).encode()
        cache.set(key, body, ttl)
    return HttpResponse(body, content_type="application/json; charset=utf-8")
