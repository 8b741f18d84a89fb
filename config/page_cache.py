"""Anonymous HTML pages from the cache: a layer on top of pages that are already fast to
build, never instead of that.

A Wagtail page asked for by someone not signed in (GET, no session or message cookie,
no API token) is served from the cache when the same URL, in the same language, was
rendered since the site's content version last changed (config.content_version:
publishing, enrollments, memberships... bump it). Only responses that are safe to
share are stored: status 200 HTML from a public Wagtail page (no view restriction),
that set no cookie and used no CSRF token. Anything personal never gets here: signed-in
visitors always get a freshly rendered page.

Responses say `X-Balai-Cache: hit` or `miss` (also for search answers, which
search.service caches under the same version), so load tests can count hits.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from config import content_version

TTL = 300
KEY_PREFIX = "balai:page"
CACHEABLE_ATTR = "_balai_cacheable_page"
STATUS_ATTR = "_balai_cache"
SKIPPED_HEADERS = {"set-cookie", "vary", "content-length"}


def mark_cacheable(request):
    """Called for a public Wagtail page about to be served (pages.wagtail_hooks)."""
    setattr(request, CACHEABLE_ATTR, True)


def set_status(request, status):
    """Record 'hit' or 'miss' for the X-Balai-Cache header (search answers too)."""
    setattr(request, STATUS_ATTR, status)


def is_anonymous(request):
    """No session, no message cookie, no API credentials: nothing personal to show."""
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HTTP_X_SESSION_TOKEN" not in request.META and "HTTP_AUTHORIZATION" not in request.META


def _key(request, version):
    raw = f"{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"{KEY_PREFIX}:{version}:{translation.get_language()}:{digest}"


def _storable(request, response):
    return (
        getattr(request, CACHEABLE_ATTR, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and response.get("Content-Type", "").startswith("text/html")
    )


class AnonymousPageCacheMiddleware:
    """Placed right after LocaleMiddleware (the key needs the language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET" or request.path.startswith(("/admin/", "/api/", "/_")):
            return self._tagged(request, self.get_response(request))
        if not is_anonymous(request):
            return self._tagged(request, self.get_response(request))
        version = content_version.current()  # before the data: see content_version
        key = _key(request, version)
        cached = cache.get(key)
        if cached is not None:
            body, headers = cached
            response = HttpResponse(body)
            for name, value in headers:
                response[name] = value
            patch_vary_headers(response, ("Cookie",))
            set_status(request, "hit")
            return self._tagged(request, response)
        response = self.get_response(request)
        if _storable(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in SKIPPED_HEADERS]
            cache.set(key, (response.content, headers), TTL)
            set_status(request, "miss")
        return self._tagged(request, response)

    @staticmethod
    def _tagged(request, response):
        status = getattr(request, STATUS_ATTR, None)
        if status:
            response["X-Balai-Cache"] = status
        return response
