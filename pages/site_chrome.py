"""What every page's header and footer show, read once per content version.

The office details (OfficeSettings) and the main menu (the site root's live children
shown in menus) cost two queries on every page that the anonymous page cache does not
answer: every signed-in page. Both change only by a publish, unpublish, move or delete
of a page, or a save of the settings, and each of those bumps the content version
(config.content_version, connected in pages.apps), so they are kept under it.
"""

from django.core.cache import cache
from wagtail.models import Site

from config import content_version

TTL = 3600


def _key(name, site):
    return f"balai:chrome:{name}:{content_version.current()}:{site.pk}:{site.root_page_id}"


def office_settings(model, request):
    """`model.for_site(site)` for the request's site, from the cache (see OfficeSettings.
    for_request); None when the request matches no site."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    key = _key(model._meta.label_lower, site)
    instance = cache.get(key)
    if instance is None:
        instance = model.for_site(site)
        cache.set(key, instance, TTL)
    return instance


def main_menu(request):
    """The header's menu: [{"url", "title"}] of the site root's live children that are
    shown in menus, in tree order."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    key = _key("menu", site)
    items = cache.get(key)
    if items is None:
        items = [
            {"url": page.get_url(request), "title": page.title}
            for page in site.root_page.get_children().live().in_menu()
        ]
        cache.set(key, items, TTL)
    return items
