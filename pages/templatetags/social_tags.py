from django import template

from pages import social

register = template.Library()


@register.inclusion_tag("components/open_graph.html", takes_context=True)
def open_graph(context, page=None, site_name=""):
    """Open Graph <meta> tags for the page (link previews in WhatsApp and others)."""
    if page is None or not hasattr(page, "url_path"):
        return {"tags": []}
    return {"tags": social.open_graph(page, context.get("request"), site_name)}
