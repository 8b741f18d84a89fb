"""Sections that higher apps add to a lower app's page (the registry the design asks
for, so a page template never loads a higher app's tags).

A higher app registers in its AppConfig.ready():

    from pages import sections
    sections.register("pages.ProgramPage", "events.activities", render_activities, order=20)
    sections.register_template(
        "pages.ProgramPage", "accountability.funding", "accountability/program_section.html",
        context=funding_context, order=50,
    )

`render(page, request)` returns HTML ("" shows nothing); a template section's
`context(page, request)` returns the template's `section` variable, or None to leave the
section out. A page template shows its sections, by order, with
`{% load page_sections %}{% page_sections page %}`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Section:
    name: str
    render: Callable
    order: int = 100


_sections = {}


def register(model_label, name, render, order=100):
    _sections.setdefault(model_label, {})[name] = Section(name, render, order)


def register_template(model_label, name, template, context, order=100):
    def render(page, request):
        values = context(page, request)
        if values is None:
            return ""
        return render_to_string(
            template, {"page": page, "section": values, "request": request}, request=request
        )

    register(model_label, name, render, order)


def unregister(model_label, name):
    _sections.get(model_label, {}).pop(name, None)


def for_page(page):
    """The render callables of the page's sections, in order."""
    found = sorted(_sections.get(page._meta.label, {}).values(), key=lambda s: (s.order, s.name))
    return [section.render for section in found]
