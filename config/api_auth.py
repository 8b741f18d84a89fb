"""Authentication for the JSON API: the browser session (with CSRF) or allauth's
app session token (`X-Session-Token`), so the web site and the mobile app share one API."""

from allauth.headless.contrib.ninja.security import XSessionTokenAuth
from ninja.security import SessionAuth


class SessionTokenAuth(XSessionTokenAuth):
    """allauth's app session token, documented in OpenAPI as the header it is."""

    openapi_in = "header"
    openapi_name = "X-Session-Token"


class OptionalSessionTokenAuth(SessionTokenAuth):
    """Lets anonymous callers through; a valid token still identifies the user."""

    allow_anonymous_users = True
    allow_invalid_session_tokens = False

    def __call__(self, request):
        user = super().__call__(request)
        if user is None and not request.headers.get("X-Session-Token"):
            # No token: fall back to the session user (or anonymous) set by middleware.
            return request.user
        return user


# Endpoints that act for a person: a token, or a signed-in browser session.
resident_auth = [SessionTokenAuth(), SessionAuth()]
# Public endpoints that personalise their answer when the caller is known.
optional_auth = [OptionalSessionTokenAuth()]
