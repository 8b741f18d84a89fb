"""The group filters, shared by the group index page and GET /api/groups/.

Query parameters are Indonesian words (`jenis`, `wilayah`, `q`) because they show in
the address bar. An unknown value makes that one field invalid (the form says so); the
other filters still apply.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.models import CommunityGroupPage
from pages.filters import AreaFilter
from pages.models import Area


class GroupFilter(django_filters.FilterSet):
    jenis = django_filters.ChoiceFilter(
        field_name="kind",
        choices=CommunityGroupPage.Kind.choices,
        label=_("Kind"),
        empty_label=_("All kinds"),
    )
    wilayah = AreaFilter(field_name="area")
    q = django_filters.CharFilter(method="search", label=_("Name or topic"))

    class Meta:
        model = CommunityGroupPage
        fields = []

    def search(self, queryset, name, value):
        value = value.replace("\x00", "").strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(meeting_schedule__icontains=value)
        )


def area_slug(value):
    """The API accepts an area by slug or by id; the filter speaks slugs."""
    value = str(value or "").replace("\x00", "").strip()
    if value.isdigit():
        return Area.objects.filter(pk=int(value)).values_list("slug", flat=True).first() or value
    return value
