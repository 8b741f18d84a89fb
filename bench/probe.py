"""In-process half of the benchmark: picks the URLs to load and counts database queries.

Run by bench/run.py with the same environment as the gunicorn it starts (production
settings, the benchmark database, the same Redis). For every target it requests the URL
with Django's test client twice under CaptureQueriesContext: once after clearing the
cache ("cold") and once right after ("warm", what the load run mostly sees). Prints one
JSON line: {"targets": [{name, path, status, queries_cold, queries_warm, items, bytes}]}.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import setup_django  # noqa: E402

SEARCH_QUERY = "pelatihan"
# What a Wagtail user would ask API v2 for to draw an event list like /api/events/.
WAGTAIL_V2_WANTED = ["summary", "kind", "category", "capacity", "sessions", "is_cancelled"]


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
    return [
        ("home", "/", "page"),
        ("program_index", url_of(ProgramIndexPage), "page"),
        ("event_index", url_of(EventIndexPage), "page"),
        ("event_page", event.url if event else None, "page"),
        ("group_page", group.url if group else None, "page"),
        ("group_index", url_of(GroupIndexPage), "page"),
        ("api_events", "/api/events/", "api"),
        ("api_event", f"/api/events/{event.pk}/" if event else None, "api"),
        ("api_search", f"/api/search/?q={SEARCH_QUERY}", "api"),
        ("api_groups", "/api/groups/", "api"),
        # The apps added after the core name their own endpoints (bench/parts/).
        *[(t["name"], t["path"], t["kind"]) for t in all_targets() if "method" not in t],
        ("wagtail_v2", v2, "baseline"),
        ("healthz", "/healthz", "baseline"),
    ]


def measure(path):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        first = client.get(path)
    with CaptureQueriesContext(connection) as warm:
        second = client.get(path)
    return {
        "status": second.status_code,
        "queries_cold": len(cold.captured_queries),
        "queries_warm": len(warm.captured_queries),
        "items": count_items(second.content)
        if second.get("Content-Type", "").startswith("application/json")
        else None,
        "bytes": len(second.content),
        "first_status": first.status_code,
    }


def main():
    setup_django()
    import logging

    logging.disable(logging.CRITICAL)  # a 500 here is reported in the table, not as noise
    out = []
    for name, path, kind in targets():
        row = {"name": name, "path": path, "kind": kind}
        if path is None:
            row.update(status=None, error="no such page in the data")
        else:
            try:
                row.update(measure(path))
            except Exception as exc:  # noqa: BLE001 - report, do not crash the run
                row.update(status=500, error=f"{type(exc).__name__}: {exc}"[:300])
        out.append(row)
    print(json.dumps({"targets": out}))


if __name__ == "__main__":
    main()
