"""allauth's forms with the site's own labels ("Kata sandi", not allauth's "Kata Kunci").

Separate from community.forms: allauth builds its sign-up form on top of
community.forms.SignupExtraForm, so that module must not import allauth's forms.
"""

from allauth.account import forms as account_forms
from django.utils.translation import gettext_lazy as _

# The site's own words for allauth's fields ("Kata sandi", not "Kata Kunci").
ACCOUNT_LABELS = {
    "email": _("E-mail address"),
    "login": _("E-mail address"),
    "password": _("Password"),
    "oldpassword": _("Current password"),
    "password1": _("Password"),
    "password2": _("Password (again)"),
    "remember": _("Keep me logged in on this device"),
}


class AccountLabelsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in ACCOUNT_LABELS.items():
            field = self.fields.get(name)
            if field is None:
                continue
            field.label = label
            if name == "password1" and "new" in str(field.widget.attrs.get("autocomplete", "")):
                field.label = _("New password") if "oldpassword" in self.fields else label
            field.widget.attrs.pop("placeholder", None)


class LoginForm(AccountLabelsMixin, account_forms.LoginForm):
    pass


class SignupForm(AccountLabelsMixin, account_forms.SignupForm):
    field_order = ["email", "display_name", "password1", "password2"]


class ChangePasswordForm(AccountLabelsMixin, account_forms.ChangePasswordForm):
    pass


class ResetPasswordForm(AccountLabelsMixin, account_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(AccountLabelsMixin, account_forms.ResetPasswordKeyForm):
    pass


class AddEmailForm(AccountLabelsMixin, account_forms.AddEmailForm):
    pass
