"""Template tags for the site frame: the main menu."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The live pages marked "show in menus" directly under the site's home page.

    Usage: {% load pages_tags %}{% menu_pages as items %}{% for item in items %}...
    (`request.site` does not exist in Wagtail 8; the site comes from the request.)
    """
    request = context.get("request")
    if request is None:
        return []
    cached = getattr(request, "_balai_menu_pages", None)
    if cached is None:
        site = Site.find_for_request(request)
        if site is None:
            return []
        cached = list(site.root_page.get_children().live().in_menu().public())
        request._balai_menu_pages = cached
    return cached
