"""Filters for listings; the same FilterSet serves the HTML page and any API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from pages.models import Area, ProgramCategory, ProgramPage, ProgramStatus


def area_choices():
    return Area.objects.filter(level__lte=Area.Level.VILLAGE)


class AreaFilter(django_filters.ModelChoiceFilter):
    """Matches an area, the areas around it and the areas inside it."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value.related_ids()}).distinct()


class ProgramFilter(django_filters.FilterSet):
    kategori = django_filters.ChoiceFilter(
        field_name="category",
        choices=ProgramCategory.choices,
        label=_("Category"),
        empty_label=_("All categories"),
    )
    status = django_filters.ChoiceFilter(
        field_name="status",
        choices=ProgramStatus.choices,
        label=_("Status"),
        empty_label=_("Any status"),
    )
    wilayah = AreaFilter(
        field_name="areas",
        queryset=area_choices,
        label=_("Area"),
        empty_label=_("All areas"),
        to_field_name="slug",
    )

    class Meta:
        model = ProgramPage
        fields = []
