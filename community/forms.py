"""Forms for residents: the extra sign-up field, the profile, confirmations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.consent import record_consent
from community.models import Membership, User
from community.names import validate_display_name
from community.phone import normalize_phone
from pages.models import Area

CONSENT_LABEL = _(
    "I agree that the kelurahan office processes my personal data (name, e-mail, "
    "phone number, home area, group memberships) to run the community programs, "
    "as the Personal Data Protection Law (UU PDP) requires."
)


class SignupExtraForm(forms.Form):
    """Added to allauth's sign-up form (HTML and headless API): the person's name.

    allauth builds its sign-up form on top of this class (ACCOUNT_SIGNUP_FORM_CLASS);
    the adapter stores the name on the user.
    """

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("As your neighbours know you. Group leaders see this name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        validators=[validate_display_name],
    )

    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        required=False,
        help_text=_(
            "Needed before you join a group or enroll in an activity; you can also give "
            "it later on your profile page."
        ),
    )

    def signup(self, request, user):
        """Required by allauth; the adapter already saved the name and the consent."""


class HomeAreaField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class ProfileForm(forms.ModelForm):
    """ "Akun saya": name, phone, home area, consent (UU PDP), e-mail preferences."""

    phone = forms.CharField(
        label=_("Phone or WhatsApp number (optional)"),
        required=False,
        max_length=24,
        help_text=_("For example 0812 3456 7890. Only your group's leaders and staff see it."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    home_area = HomeAreaField(
        label=_("Where you live (RW or kelurahan, optional)"),
        required=False,
        queryset=Area.objects.none(),
        empty_label=_("Not specified"),
    )
    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        help_text=_("You can download your data or delete your account at any time."),
        error_messages={
            "required": _("Please give your consent: without it we cannot keep your profile.")
        },
    )

    class Meta:
        model = User
        fields = ["display_name", "phone", "home_area", "email_reminders", "email_group_updates"]
        labels = {
            "display_name": _("Your name"),
            "email_reminders": _("Send me e-mail reminders before my activities"),
            "email_group_updates": _("Send me e-mails about my groups (requests, decisions)"),
        }
        error_messages = {"display_name": {"required": _("Please write your name.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["home_area"].queryset = (
            Area.objects.filter(level__in=[Area.Level.VILLAGE, Area.Level.RW])
            .select_related("parent")
            .order_by("level", "name")
        )
        if self.instance.pk and self.instance.data_consent_at:
            self.fields["consent"].initial = True

    def clean_phone(self):
        return normalize_phone(self.cleaned_data.get("phone"))

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.cleaned_data.get("consent"):
            record_consent(user)
        if commit:
            user.save()
        return user


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type your e-mail address or your password to confirm"),
        max_length=254,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value.lower() == self.user.email.lower() or self.user.check_password(value):
            return value
        raise forms.ValidationError(
            _("That is neither your e-mail address nor your password. Nothing was deleted."),
            code="confirmation_mismatch",
        )


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the resident (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MembershipAdminForm(forms.ModelForm):
    """Staff change a member's role in the admin; the rules module does the change."""

    class Meta:
        model = Membership
        fields = ["role"]
