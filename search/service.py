"""Search: one contract, two engines chosen by settings.

    from search.service import get_engine, parse_params
    response = get_engine().search(parse_params(request.GET))

`get_engine()` returns the Elasticsearch engine when settings.ELASTICSEARCH_URL is set
(it answers from the database engine whenever the cluster cannot be reached), and the
database engine (Wagtail's database search backend) otherwise. The HTML page at /cari/
and GET /api/search/ both call it; neither knows which engine answered.

Input (`SearchParams`): query text; filters type, category, area (slugs, several of each
allowed: OR within a filter, AND between filters), a date range (events only: one of
the event's sessions starts inside it), `open` (something a resident can join now:
programs open for applications, upcoming events with free seats, groups with room);
page.

Output (`SearchResponse`): count, results (dicts, see `search.content.card`), facet
counts for type, category and area (each facet counted with every filter except its
own, so a resident can switch between types), and suggestions ("did you mean") when
nothing matches.

Ranking: things still current (open or upcoming programs, events still to come,
groups, articles) before closed programs and past or cancelled events; within those,
relevance (title over summary over body).
"""

import hashlib
import math
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import cache

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from config.errors import DomainError

TYPES = ("program", "event", "group", "article")
TYPE_LABELS = {
    "program": _("Programs"),
    "event": _("Events"),
    "group": _("Community groups"),
    "article": _("Articles"),
}
PER_PAGE = 10
MAX_PAGE = 100
MAX_QUERY_LENGTH = 200
# What a query may contain: letters, digits, spaces, hyphens. Anything else (quotes,
# operators of either engine's query syntax) is treated as a space.
QUERY_CLEAN_RE = re.compile(r"[^\w\s\-]+", re.UNICODE)
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
TRUE_VALUES = {"1", "true", "on", "yes", "ya"}
FALSE_VALUES = {"", "0", "false", "off", "no", "tidak"}


class SearchInputError(DomainError):
    status = 422

    def __init__(self, message, field_name):
        super().__init__(message, code="invalid_search", status=422)
        self.field = field_name


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    types: tuple = ()
    categories: tuple = ()
    areas: tuple = ()
    date_from: date | None = None
    date_to: date | None = None
    open_only: bool = False
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def has_filters(self):
        return bool(
            self.types
            or self.categories
            or self.areas
            or self.date_from
            or self.date_to
            or self.open_only
        )

    @property
    def is_empty(self):
        """Nothing asked yet: the page shows its welcome state, the API an empty answer."""
        return not self.q and not self.has_filters

    @property
    def has_dates(self):
        return bool(self.date_from or self.date_to)

    def with_page(self, page):
        return replace(self, page=page)


@dataclass
class SearchResponse:
    count: int = 0
    results: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    suggestions: list = field(default_factory=list)
    page: int = 1
    per_page: int = PER_PAGE
    engine: str = "database"
    # Residents' proposals matching q (search.proposals), beside the page results on
    # the first page only.
    proposals: list = field(default_factory=list)

    @property
    def num_pages(self):
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def has_next(self):
        return self.page < self.num_pages

    @property
    def has_previous(self):
        return self.page > 1

    def as_dict(self):
        return {
            "count": self.count,
            "page": self.page,
            "pages": self.num_pages,
            "results": self.results,
            "facets": self.facets,
            "suggestions": self.suggestions,
            "proposals": self.proposals,
        }


# --- Input ---------------------------------------------------------------------------


def _values(data, name):
    if hasattr(data, "getlist"):
        values = data.getlist(name)
    else:
        value = data.get(name)
        values = value if isinstance(value, list | tuple) else [value] if value else []
    out = []
    for value in values:
        for part in str(value).split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def _date(data, name, label):
    value = (data.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SearchInputError(
            _("%(field)s must be a date like 2026-12-31.") % {"field": label}, name
        ) from None


def parse_params(data):
    """Validate query parameters (a QueryDict or a dict) into SearchParams.

    Raises SearchInputError (422, a message in the resident's language) for bad input.
    """
    from pages.models import ProgramCategory

    q = QUERY_CLEAN_RE.sub(" ", str(data.get("q") or ""))
    q = " ".join(q.split())
    if len(q) > MAX_QUERY_LENGTH:
        raise SearchInputError(
            _("The search text is too long (at most %(n)d characters).") % {"n": MAX_QUERY_LENGTH},
            "q",
        )
    types = _values(data, "type")
    for value in types:
        if value not in TYPES:
            raise SearchInputError(
                _("Unknown type %(value)s: choose program, event, group or article.")
                % {"value": value},
                "type",
            )
    categories = _values(data, "category")
    for value in categories:
        if value not in ProgramCategory.values:
            raise SearchInputError(_("Unknown category: %(value)s.") % {"value": value}, "category")
    areas = _values(data, "area")
    for value in areas:
        if not SLUG_RE.match(value) or len(value) > 160:
            raise SearchInputError(_("Unknown area: %(value)s.") % {"value": value}, "area")
    date_from = _date(data, "from", _("From"))
    date_to = _date(data, "to", _("Until"))
    if date_from and date_to and date_from > date_to:
        raise SearchInputError(_("The start date is after the end date."), "from")
    raw_open = str(data.get("open") or "").strip().lower()
    if raw_open not in TRUE_VALUES | FALSE_VALUES:
        raise SearchInputError(_("open must be true or false."), "open")
    raw_page = str(data.get("page") or "1").strip()
    if not raw_page.isdigit() or not 1 <= int(raw_page) <= MAX_PAGE:
        raise SearchInputError(
            _("The page must be a number from 1 to %(n)d.") % {"n": MAX_PAGE}, "page"
        )
    return SearchParams(
        q=q,
        types=tuple(types),
        categories=tuple(categories),
        areas=tuple(areas),
        date_from=date_from,
        date_to=date_to,
        open_only=raw_open in TRUE_VALUES,
        page=int(raw_page),
    )


# --- Engines -------------------------------------------------------------------------


@cache
def _engine_for(url):
    if url:
        from search.engines.elasticsearch import ElasticsearchEngine

        return ElasticsearchEngine(url)
    from search.engines.database import DatabaseEngine

    return DatabaseEngine()


def get_engine():
    """The engine the settings choose: Elasticsearch when ELASTICSEARCH_URL is set."""
    return _engine_for(getattr(settings, "ELASTICSEARCH_URL", "") or "")


CACHE_TTL = 300
CACHE_PREFIX = "search:answer"


def _cache_key(params, engine_name, version):
    from django.utils import translation

    raw = repr((engine_name, translation.get_language(), params))
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"{CACHE_PREFIX}:{version}:{digest}"


def search(params, request=None):
    """The engine's answer, cached per query under the site's content version (a layer
    on top: every answer is built by the engine from its indexes first). Seats left and
    member counts stay exact: any enrollment, membership or publish bumps the version.
    With `request`, the response says X-Balai-Cache: hit or miss."""
    from django.core.cache import cache

    from config import content_version, page_cache

    engine = get_engine()
    version = content_version.current()  # before the data: see config.content_version
    key = _cache_key(params, getattr(engine, "name", "?"), version)
    cached = cache.get(key)
    if cached is not None:
        if request is not None:
            page_cache.set_status(request, "hit")
        return SearchResponse(**cached)
    response = engine.search(params)
    if params.page == 1:
        from search.proposals import matching_proposals

        response.proposals = matching_proposals(params.q)
    if response.engine == getattr(engine, "name", response.engine):
        # An Elasticsearch outage answered from the database is not kept.
        cache.set(key, asdict(response), CACHE_TTL)
    if request is not None:
        page_cache.set_status(request, "miss")
    return response


def suggest(q, limit=8):
    q = " ".join(QUERY_CLEAN_RE.sub(" ", q or "").split())[:MAX_QUERY_LENGTH]
    if len(q) < 2:
        return []
    return get_engine().suggest(q, limit=limit)
