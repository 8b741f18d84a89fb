"""Production: refuses to start without its secrets; passes `check --deploy`."""

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

from events.badges import retired_keys_problem, signing_key_problem

from .base import *  # noqa: F403
from .base import (
    BALAI_RETIRED_SIGNING_KEYS,
    BALAI_SIGNING_KEY,
    MISSING_IN_ENVIRONMENT,
    SECRET_KEY,
    env_bool,
)

if (
    not SECRET_KEY
    or len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX)
):
    # Refuse what `check --deploy` would warn about (security.W009), with its own limits.
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY must be set to a random value of at least {SECRET_KEY_MIN_LENGTH} "
        f"characters in production (at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different "
        f"characters, not starting with '{SECRET_KEY_INSECURE_PREFIX}')."
    )
if MISSING_IN_ENVIRONMENT:
    # E-mail verification is mandatory: without a mail server and the site's public
    # address nobody can finish signing up; without a database URL production would
    # quietly run on a SQLite file.
    missing = ", ".join(MISSING_IN_ENVIRONMENT)
    raise ImproperlyConfigured(
        f"Production needs these environment variables: {missing} (see docs/configuration.md)."
    )


_signing_key_problem = signing_key_problem(BALAI_SIGNING_KEY)
if _signing_key_problem:
    raise ImproperlyConfigured(
        f"{_signing_key_problem} BALAI_SIGNING_KEY must be set in production: the Ed25519 key "
        "that signs certificates (base64 of 32 random bytes, or a PEM). See "
        "docs/certificates.md."
    )

_retired_keys_problem = retired_keys_problem(BALAI_RETIRED_SIGNING_KEYS)
if _retired_keys_problem:
    raise ImproperlyConfigured(f"{_retired_keys_problem} See docs/certificates.md.")

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
