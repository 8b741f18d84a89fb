"""Authentication for the JSON API: the browser session (with CSRF) or allauth's
app session token (`X-Session-Token`), so the web site and the mobile app share one API."""

from allauth.headless.contrib.ninja.security import XSessionTokenAuth
from django.utils.translation import gettext_lazy as _
from ninja.security import SessionAuth
from ninja.utils import check_csrf

from config.errors import PermissionDeniedError


class SessionTokenAuth(XSessionTokenAuth):
    """allauth's app session token, documented in OpenAPI as the header it is."""

    openapi_in = "header"
    openapi_name = "X-Session-Token"


class OptionalSessionTokenAuth(SessionTokenAuth):
    """Lets anonymous callers through; a valid token still identifies the user."""

    allow_anonymous_users = True
    allow_invalid_session_tokens = False

    def __call__(self, request):
        if not self.get_session_token(request):
            # No token: the browser session's user (or anonymous), as the middleware set it.
            return request.user
        return super().__call__(request)


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser session, CSRF-checked.

    Without a signed-in session there is nothing for CSRF to protect: the caller (no
    token, an expired or a garbage X-Session-Token) gets 401 `not_authenticated`, so an
    app knows to log in again. A signed-in session whose CSRF token is missing or
    wrong gets 403 `csrf_failed`, in the user's language."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def _get_key(self, request):
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request):
            raise PermissionDeniedError(
                _("The security check of this form failed (CSRF). Reload the page and try again."),
                "csrf_failed",
            )
        return request.COOKIES.get(self.param_name)


# Endpoints that act for a person: a token, or a signed-in browser session.
resident_auth = [SessionTokenAuth(), BrowserSessionAuth()]
# Public endpoints that personalise their answer when the caller is known.
optional_auth = [OptionalSessionTokenAuth()]
