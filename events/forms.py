from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import EventPage
from pages.models import ProgramCategory


class EventCreateForm(forms.Form):
    """What a group leader fills in to propose an activity (moderated before it shows)."""

    title = forms.CharField(label=_("Name of the activity"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventPage.Kind.choices)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("(none)")), *ProgramCategory.choices],
        required=False,
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences shown on listings."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What participants will do, what to bring, who to contact."),
    )
    capacity = forms.IntegerField(
        label=_("Seats"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=_("Empty: no limit."),
    )
    audience = forms.ChoiceField(
        label=_("Who may enroll"),
        choices=EventPage.Audience.choices,
        initial=EventPage.Audience.RESIDENTS,
    )


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}))
    venue = forms.CharField(label=_("Venue"), max_length=200)

    def clean(self):
        data = super().clean()
        date, starts, ends = data.get("date"), data.get("starts"), data.get("ends")
        if date and starts and ends:
            tz = timezone.get_current_timezone()
            data["starts_at"] = timezone.make_aware(datetime.combine(date, starts), tz)
            data["ends_at"] = timezone.make_aware(datetime.combine(date, ends), tz)
            if data["ends_at"] <= data["starts_at"]:
                raise forms.ValidationError(_("A session must end after it starts."))
            if data["starts_at"] <= timezone.now():
                raise forms.ValidationError(_("A session must be in the future."))
        return data


SessionFormSet = forms.formset_factory(
    SessionForm, extra=0, min_num=1, validate_min=True, max_num=30, validate_max=True
)


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Check-in code"), max_length=16)
