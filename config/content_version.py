"""One version number for what the public site shows, kept in the cache (Redis in
production). Caches of public answers (the GET /api/events/ listing, anonymous HTML
pages, search answers) put it in their keys; every change that can alter a public
answer bumps it, so the next request misses and rebuilds from the database. Seats left,
waitlists and member counts therefore stay exact through every cache.

Who bumps it (each app connects its own signals in its AppConfig.ready()):
- events (events.cache.connect): enrollment_changed (after commit: enroll, cancel,
  promotion), saves and deletes of events and sessions;
- pages (pages.apps): Wagtail page_published / page_unpublished / post_page_move and
  page deletes, site settings;
- community (community.apps): membership saves and deletes (member counts, join state);
- search (search.signals): synonym changes.

Readers take the version BEFORE reading the data: an answer built from data that was
changed meanwhile is stored under the old version and never served again.
"""

import time
import zlib

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

VERSION_KEY = "balai:content:version"


def _new_version():
    # Never reuses a number an earlier (evicted or lost) version key may have had.
    return time.time_ns()


def current():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _new_version()
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY) or version
    return version


def bump(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, evicted, or Redis restarted
        cache.set(VERSION_KEY, _new_version(), None)


def bump_now_and_after_commit(**kwargs):
    """For signals sent inside a transaction: bump now (this process sees its own
    change at once) and again after commit (so an answer another process rebuilt from
    the not-yet-committed state in between is not served)."""
    bump()
    transaction.on_commit(bump)


def cached_json(request, prefix, build, schema=None, ttl=60):
    """A public JSON answer from the cache, built by `build()` on a miss and kept under
    the current version (so it is exact after any change). `schema` (a ninja Schema)
    renders what the endpoint documents. Only for answers that are the same for every
    caller of that URL. Says X-Balai-Cache: hit or miss."""
    import hashlib
    import json

    from django.http import HttpResponse
    from ninja.responses import NinjaJSONEncoder

    from config.page_cache import set_status

    version = current()  # before the data
    raw = f"{request.get_host()}|{request.get_full_path()}"
    key = (
        f"{prefix}:{version}:{translation.get_language()}:"
        f"{hashlib.sha256(raw.encode()).hexdigest()}"
    )
    body = cache.get(key)
    set_status(request, "hit" if body is not None else "miss")
    if body is None:
        data = build()
        if schema is not None:
            data = schema.model_validate(data).model_dump()
        body = json.dumps(data, cls=NinjaJSONEncoder).encode()
        cache.set(key, body, ttl)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


class CachedStream:
    """A large public answer (an open-data file), streamed in pieces and kept in the
    cache under the content version, so a worker never holds the whole body.

    `build` returns an iterable of str or bytes; the first request of a version streams
    it while storing it as zlib-compressed pieces of about PIECE_BYTES, then a manifest
    (`{"pieces", "bytes"}`) once the last piece is stored. Later requests of the same
    version replay the pieces, one at a time, with a Content-Length. A build the client
    abandons stores no manifest, so a partial body is never replayed; a manifest whose
    pieces were evicted is dropped and the answer rebuilt.

    `status` is "hit" or "miss"; `length` is the body's size on a hit (None on a miss);
    `etag` names the version (and the language), for a conditional GET.
    """

    PIECE_BYTES = 1 << 20

    def __init__(self, prefix, build, ttl=600, version=None):
        self.version = version if version is not None else current()  # before the data
        language = translation.get_language() or "-"
        self.key = f"{prefix}:{self.version}:{language}"
        self.etag = f'"{prefix}-{language}-{self.version}"'
        self.ttl = ttl
        self._build = build
        manifest = cache.get(f"{self.key}:manifest")
        if manifest is not None and not all(
            cache.has_key(f"{self.key}:{i}") for i in range(manifest["pieces"])
        ):
            cache.delete(f"{self.key}:manifest")
            manifest = None
        self._manifest = manifest
        self.status = "miss" if manifest is None else "hit"
        self.length = None if manifest is None else manifest["bytes"]

    def __iter__(self):
        self._iterator = self._replay() if self._manifest is not None else self._record()
        return self._iterator

    def close(self):
        """Called with the response's close(): an abandoned build stops at once (and
        lets go of its database cursor) without storing a manifest."""
        iterator = getattr(self, "_iterator", None)
        if iterator is not None:
            iterator.close()

    def _replay(self):
        for i in range(self._manifest["pieces"]):
            piece = cache.get(f"{self.key}:{i}")
            if piece is None:  # evicted since the check: end short, rebuild next time
                cache.delete(f"{self.key}:manifest")
                raise RuntimeError(f"cache piece {self.key}:{i} is gone")
            yield zlib.decompress(piece)

    def _record(self):
        pending, size, pieces, total = [], 0, 0, 0
        # Pieces outlive the manifest written after them: a replay finds all of them.
        piece_ttl = self.ttl + 300
        for chunk in self._build():
            data = chunk.encode() if isinstance(chunk, str) else chunk
            if not data:
                continue
            pending.append(data)
            size += len(data)
            if size >= self.PIECE_BYTES:
                piece = b"".join(pending)
                cache.set(f"{self.key}:{pieces}", zlib.compress(piece, 1), piece_ttl)
                pieces, total, pending, size = pieces + 1, total + len(piece), [], 0
                yield piece
        if pending or not pieces:
            piece = b"".join(pending)
            cache.set(f"{self.key}:{pieces}", zlib.compress(piece, 1), piece_ttl)
            pieces, total = pieces + 1, total + len(piece)
            yield piece
        cache.set(f"{self.key}:manifest", {"pieces": pieces, "bytes": total}, self.ttl)
