"""Sections that higher apps add to a lower app's page (the registry the design asks
for, so a template never loads a higher app's tags).

    from pages import sections
    sections.register("pages.ProgramPage", "events.activities", render_activities)

`render(page, request)` returns HTML (or "" to show nothing). A page template shows its
sections with `{% load page_sections %}{% page_sections page %}`, in registration order.
"""

_sections = {}


def register(model_label, name, render):
    _sections.setdefault(model_label, {})[name] = render


def unregister(model_label, name):
    _sections.get(model_label, {}).pop(name, None)


def for_page(page):
    return list(_sections.get(page._meta.label, {}).values())
