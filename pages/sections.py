"""Sections that apps above pages add to a program page, without pages importing them.

A higher app registers a section in its AppConfig.ready():

    from pages import sections
    sections.register_program_section("funding", "accountability/program_section.html",
                                      context=lambda page, request: {...}, order=50)

templates/pages/program_page.html renders every registered section with a generic
include (`{% for section in program_sections %}{% include section.template ... %}`), so
the page template never loads a higher app's template tags.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    context: Callable  # (page, request) -> dict, or None to leave the section out
    order: int = 100


_program_sections = {}


def register_program_section(name, template, context, order=100):
    _program_sections[name] = Section(name, template, context, order)


def program_sections(page, request):
    """[(section, context)] for the page, in order; a section whose context is None is
    left out."""
    found = []
    for section in sorted(_program_sections.values(), key=lambda s: (s.order, s.name)):
        context = section.context(page, request)
        if context is not None:
            found.append({"template": section.template, "context": context})
    return found
