"""Filters for listings; the same FilterSet serves the HTML page and any API.

Query parameters are Indonesian words (`kategori`, `wilayah`, `status`) because they
show in the address bar. Bad values never break the page: an unknown value makes that
one field invalid (the form says so) and the other filters still apply.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from pages.models import Area, ProgramCategory, ProgramPage, ProgramStatus

INDENT = "\u2003"  # an em space: shows the hierarchy inside a plain <select>


def area_choices():
    """Every area in tree order (kota, its kecamatan, their kelurahan, their RWs),
    indented by level, so a resident can pick the RW they live in."""
    areas = list(Area.objects.only("pk", "name", "slug", "level", "parent"))
    children = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    choices = []

    def walk(parent_id, depth):
        for area in sorted(children.get(parent_id, []), key=lambda a: a.name):
            choices.append((area.slug, INDENT * depth + area.name))
            walk(area.pk, depth + 1)

    walk(None, 0)
    return choices


class AreaFilter(django_filters.ChoiceFilter):
    """An area slug that matches the area, the areas around it and the areas inside it
    (Area.related_ids): filtering by a kelurahan finds what serves its kecamatan, its
    kota and its RWs. One rule for programs, groups and events alike."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", area_choices)
        kwargs.setdefault("label", _("Area"))
        kwargs.setdefault("empty_label", _("All areas"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        area = Area.objects.filter(slug=value).first()
        if area is None:
            return qs.none()
        # A subquery, so a program serving several matching areas is listed once.
        lookup = {f"{self.field_name}__in": area.related_ids()}
        return qs.filter(pk__in=qs.model.objects.filter(**lookup).values("pk"))


class ProgramFilter(django_filters.FilterSet):
    kategori = django_filters.ChoiceFilter(
        field_name="category",
        choices=ProgramCategory.choices,
        label=_("Category"),
        empty_label=_("All categories"),
    )
    wilayah = AreaFilter(field_name="areas")
    status = django_filters.ChoiceFilter(
        field_name="status",
        choices=ProgramStatus.choices,
        label=_("Status"),
        empty_label=_("Any status"),
    )

    class Meta:
        model = ProgramPage
        fields = []
