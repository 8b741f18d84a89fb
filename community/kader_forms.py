"""Forms of the kader pages (Pendampingan) and of claiming an assisted account."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.forms import HomeAreaField
from community.phone import normalize_phone
from pages.models import Area


class AssistedResidentForm(forms.Form):
    name = forms.CharField(
        label=_("Resident's name"),
        max_length=120,
        error_messages={"required": _("Write the resident's name.")},
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        required=False,
        max_length=24,
        help_text=_("The resident's own number, or a family member's. For example 0812 3456 7890."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    area = HomeAreaField(
        label=_("RW where the resident lives"),
        queryset=Area.objects.none(),
        empty_label=_("Choose the RW"),
        error_messages={"required": _("Choose the RW.")},
    )
    paper_form_number = forms.CharField(
        label=_("Paper form number"),
        max_length=40,
        help_text=_("The number printed on the signed consent form, e.g. PL-RW03-0012."),
        error_messages={"required": _("Write the paper form's number.")},
    )
    consent = forms.BooleanField(
        label=_(
            "The resident has signed the consent on the paper form: the kelurahan office "
            "may process their name, phone number and RW to run the community programs (UU PDP)."
        ),
        error_messages={
            "required": _("The resident must sign the consent on the paper form first.")
        },
    )

    def __init__(self, *args, area_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = (
            Area.objects.filter(pk__in=area_ids, level=Area.Level.RW)
            .select_related("parent")
            .order_by("parent__name", "name")
        )

    def clean_phone(self):
        return normalize_phone(self.cleaned_data.get("phone"))


class ClaimForm(forms.Form):
    code = forms.CharField(
        label=_("Claim code"),
        max_length=20,
        help_text=_("The code on the paper your kader gave you, e.g. ABCDE-FGH23."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password1 = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("New password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return cleaned
