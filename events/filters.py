"""The event filters, shared by the events index page and GET /api/events/."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from community.models import CommunityGroupPage
from events.models import EventPage, EventSession
from pages.filters import AreaFilter
from pages.models import ProgramCategory, ProgramPage


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    category = django_filters.ChoiceFilter(
        field_name="category",
        choices=ProgramCategory.choices,
        label=_("Category"),
        empty_label=_("All categories"),
    )
    area = AreaFilter(field_name="area")
    group = django_filters.ModelChoiceFilter(
        field_name="organising_group",
        queryset=lambda request: CommunityGroupPage.objects.live().order_by("title"),
        label=_("Group"),
        empty_label=_("All groups"),
    )
    program = django_filters.ModelChoiceFilter(
        field_name="organising_program",
        queryset=lambda request: ProgramPage.objects.live().order_by("title"),
        label=_("Program"),
        empty_label=_("All programs"),
    )
    # "from" is a Python keyword: declared through the class namespace.
    locals()["from"] = django_filters.DateFilter(
        method="filter_dates",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    to = django_filters.DateFilter(
        method="filter_dates", label=_("Until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    open = django_filters.BooleanFilter(
        method="filter_open", label=_("Seats available"), widget=forms.CheckboxInput
    )

    class Meta:
        model = EventPage
        fields = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))

    def filter_dates(self, queryset, name, value):
        # `from` and `to` together mean one session inside the range.
        data = self.form.cleaned_data
        start, end = data.get("from"), data.get("to")
        if name == "to" and start:
            return queryset  # already applied with "from"
        sessions = EventSession.objects.filter(event=OuterRef("pk"))
        if start:
            sessions = sessions.filter(starts_at__date__gte=start)
        if end:
            sessions = sessions.filter(starts_at__date__lte=end)
        return queryset.filter(Exists(sessions))

    def filter_open(self, queryset, name, value):
        # Needs EventPage.objects.with_counts() (confirmed_count).
        return queryset.with_free_seats() if value else queryset
