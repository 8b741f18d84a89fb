from django import template
from django.utils.safestring import mark_safe

from pages import sections

register = template.Library()


@register.simple_tag(takes_context=True)
def page_sections(context, page):
    """The sections other apps registered for this page type (pages.sections)."""
    request = context.get("request")
    return mark_safe("".join(render(page, request) or "" for render in sections.for_page(page)))  # noqa: S308 - rendered templates
