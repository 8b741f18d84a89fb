"""The needs board filters, shared by /kebutuhan/ and GET /api/needs/.

Query parameters are Indonesian in the address bar (`program`, `wilayah`, `jenis`,
`terbuka`); the API passes the same values."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from pages.filters import AreaFilter
from pages.models import ProgramPage
from partners.models import Need


class NeedFilter(django_filters.FilterSet):
    program = django_filters.ModelChoiceFilter(
        field_name="program",
        queryset=lambda request: ProgramPage.objects.live().public().order_by("title"),
        label=_("Program"),
        empty_label=_("All programs"),
    )
    wilayah = AreaFilter(field_name="area")
    jenis = django_filters.ChoiceFilter(
        field_name="kind", choices=Need.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    terbuka = django_filters.BooleanFilter(
        method="filter_open", label=_("Open for pledges only"), widget=forms.CheckboxInput
    )

    class Meta:
        model = Need
        fields = []

    def filter_open(self, queryset, name, value):
        return queryset.open() if value else queryset
