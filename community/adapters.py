"""allauth's account adapter for Balai: the name at sign-up, where to go after log-in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.display_name = (form.cleaned_data.get("display_name") or "").strip()
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        """Send people who have not finished their profile (name, consent) there first."""
        return self._complete_profile_url(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return self._complete_profile_url(request) or super().get_signup_redirect_url(request)

    def _complete_profile_url(self, request):
        user = request.user
        if user.is_authenticated and not user.profile_complete and not user.is_staff:
            return reverse("community:profile") + "?baru=1"
        return None
