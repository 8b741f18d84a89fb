"""Production settings plus the cached-listing experiment (bench/experiments only)."""

from config.settings.production import *  # noqa: F403
from config.settings.production import MIDDLEWARE

MIDDLEWARE = [*MIDDLEWARE, "bench.experiments.cached_event_list.CachedEventListMiddleware"]
