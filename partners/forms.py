"""Forms of the needs board. They only parse input; partners.pledges decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import EVIDENCE_EXTENSIONS


class PledgeForm(forms.Form):
    amount = forms.CharField(
        label=_("Amount"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Whole rupiah for cash (e.g. 1500000); the number of units otherwise."),
    )
    note = forms.CharField(
        label=_("Note for staff (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeliverForm(forms.Form):
    evidence = forms.FileField(
        label=_("Evidence (receipt, photo or handover letter)"),
        required=False,
        help_text=_("PDF, JPG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{ext}" for ext in EVIDENCE_EXTENSIONS)}
        ),
    )
    delivered_on = forms.DateField(
        label=_("Delivered on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Delivery note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("How was the help used?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
