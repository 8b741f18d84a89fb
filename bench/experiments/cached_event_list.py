"""Experiment (not used by the site): what /api/events/ costs when the anonymous listing
is served from Redis under a version key that every relevant change bumps.

Run: .venv/bin/python bench/run.py --settings bench.experiments.settings_cached_event_list
     --only api_events,wagtail_v2,healthz --output /tmp/bench-cached

Seats stay exact: enrollment_changed (sent by events.enrollment after each commit),
page publish/unpublish and session saves/deletes bump the version, so the next request
misses and rebuilds. The TTL only bounds how long an event whose last session has just
ended can still be listed as upcoming. Responses for signed-in callers are never cached.
This is the shape of the fix suggested to the events app; it belongs in events/, not here.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from events.models import EventSession
from events.signals import enrollment_changed

VERSION_KEY = "events:api:list:version"
TTL = 60


def bump_version(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or Redis restarted)
        cache.set(VERSION_KEY, 1, None)


enrollment_changed.connect(bump_version, dispatch_uid="bench-exp-enrollment")
page_published.connect(bump_version, dispatch_uid="bench-exp-published")
page_unpublished.connect(bump_version, dispatch_uid="bench-exp-unpublished")
post_save.connect(bump_version, sender=EventSession, dispatch_uid="bench-exp-session-saved")
post_delete.connect(bump_version, sender=EventSession, dispatch_uid="bench-exp-session-gone")


class CachedEventListMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        anonymous = "HTTP_X_SESSION_TOKEN" not in request.META and not request.user.is_authenticated
        if request.method != "GET" or request.path != "/api/events/" or not anonymous:
            return self.get_response(request)
        version = cache.get(VERSION_KEY) or 0
        key = f"events:api:list:{version}:{request.META.get('QUERY_STRING', '')}"
        response = cache.get(key)
        if response is None:
            response = self.get_response(request)
            if response.status_code == 200:
                cache.set(key, response, TTL)
        return response
