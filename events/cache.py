"""A cache for the GET /api/events/ listing (Redis in production, local memory in tests).

The listing is the same for every caller (no personal field: `my_enrollment` is only on
the detail endpoint), so one cached body serves anonymous and signed-in callers alike.
Entries are keyed by the site's content version (config.content_version) plus the full
query string (and the language). Every change that can alter a listing bumps the
version, so the next request misses and rebuilds, and seats left stay exact:

- `events.signals.enrollment_changed` (sent after commit by events.enrollment on every
  enroll, cancel and promotion);
- Wagtail `page_published` / `page_unpublished` / `post_page_move` (any page: organiser
  titles and URLs are listed too), and saves and deletes of EventPage rows;
- saves and deletes of EventSession rows.

The short TTL bounds what no signal announces: an event whose last session has just
ended stays listed as upcoming for at most `TTL` seconds.
"""

import hashlib

from django.core.cache import cache
from django.utils import translation

from config import content_version

KEY_PREFIX = "events:api:list"
TTL = 60

# The site-wide content version (config.content_version) is the listing's version.
VERSION_KEY = content_version.VERSION_KEY
current_version = content_version.current
bump_version = content_version.bump
bump_now_and_after_commit = content_version.bump_now_and_after_commit


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
