"""The self-check's form: every fact, each optional ("I don't know" is an answer).

The multi-step pages show one fact at a time and carry the earlier answers as hidden
fields; the staff page shows them all. Either way the same form validates them with
the same bounds as the API (eligibility.facts)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eligibility import facts as F

YES, NO, DONT_KNOW = "yes", "no", "unknown"
YES_NO_CHOICES = [(YES, _("Yes")), (NO, _("No")), (DONT_KNOW, _("I don't know"))]


class RupiahField(forms.IntegerField):
    """Whole numbers written the Indonesian way: "Rp1.500.000", "1 500 000"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().lower().removeprefix("rp").strip()
            value = value.replace(".", "").replace(" ", "").replace(",", "")
        return super().to_python(value)


def _number_field(fact):
    return RupiahField(
        label=fact.question,
        help_text=f"{fact.help} " + str(_("Leave empty if you don't know.")),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _("Write a whole number, for example 45.")},
    )


class FactsForm(forms.Form):
    def __init__(self, *args, area_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        for fact in F.FACTS:
            if fact.kind == F.NUMBER:
                field = _number_field(fact)
            elif fact.kind == F.YES_NO:
                field = forms.ChoiceField(
                    label=fact.question,
                    help_text=fact.help,
                    required=False,
                    choices=YES_NO_CHOICES,
                    widget=forms.RadioSelect,
                )
            elif fact.kind == F.CHOICE:
                field = forms.ChoiceField(
                    label=fact.question,
                    help_text=fact.help,
                    required=False,
                    choices=[*fact.choices, ("", _("I don't know"))],
                    widget=forms.RadioSelect,
                )
            else:
                field = forms.TypedChoiceField(
                    label=fact.question,
                    help_text=fact.help,
                    required=False,
                    coerce=int,
                    empty_value=None,
                    choices=[("", _("I don't know")), *area_choices],
                    error_messages={
                        "invalid_choice": _(
                            "Unknown area: choose an RW or kelurahan from the list."
                        )
                    },
                )
            self.fields[fact.key] = field

    def clean(self):
        cleaned = super().clean()
        for key in ("age", "household_size", "income_per_member"):
            message = F.bounds_error(key, cleaned.get(key))
            if message:
                self.add_error(key, message)
        return cleaned

    def facts(self):
        """The answers as Facts (call after is_valid())."""
        data = self.cleaned_data
        values = {}
        for fact in F.FACTS:
            value = data.get(fact.key)
            if fact.kind == F.YES_NO:
                value = {YES: True, NO: False}.get(value)
            elif value == "":
                value = None
            values[fact.key] = value
        return F.Facts(**values)

    def hide_all_but(self, keep):
        """Earlier answers travel as hidden inputs; `keep` (a key or None) stays visible."""
        for key, field in self.fields.items():
            if key != keep:
                field.widget = forms.HiddenInput()


def facts_as_data(facts):
    """Facts back to form data (for the hidden fields of the next step)."""
    data = {}
    for fact in F.FACTS:
        value = getattr(facts, fact.key)
        if fact.kind == F.YES_NO:
            data[fact.key] = {True: YES, False: NO}.get(value, "")
        else:
            data[fact.key] = "" if value is None else value
    return data


class SaveCheckForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "Save my answers to my account. I agree that the kelurahan office keeps them "
            "until I delete them (UU PDP)."
        ),
        error_messages={"required": _("Tick the box to agree, or simply don't save.")},
    )
