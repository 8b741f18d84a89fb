"""Wagtail's routing from the cache: which page a path names.

Wagtail finds the page for /kelompok/<slug>/ by walking the tree from the site's root,
one query (or two, for the specific page) per path segment: 5-6 queries before any page
code runs, for every request that the anonymous page cache does not answer (all
signed-in visitors). The answer (the page's id and type) is remembered per site, root
page and path.

A remembered route is used only if it still holds, so it needs no invalidation: the page
is read again (one query, its specific type), must be live, and its `url_path` must be
the one it had when the route was found. Wagtail keeps `url_path` (the slugs from the
tree's root) for every page and its descendants through slug changes and moves, and
routing ignores whether the pages above are live, so a page that is live at the same
`url_path` under the same root is what walking the tree would find. A deleted or
unpublished page falls back to Wagtail's routing; paths that found no page (404) are not
remembered. Everything Wagtail does after routing runs as before, in particular the view
restriction check (the `before_serve_page` hooks): privacy is never cached here. Routes a
page answered with arguments (a RoutablePage's sub-URLs) are not remembered; no page
type here overrides `route()` to answer differently per request (one that did would
have to be left out).
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

KEY_PREFIX = "balai:route"
TTL = 24 * 3600  # entries are checked on use; the TTL only bounds what is kept
ROUTE_ATTR = "_wagtail_route_for_request"  # where Page.route_for_request keeps its answer


def _key(site, path):
    components = "/".join(c for c in path.split("/") if c)
    digest = hashlib.sha256(f"{site.pk}|{site.root_page_id}|{components}".encode()).hexdigest()
    return f"{KEY_PREFIX}:{digest}"


def _from_cache(remembered):
    page_id, content_type_id, url_path = remembered
    model = ContentType.objects.get_for_id(content_type_id).model_class()  # cached
    if model is None or not issubclass(model, Page):
        return None
    page = model.objects.filter(pk=page_id, live=True).first()
    if page is None or page.url_path != url_path:
        return None
    return RouteResult(page)


def route(request, path):
    """Page.route_for_request(request, path), from the cache when the route still holds."""
    if hasattr(request, ROUTE_ATTR):
        return getattr(request, ROUTE_ATTR)
    site = Site.find_for_request(request)
    if site is None:
        return Page.route_for_request(request, path)
    key = _key(site, path)
    remembered = cache.get(key)
    if remembered is not None:
        result = _from_cache(remembered)
        if result is not None:
            setattr(request, ROUTE_ATTR, result)
            return result
    result = Page.route_for_request(request, path)
    if result is not None:
        page, args, kwargs = result
        if not args and not kwargs and page.live:
            cache.set(key, (page.pk, page.content_type_id, page.url_path), TTL)
    return result


def serve(request, path):
    """Wagtail's page view (wagtail.views.serve), routed through `route` first."""
    route(request, path)
    return wagtail_views.serve(request, path)
