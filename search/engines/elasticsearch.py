"""The Elasticsearch engine: elasticsearch-dsl, FacetedSearch, highlighting, suggest.

If the cluster cannot be reached (connection refused, timeout, missing index or any
other transport or API error), the answer comes from the database engine and a warning
is logged: the resident never sees an error page.
"""

import html
import logging

from elastic_transport import TransportError
from elasticsearch import ApiError
from elasticsearch_dsl import FacetedSearch, Q, Search, TermsFacet
from elasticsearch_dsl.query import MatchAll

from pages.models import Area
from search.content import with_labels
from search.documents import alias_name
from search.engines.database import DatabaseEngine
from search.es import connection_alias
from search.facets import build_facets
from search.service import TYPES, SearchResponse

logger = logging.getLogger("search")

ES_ERRORS = (TransportError, ApiError)
# Added to the relevance of what is still current (open programs, upcoming events,
# groups, articles), so it always ranks above closed programs and past events.
CURRENT_BOOST = 1000
TEXT_FIELDS = ["title^3", "summary^2", "body"]
HIGHLIGHT_FIELDS = ("summary", "body", "title")
SNIPPET_LENGTH = 200


def current_query():
    return Q(
        "bool",
        should=[
            Q("bool", must_not=[Q("term", type="event")], filter=[Q("term", is_current=True)]),
            Q(
                "bool",
                filter=[
                    Q("term", type="event"),
                    Q("term", is_cancelled=False),
                    Q("range", last_ends_at={"gte": "now"}),
                ],
            ),
        ],
        minimum_should_match=1,
    )


def open_query():
    return Q(
        "bool",
        should=[
            Q("bool", filter=[Q("term", type="program"), Q("term", is_open=True)]),
            Q(
                "bool",
                filter=[
                    Q("term", type="event"),
                    Q("term", is_open=True),
                    Q("range", last_ends_at={"gte": "now"}),
                ],
            ),
            Q("bool", filter=[Q("term", type="group"), Q("term", is_open=True)]),
        ],
        minimum_should_match=1,
    )


def dates_query(date_from, date_to):
    bounds = {}
    if date_from:
        bounds["gte"] = date_from.isoformat()
    if date_to:
        bounds["lte"] = date_to.isoformat()
    return Q("bool", filter=[Q("term", type="event"), Q("range", session_dates=bounds)])


class AreaFacet(TermsFacet):
    """Counts direct areas (slugs); filters like the listings do: the chosen area, the
    areas around it and the areas inside it (ids resolved from the database)."""

    def __init__(self, area_ids=(), **kwargs):
        super().__init__(**kwargs)
        self.area_ids = sorted(area_ids)

    def add_filter(self, filter_values):
        if not filter_values:
            return None
        return Q("terms", area_ids=self.area_ids or [-1])


class BalaiFacetedSearch(FacetedSearch):
    fields = TEXT_FIELDS

    def __init__(self, params, using="default", area_ids=(), operator="and"):
        self.index = [alias_name(t) for t in TYPES]
        self.using = using
        self.params = params
        self.operator = operator
        self.facets = {
            "type": TermsFacet(field="type", size=len(TYPES)),
            "category": TermsFacet(field="category", size=20),
            "area": AreaFacet(area_ids=area_ids, field="area_slugs", size=100),
        }
        filters = {
            name: list(values)
            for name, values in (
                ("type", params.types),
                ("category", params.categories),
                ("area", params.areas),
            )
            if values
        }
        super().__init__(query=params.q or None, filters=filters)

    def search(self):
        s = super().search()
        if self.params.open_only:
            s = s.filter(open_query())
        if self.params.has_dates:
            s = s.filter(dates_query(self.params.date_from, self.params.date_to))
        return s.extra(track_total_hits=True).source(excludes=["body"])

    def query(self, search, query):
        if query:
            text = Q(
                "bool",
                must=[
                    Q(
                        "multi_match",
                        query=query,
                        fields=TEXT_FIELDS,
                        type="cross_fields",
                        operator=self.operator,
                    )
                ],
                should=[Q("match_phrase", title={"query": query, "boost": 2})],
            )
        else:
            text = MatchAll()
        return search.query(
            "function_score",
            query=text,
            functions=[{"filter": current_query().to_dict(), "weight": CURRENT_BOOST}],
            score_mode="sum",
            boost_mode="sum",
        )

    def build_search(self):
        s = super().build_search()
        if self._query is None:
            # build_search only adds the query when there is text: rank the rest too.
            s = self.query(s, None)
        if self._query:
            s = s.suggest(
                "spelling", self._query, term={"field": "title.plain", "suggest_mode": "missing"}
            )
        return s

    def highlight(self, search):
        return search.highlight_options(
            encoder="html",
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            number_of_fragments=1,
            fragment_size=SNIPPET_LENGTH,
        ).highlight(*HIGHLIGHT_FIELDS)

    def sort(self, search):
        return search.sort(
            "_score",
            {"published_at": {"order": "desc", "unmapped_type": "date"}},
            {"page_id": {"order": "desc", "unmapped_type": "integer"}},
        )


def _snippet(hit):
    highlight = getattr(hit.meta, "highlight", None)
    if highlight is not None:
        for name in ("summary", "body"):
            fragments = getattr(highlight, name, None)
            if fragments:
                return fragments[0]
    summary = getattr(hit, "summary", "") or ""
    if len(summary) > SNIPPET_LENGTH:
        cut = summary[:SNIPPET_LENGTH]
        return html.escape(cut[: cut.rfind(" ")] if " " in cut else cut) + " …"
    return html.escape(summary)


def _card(hit):
    data = hit.to_dict()
    card = {
        "id": data.get("page_id"),
        "type": data.get("type"),
        "title": data.get("title"),
        "url": data.get("url"),
        "summary": data.get("summary"),
        "category": data.get("category"),
        "area": data.get("area"),
        "area_slugs": data.get("area_slugs") or [],
        "status": data.get("status"),
        "next_session": data.get("next_session"),
        "seats_left": data.get("seats_left"),
        "member_count": data.get("member_count"),
        "date": data.get("date"),
        "is_current": data.get("is_current", True),
        "is_open": data.get("is_open", False),
    }
    card["snippet"] = _snippet(hit)
    return with_labels(card)


def _did_you_mean(response, q):
    suggest = getattr(response, "suggest", None)
    if not suggest or "spelling" not in suggest:
        return []
    words, changed = [], False
    for entry in suggest.spelling:
        options = list(entry.options)
        if options:
            words.append(options[0].text)
            changed = True
        else:
            words.append(entry.text)
    return [" ".join(words)] if changed else []


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(self, url):
        self.url = url
        self.fallback = DatabaseEngine()

    def _using(self):
        return connection_alias(self.url)

    def _area_ids(self, slugs):
        ids = set()
        for area in Area.objects.filter(slug__in=slugs):
            ids.update(area.related_ids())
        return ids

    def faceted_search(self, params, operator="and"):
        area_ids = self._area_ids(params.areas) if params.areas else ()
        start = (params.page - 1) * params.per_page
        fs = BalaiFacetedSearch(params, using=self._using(), area_ids=area_ids, operator=operator)
        return fs[start : start + params.per_page]

    def search(self, params):
        if params.is_empty:
            return self.fallback.search(params)
        try:
            return self._search(params)
        except ES_ERRORS as exc:
            logger.warning("Elasticsearch unavailable, searching the database: %s", exc)
            return self.fallback.search(params)

    def _search(self, params):
        response = self.faceted_search(params).execute()
        if response.hits.total.value == 0 and params.q and len(params.q.split()) > 1:
            # All the words found nothing: any of them (as the database engine does).
            response = self.faceted_search(params, operator="or").execute()
        facets = response.facets
        counts = {
            name: {value: count for value, count, _selected in facets[name]}
            for name in ("type", "category", "area")
        }
        result = SearchResponse(page=params.page, per_page=params.per_page, engine=self.name)
        result.count = response.hits.total.value
        result.results = [_card(hit) for hit in response]
        result.facets = build_facets(counts["type"], counts["category"], counts["area"], params)
        if result.count == 0 and params.q:
            result.suggestions = _did_you_mean(response, params.q)
        return result

    def suggest_search(self, q, limit=8):
        return (
            Search(using=self._using(), index=[alias_name(t) for t in TYPES])
            .query("match", **{"title.edge": {"query": q, "operator": "and"}})
            .source(["title", "url", "type"])
            .extra(size=limit)
        )

    def suggest(self, q, limit=8):
        try:
            response = self.suggest_search(q, limit).execute()
        except ES_ERRORS as exc:
            logger.warning("Elasticsearch unavailable, suggesting from the database: %s", exc)
            return self.fallback.suggest(q, limit)
        return [{"title": h.title, "url": h.url, "type": h.type} for h in response]
