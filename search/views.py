"""The search page at /cari/: a GET form, results, facets, pagination.

Thin: it calls search.service like the API does, and only adds what a page needs
(links that keep the other parameters, dates for display, the empty states).
"""

from datetime import date, datetime

from django.template.response import TemplateResponse
from django.utils import timezone

from config.page_cache import is_anonymous, mark_cacheable
from events.models import EventPage
from pages.models import ProgramPage, ProgramStatus
from search import service
from search.service import SearchInputError, SearchParams

POPULAR_SEARCHES = ["BLT", "posyandu", "pelatihan menjahit", "UMKM", "beasiswa", "sembako"]


def _url(request, **changes):
    query = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode() if query else "?"


def _display(result):
    """Dates as datetimes for the template's date filters."""
    item = dict(result)
    if item.get("next_session"):
        item["next_session"] = timezone.localtime(datetime.fromisoformat(item["next_session"]))
    if item.get("date"):
        item["date"] = date.fromisoformat(str(item["date"])[:10])
    return item


def _helpful_links():
    programs = (
        ProgramPage.objects.live()
        .public()
        .filter(status=ProgramStatus.OPEN)
        .order_by("-first_published_at", "-pk")[:4]
    )
    events = EventPage.objects.live().public().listing()[:4]  # the one listing read path
    return {"open_programs": list(programs), "upcoming_events": list(events)}


def search_page(request):
    status, error = 200, None
    try:
        params = service.parse_params(request.GET)
    except SearchInputError as exc:
        params, error, status = SearchParams(), exc.message, 400
    response = service.search(params, request)
    context = {
        "params": params,
        "response": response,
        "results": [_display(r) for r in response.results],
        "error": error,
        "popular_searches": POPULAR_SEARCHES,
        "previous_url": _url(request, page=str(params.page - 1)) if params.page > 1 else None,
        "next_url": _url(request, page=str(params.page + 1)) if response.has_next else None,
        "suggestion_urls": [(s, "?" + _query_with(request, s)) for s in response.suggestions],
        "proposals": response.proposals,
    }
    if params.is_empty or response.count == 0:
        context.update(_helpful_links())
    if is_anonymous(request):
        # The same page for every anonymous visitor: shareable from the page cache
        # (config.page_cache keeps it only if it is a 200 that set no cookie).
        mark_cacheable(request)
    return TemplateResponse(request, "search/search_page.html", context, status=status)


def _query_with(request, q):
    query = request.GET.copy()
    query["q"] = q
    query.pop("page", None)
    return query.urlencode()
