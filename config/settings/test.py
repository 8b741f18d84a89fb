"""Fast, isolated test settings: SQLite by default, PostgreSQL when DATABASE_URL is set."""

from events.badges import THROWAWAY_SIGNING_KEY

from .base import *  # noqa: F403
from .base import BALAI_SIGNING_KEY

DEBUG = False
SECRET_KEY = "test-only-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ACCOUNT_RATE_LIMITS = False
ALLOWED_HOSTS = ["*"]
ELASTICSEARCH_URL = ""
# Serve static files straight from the apps and static/ (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A fixed, published throwaway certificate signing key (it is in the source): never
# trusted outside this machine (production requires BALAI_SIGNING_KEY and refuses this one).
BALAI_SIGNING_KEY = BALAI_SIGNING_KEY or THROWAWAY_SIGNING_KEY
