"""Production: refuses to start without its secrets; passes `check --deploy`."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BALAI_SIGNING_KEY, MISSING_IN_ENVIRONMENT, SECRET_KEY, env_bool

if not SECRET_KEY or len(SECRET_KEY) < 50:
    # `check --deploy` warns below 50 characters: refuse what it would warn about.
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
if MISSING_IN_ENVIRONMENT:
    # E-mail verification is mandatory: without a mail server and the site's public
    # address nobody can finish signing up; without a database URL production would
    # quietly run on a SQLite file.
    missing = ", ".join(MISSING_IN_ENVIRONMENT)
    raise ImproperlyConfigured(
        f"Production needs these environment variables: {missing} (see docs/configuration.md)."
    )


def _signing_key_ok(value):
    """An Ed25519 seed as base64 (32 bytes), or a PEM (events.badges loads both)."""
    import base64
    import binascii

    value = value.strip()
    if value.startswith("-----BEGIN"):
        return True
    try:
        padded = value + "=" * (-len(value) % 4)
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        return False
    return len(raw) == 32


if not BALAI_SIGNING_KEY or not _signing_key_ok(BALAI_SIGNING_KEY):
    raise ImproperlyConfigured(
        "BALAI_SIGNING_KEY must be set in production: the Ed25519 key that signs certificates "
        "(base64 of 32 random bytes, or a PEM). See docs/certificates.md."
    )

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views set SAMEORIGIN for themselves
LOGGING = {
    **LOGGING,  # noqa: F405
    "root": {"handlers": ["console"], "level": "INFO"},
}
