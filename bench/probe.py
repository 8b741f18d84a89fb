"""In-process half of the benchmark: picks the URLs to load and counts database queries.

Run by bench/run.py with the same environment as the gunicorn it starts (production
settings, the benchmark database, the same Redis). For every target it requests the URL
with Django's test client under CaptureQueriesContext: once after clearing the cache
("cold"), once right after ("warm", what the load run mostly sees when a cache answers),
and a few times after bumping the content version ("miss": what a request costs when
Balai's caches cannot answer, in ms in-process). Prints one JSON line:
{"targets": [{name, path, kind, paths?, cookie?, method?, body?, content_type?, status,
queries_cold, queries_warm, queries_miss, miss_ms, items, bytes}]}.

Signed-in targets carry a session cookie made here for a real resident of the data
(the one with the most enrollments; a leader of a group for the leader's view).
Search targets carry `paths`: the load generator draws one of them at random for each
request (SEARCH_QUERIES: Indonesian words, program names, typos, two-word phrases).
"""

import json
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import setup_django  # noqa: E402

SEARCH_QUERY = "pelatihan"
# What residents type: words, program and activity names, places, typos, two words.
SEARCH_QUERIES = [
    "pelatihan", "menjahit", "posyandu", "beasiswa", "sembako", "blt", "umkm", "lansia",
    "balita", "kesehatan", "batik", "membatik", "tata boga", "tata rias", "komputer",
    "kursus komputer", "modal usaha", "usaha mikro", "bantuan langsung tunai",
    "bantuan sembako", "keripik", "karang taruna", "pkk", "ibu pkk", "paket c",
    "kelompok belajar", "literasi digital", "pemasaran daring", "sosialisasi",
    "rapat warga", "kerja bakti", "cek kesehatan", "pemeriksaan lansia", "bimbingan belajar",
    "pelajar berprestasi", "warga rentan", "sukamaju", "mekarsari", "cibeureum",
    "sindangjaya", "tanjungsari", "kaler", "kidul", "rw 03", "menjahit sukamaju",
    "posyandu mekarsari", "batik kidul", "pelatihn", "posyandhu", "beasiswaa", "menjait",
    "komputr", "sembakoo", "latihan", "berlatih", "jahit", "usaha", "kesehatan gratis",
    "belajar", "gratis", "pendampingan", "daring", "kelompok usaha jahit", "bantuan",
]  # fmt: skip
# What a Wagtail user would ask API v2 for to draw an event list like /api/events/.
WAGTAIL_V2_WANTED = ["summary", "kind", "category", "capacity", "sessions", "is_cancelled"]
MISS_SAMPLES = 3


def count_items(body):
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        for key in ("items", "results"):
            if isinstance(data.get(key), list):
                return len(data[key])
    return None


def session_cookie(user):
    """A signed-in session for `user`, as the Cookie header a browser would send."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def signed_in_targets(event_qs):
    """Kegiatan saya, an event page and a group page as its leader, each signed in."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q
    from django.urls import reverse

    from community.models import CommunityGroupPage, Membership
    from events.models import Enrollment

    User = get_user_model()
    busy = (
        User.objects.annotate(
            n=Count("enrollments", filter=~Q(enrollments__status=Enrollment.Status.CANCELLED))
        )
        .filter(n__gt=0)
        .order_by("-n", "pk")
        .first()
    )
    out = []
    if busy is not None:
        cookie = session_cookie(busy)
        path = reverse("events:my_enrollments")
        out.append({"name": "my_enrollments", "path": path, "kind": "signed_in", "cookie": cookie})
        mine = event_qs.filter(enrollments__user=busy).order_by("pk").first()
        if mine is not None:
            out.append(
                {"name": "event_page_signed_in", "path": mine.url, "kind": "signed_in",
                 "cookie": cookie}
            )  # fmt: skip
    leader = (
        Membership.objects.filter(status="active", role="leader", group__live=True)
        .select_related("user")
        .order_by("group_id")
        .first()
    )
    if leader is not None:
        group = CommunityGroupPage.objects.get(pk=leader.group_id)
        out.append(
            {"name": "group_page_leader", "path": group.url, "kind": "signed_in",
             "cookie": session_cookie(leader.user)}
        )  # fmt: skip
    return out


def search_paths(base):
    return [f"{base}?{urlencode({'q': q})}" for q in SEARCH_QUERIES]


def targets():
    from parts import all_targets

    from community.models import CommunityGroupPage, GroupIndexPage
    from events.models import EventIndexPage, EventPage
    from pages.models import ProgramIndexPage

    def url_of(model, **filters):
        page = model.objects.live().public().filter(**filters).order_by("pk").first()
        return page.url if page else None

    event_qs = EventPage.objects.live().public().filter(is_cancelled=False)
    event_qs = event_qs.filter(capacity__isnull=False, enrollments__isnull=False).distinct()
    upcoming = getattr(event_qs, "upcoming", None)
    event = (upcoming() if upcoming else event_qs).order_by("pk").first() or event_qs.first()
    group = CommunityGroupPage.objects.live().public().filter(memberships__isnull=False)
    group = group.order_by("pk").first()
    api_fields = {field.name for field in getattr(EventPage, "api_fields", [])}
    v2_fields = ",".join(name for name in WAGTAIL_V2_WANTED if name in api_fields)
    v2 = "/api/v2/pages/?type=events.EventPage&limit=20"
    if v2_fields:
        v2 += f"&fields={v2_fields}"
    api_search_paths = search_paths("/api/search/")
    page_search_paths = search_paths("/cari/")
    rows = [
        ("home", "/", "page"),
        ("program_index", url_of(ProgramIndexPage), "page"),
        ("event_index", url_of(EventIndexPage), "page"),
        ("event_page", event.url if event else None, "page"),
        ("group_page", group.url if group else None, "page"),
        ("group_index", url_of(GroupIndexPage), "page"),
        ("api_events", "/api/events/", "api"),
        ("api_event", f"/api/events/{event.pk}/" if event else None, "api"),
        ("api_groups", "/api/groups/", "api"),
        ("wagtail_v2", v2, "baseline"),
        ("healthz", "/healthz", "baseline"),
    ]
    out = [{"name": name, "path": path, "kind": kind} for name, path, kind in rows]
    out[-2:-2] = [
        {"name": "api_search", "path": api_search_paths[0], "kind": "search",
         "paths": api_search_paths},
        {"name": "search_page", "path": page_search_paths[0], "kind": "search",
         "paths": page_search_paths},
        *signed_in_targets(event_qs),
        # The apps added after the core name their own endpoints (bench/parts/), GET or
        # POST ({"method": "POST", "body": "...", "content_type": "..."}).
        *all_targets(),
    ]  # fmt: skip
    return out


def _request(client, target, path):
    method = target.get("method", "GET").upper()
    headers = {}
    if target.get("cookie"):
        headers["HTTP_COOKIE"] = target["cookie"]
    if method == "POST":
        response = client.post(
            path,
            data=target.get("body", ""),
            content_type=target.get("content_type", "application/json"),
            **headers,
        )
    else:
        response = client.generic(method, path, **headers)
    # A streamed answer (the open-data files) does its work while it is read.
    response.body = b"".join(response.streaming_content) if response.streaming else response.content
    return response


def measure(target):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from config import content_version

    path = target["path"]
    client = Client(HTTP_HOST="127.0.0.1")
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        first = _request(client, target, path)
    with CaptureQueriesContext(connection) as warm:
        second = _request(client, target, path)
    # What a request costs when Balai's caches cannot answer (Wagtail's stay warm).
    paths = target.get("paths") or [path]
    timings, misses = [], None
    for i in range(MISS_SAMPLES):
        content_version.bump()
        with CaptureQueriesContext(connection) as miss:
            t0 = time.perf_counter()
            _request(client, target, paths[i % len(paths)])
            timings.append((time.perf_counter() - t0) * 1000)
        misses = len(miss.captured_queries)
    return {
        "status": second.status_code,
        "queries_cold": len(cold.captured_queries),
        "queries_warm": len(warm.captured_queries),
        "queries_miss": misses,
        "miss_ms": round(min(timings), 1),
        "items": count_items(second.body)
        if second.get("Content-Type", "").startswith("application/json")
        else None,
        "bytes": len(second.body),
        "first_status": first.status_code,
    }


def main():
    setup_django()
    import logging

    logging.disable(logging.CRITICAL)  # a 500 here is reported in the table, not as noise
    out = []
    for target in targets():
        row = dict(target)
        if target.get("path") is None:
            row.update(status=None, error="no such page in the data")
        else:
            try:
                row.update(measure(target))
            except Exception as exc:  # noqa: BLE001 - report, do not crash the run
                row.update(status=500, error=f"{type(exc).__name__}: {exc}"[:300])
        out.append(row)
    print(json.dumps({"targets": out}))


if __name__ == "__main__":
    main()
