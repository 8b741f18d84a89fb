"""The Redis cache, made to fail soft: a Redis outage never stops a log-in.

django-redis's IGNORE_EXCEPTIONS turns a failed call into a cache miss, but each call
still waits for Redis and logs a traceback (64 requests wrote 40,000 lines), and
`add()` answers "not added", which allauth's rate limiter reads as "someone else holds
the lock": every log-in, sign-up and password reset got a 429.

`ResilientRedisCache` adds a circuit breaker. The first failed call marks Redis down for
RETRY_AFTER seconds (process-wide) and logs one warning; until then every call is a
cache miss at once, without touching the network; after that one call tries again,
and the first success logs that Redis is back. While Redis is down `add()` answers
"added", so the rate limits degrade (they are not enforced) instead of locking
everybody out.
"""

import logging
import threading
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger("balai.cache")

RETRY_AFTER = 30.0


class _Breaker:
    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.down = False

    def is_open(self):
        return self.down and time.monotonic() < self.down_until

    def failed(self, server, error):
        with self.lock:
            self.down_until = time.monotonic() + RETRY_AFTER
            if self.down:
                return
            self.down = True
        logger.warning(
            "Redis (%s) is unreachable: %s. Caching is off and log-in rate limits are not "
            "enforced until it is back; retrying every %d s.",
            server,
            error,
            RETRY_AFTER,
        )

    def succeeded(self, server):
        if not self.down:
            return
        with self.lock:
            if not self.down:
                return
            self.down = False
        logger.warning("Redis (%s) is reachable again: caching and rate limits are back.", server)


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(server):
    with _breakers_lock:
        return _breakers.setdefault(server, _Breaker())


class _GuardedClient:
    """The django-redis client, behind the breaker."""

    def __init__(self, client, breaker, server):
        self._client = client
        self._breaker = breaker
        self._server = server

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            if self._breaker.is_open():
                raise ConnectionInterrupted(connection=None)
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                self._breaker.failed(self._server, error)
                raise
            self._breaker.succeeded(self._server)
            return result

        return call


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        # Failures become misses (the breaker has said so once): no traceback per call.
        self._ignore_exceptions = True
        self._log_ignored_exceptions = False
        self._breaker = breaker_for(str(server))

    @property
    def client(self):
        return _GuardedClient(RedisCache.client.fget(self), self._breaker, self._server)

    def add(self, *args, **kwargs):
        added = super().add(*args, **kwargs)
        # None: Redis did not answer. Say "added" so locks built on add() (allauth's
        # rate limiter) let the request through rather than refuse everyone.
        return True if added is None else added
