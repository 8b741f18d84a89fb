"""Forms of residents' voice. They only shape the input: the rules (HTML stripped,
photo checks, limits) live in participation.proposals / .complaints / .surveys."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import EventPage
from pages.models import Area, ProgramPage
from participation.models import Category, Complaint, Proposal

PHOTO_HELP = _("Optional. JPEG, PNG or WebP, at most 5 MB. Location data is removed.")


def rw_choices():
    return (
        Area.objects.filter(level=Area.Level.RW)
        .select_related("parent")
        .order_by("parent__name", "name")
    )


class RWChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=140)
    description = forms.CharField(
        label=_("Description"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What is the problem, where, and what do you propose? It cannot be edited later."
        ),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    area = RWChoiceField(label=_("RW"), queryset=Area.objects.none(), to_field_name="slug")
    photo = forms.FileField(label=_("Photo"), required=False, help_text=PHOTO_HELP)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = rw_choices()
        if user is not None and user.is_authenticated and user.home_area_id:
            self.fields["area"].initial = user.home_area


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Proposal.Status.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *Category.choices]
    )
    wilayah = RWChoiceField(
        label=_("RW"),
        required=False,
        queryset=Area.objects.none(),
        to_field_name="slug",
        empty_label=_("All"),
    )
    urut = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("terbaru", _("Newest")), ("dukungan", _("Most supported"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].queryset = rw_choices()


class ComplaintForm(forms.Form):
    subject = forms.ChoiceField(
        label=_("What is it about?"), choices=Complaint.Subject.choices, widget=forms.RadioSelect
    )
    program = forms.ModelChoiceField(
        label=_("Program"),
        required=False,
        queryset=ProgramPage.objects.none(),
        help_text=_("When it is about a program."),
    )
    event = forms.ModelChoiceField(
        label=_("Activity"),
        required=False,
        queryset=EventPage.objects.none(),
        help_text=_("When it is about an activity."),
    )
    service = forms.CharField(
        label=_("Service"),
        required=False,
        max_length=120,
        help_text=_("When it is about a service, e.g. a letter from the office."),
    )
    title = forms.CharField(label=_("Summary"), max_length=140)
    description = forms.CharField(
        label=_("What happened"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6})
    )
    photo = forms.FileField(label=_("Photo"), required=False, help_text=PHOTO_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = ProgramPage.objects.live().public().order_by("title")
        self.fields["event"].queryset = EventPage.objects.live().public().order_by("title")
