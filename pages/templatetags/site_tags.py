from django import template

from pages import site_chrome

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The header's menu items ({"url", "title"}), kept per content version."""
    request = context.get("request")
    return site_chrome.main_menu(request) if request is not None else []
