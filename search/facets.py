"""Facet counts as the contract gives them, the same for both engines."""

from pages.models import Area, ProgramCategory
from search.service import TYPE_LABELS, TYPES


def _entries(counts, labels, selected, order=None):
    values = list(order or [])
    values += sorted((v for v in counts if v not in values), key=lambda v: str(labels.get(v, v)))
    values += [v for v in selected if v not in values]
    entries = [
        {
            "value": value,
            "label": str(labels.get(value, value)),
            "count": int(counts.get(value, 0)),
            "selected": value in selected,
        }
        for value in values
        if counts.get(value) or value in selected
    ]
    if order is None:
        entries.sort(key=lambda e: (-e["count"], e["label"]))
    return entries


def build_facets(type_counts, category_counts, area_counts, params):
    area_slugs = set(area_counts) | set(params.areas)
    area_labels = {}
    if area_slugs:
        areas = Area.objects.filter(slug__in=area_slugs).select_related("parent")
        area_labels = {area.slug: str(area) for area in areas}
    return {
        "type": _entries(type_counts, TYPE_LABELS, params.types, order=TYPES),
        "category": _entries(category_counts, dict(ProgramCategory.choices), params.categories),
        "area": _entries(area_counts, area_labels, params.areas),
    }
