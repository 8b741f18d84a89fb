"""Local development: the embedded default, nothing to configure."""

from events.badges import THROWAWAY_SIGNING_KEY

from .base import *  # noqa: F403
from .base import BALAI_SIGNING_KEY, SECRET_KEY

DEBUG = True
# A fixed, obviously fake key: only ever used on a developer's machine.
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-balai"
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the apps and static/ (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# No worker needed on a developer's machine: background tasks (search index updates,
# e-mails) run at once, inside the request.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A fixed, published throwaway certificate signing key (it is in the source): never
# trusted outside this machine (production requires BALAI_SIGNING_KEY and refuses this one).
BALAI_SIGNING_KEY = BALAI_SIGNING_KEY or THROWAWAY_SIGNING_KEY
