"""A cache for the GET /api/events/ listing (Redis in production, local memory in tests).

The listing is the same for every caller (no personal field: `my_enrollment` is only on
the detail endpoint), so one cached body serves anonymous and signed-in callers alike.
Entries are keyed by a version number kept in the cache plus the full query string (and
the language). Every change that can alter a listing bumps the version, so the next
request misses and rebuilds, and seats left stay exact:

- `events.signals.enrollment_changed` (sent after commit by events.enrollment on every
  enroll, cancel and promotion);
- Wagtail `page_published` / `page_unpublished` / `post_page_move` (any page: organiser
  titles and URLs are listed too), and saves and deletes of EventPage rows;
- saves and deletes of EventSession rows.

The short TTL bounds what no signal announces: an event whose last session has just
ended stays listed as upcoming for at most `TTL` seconds.
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

VERSION_KEY = "events:api:list:version"
KEY_PREFIX = "events:api:list"
TTL = 60


def _new_version():
    # Never reuses a number an earlier (evicted or lost) version key may have had.
    return time.time_ns()


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _new_version()
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY) or version
    return version


def bump_version(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, evicted, or Redis restarted
        cache.set(VERSION_KEY, _new_version(), None)


def bump_now_and_after_commit(**kwargs):
    """For signals sent inside a transaction: bump now (this process sees its own
    change at once) and again after commit (so a listing another process rebuilt from
    the not-yet-committed state in between is not served)."""
    bump_version()
    transaction.on_commit(bump_version)


def listing_key(request, version):
    query = request.META.get("QUERY_STRING", "")
    digest = hashlib.sha256(query.encode()).hexdigest()
    return f"{KEY_PREFIX}:{version}:{translation.get_language()}:{digest}"


def get_listing(key):
    return cache.get(key)


def set_listing(key, body):
    cache.set(key, body, TTL)


def connect():
    """Called from EventsConfig.ready()."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from events.models import EventPage, EventSession
    from events.signals import enrollment_changed

    enrollment_changed.connect(bump_version, dispatch_uid="events_cache_enrollment")
    bump = bump_now_and_after_commit
    page_published.connect(bump, dispatch_uid="events_cache_published")
    page_unpublished.connect(bump, dispatch_uid="events_cache_unpublished")
    post_page_move.connect(bump, dispatch_uid="events_cache_moved")
    for model in (EventPage, EventSession):
        name = model._meta.model_name
        post_save.connect(bump, sender=model, dispatch_uid=f"events_cache_{name}_saved")
        post_delete.connect(bump, sender=model, dispatch_uid=f"events_cache_{name}_gone")
