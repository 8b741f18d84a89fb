"""The event filters, shared by the events index page and GET /api/events/."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.models import CommunityGroupPage
from events.models import EventPage, EventPageQuerySet
from pages.filters import AreaFilter
from pages.models import ProgramCategory, ProgramPage


def narrow_to_chosen(form, name):
    """Limit a model choice field to the value asked for (validation still checks it
    exists); with no value, render it as a hidden empty field."""
    field = form.fields[name]
    raw = str(form.data.get(name) or "").strip() if form.is_bound else ""
    if raw.isdigit():
        field.queryset = field.queryset.filter(pk=int(raw))
    else:
        field.queryset = field.queryset.none()
        field.widget = forms.HiddenInput()


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

    # A city has a thousand groups and hundreds of programs: the form never lists them
    # all. Residents arrive with ?group= or ?program= from a group or program page;
    # the form then offers that one (and "all"), and hides the field otherwise.
    NARROWED = ("group", "program")

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_narrowed", False):
            for name in self.NARROWED:
                narrow_to_chosen(form, name)
            form._narrowed = True
        return form

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
        return queryset.filter(EventPageQuerySet.session_between_q(start, end))

    def filter_open(self, queryset, name, value):
        # Needs EventPage.objects.with_counts() (confirmed_count).
        return queryset.with_free_seats() if value else queryset
