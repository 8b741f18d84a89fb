"""Production: refuses to start without its secrets; passes `check --deploy`."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MISSING_IN_ENVIRONMENT, SECRET_KEY, env_bool

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
