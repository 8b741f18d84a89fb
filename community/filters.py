"""The group filters, shared by the group index page and GET /api/groups/."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.models import CommunityGroupPage
from pages.filters import AreaFilter
from pages.models import Area


class AreaChoiceField(forms.ModelChoiceField):
    """An area by slug (what the HTML form sends) or by id (what an API client may send)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        lookup = {"pk": value} if value.isdigit() else {"slug": value}
        try:
            return self.queryset.get(**lookup)
        except (Area.DoesNotExist, ValueError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

    def label_from_instance(self, obj):
        return str(obj)


class GroupAreaFilter(AreaFilter):
    field_class = AreaChoiceField


def area_choices():
    return Area.objects.select_related("parent").order_by("level", "parent__name", "name")


class GroupFilter(django_filters.FilterSet):
    jenis = django_filters.ChoiceFilter(
        field_name="kind",
        choices=CommunityGroupPage.Kind.choices,
        label=_("Kind"),
        empty_label=_("All kinds"),
    )
    wilayah = GroupAreaFilter(
        field_name="area",
        queryset=area_choices,
        label=_("Area"),
        empty_label=_("All areas"),
        to_field_name="slug",
    )
    q = django_filters.CharFilter(method="search", label=_("Name or topic"))

    class Meta:
        model = CommunityGroupPage
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(meeting_schedule__icontains=value)
        )
