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
        if not self.get_session_token(request):
            # No token: the browser session's user (or anonymous), as the middleware set it.
            return request.user
        return super().__call__(request)


# Endpoints that act for a person: a token, or a signed-in browser session.
resident_auth = [SessionTokenAuth(), SessionAuth()]
# Public endpoints that personalise their answer when the caller is known.
optional_auth = [OptionalSessionTokenAuth()]
