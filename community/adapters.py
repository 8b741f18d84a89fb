"""allauth's account adapter for Balai: the name at sign-up, where to go after log-in."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from wagtail.models import Site

from community import notifications, roles
from community.consent import record_consent
from pages.models import OfficeSettings


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails greet from the office ("Halo dari Kantor Kelurahan ..."),
        not from the host name. They are rendered here, where the request is, and sent
        by a background task (DESIGN: no e-mail inline in a request); the database task
        backend stores it with the request's transaction, so it goes out once that commits."""
        context = {
            "request": self.request,
            "email": email,
            **context,
            "current_site": self._office(context.get("current_site")),
        }
        message = self.render_mail(template_prefix, email, context)
        fields = {
            "subject": message.subject,
            "body": message.body,
            "from_email": message.from_email,
            "to": list(message.to),
            "alternatives": [list(a) for a in getattr(message, "alternatives", [])],
            "headers": dict(message.extra_headers),
            "content_subtype": message.content_subtype,
        }
        notifications.send_account_mail.enqueue(**fields)

    def _office(self, current_site):
        # The site's public address: allauth's texts say "an account on <domain>".
        domain = urlsplit(settings.SITE_BASE_URL).netloc or getattr(current_site, "domain", "")
        site = Site.find_for_request(self.request) if self.request else None
        site = site or Site.objects.filter(is_default_site=True).first()
        name = OfficeSettings.for_site(site).office_name if site else ""
        return SimpleNamespace(name=name or "Balai", domain=domain)

    def save_user(self, request, user, form, commit=True):
        user.display_name = (form.cleaned_data.get("display_name") or "").strip()
        if form.cleaned_data.get("consent"):
            record_consent(user)
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        """Send people who have not finished their profile (name, consent) there first."""
        return self._complete_profile_url(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return self._complete_profile_url(request) or super().get_signup_redirect_url(request)

    def _complete_profile_url(self, request):
        user = request.user
        if user.is_authenticated and not user.profile_complete and not roles.is_staff(user):
            return reverse("community:profile") + "?baru=1"
        return None
