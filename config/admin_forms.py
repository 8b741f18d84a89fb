"""The Wagtail admin's login form, with its password field labelled through gettext.

Wagtail's LoginForm leaves the password label to Django's default (the field name,
"Password", untranslatable), so the Indonesian login page showed one English word.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
