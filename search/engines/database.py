"""The embedded default: Wagtail's database search backend.

PostgreSQL full text search with the 'indonesian' configuration (stemming: "berlatih"
and "latihan" find "Pelatihan"), SQLite FTS5 locally. Synonyms are applied by query
expansion: the query becomes OR(query, query with each synonym in place).

Queries per search, whatever the number of matches: the full text match (1), which
of the matches hit the title (1), view restrictions (1), one row query per type (4),
the category and area facets (at most 3 + 3), the page of results (at most 4 types, a
prefetch or two each). Facets are counted by the database (GROUP BY), never per result.
"""

import difflib
import logging
from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText

from community.models import CommunityGroupPageQuerySet
from events.models import EventPageQuerySet
from pages.models import Area, ProgramPage, ProgramStatus
from search import content, synonyms
from search.facets import build_facets
from search.service import TYPES, SearchResponse

logger = logging.getLogger("search")

MAX_HITS = 2000  # matches considered per query (a kelurahan site has far fewer pages)
VOCABULARY_KEY = "search:vocabulary:v1"


def search_query(q, operator="and"):
    """The Wagtail search query for q, expanded with synonyms."""
    variants = synonyms.expand(q)
    if len(variants) == 1:
        return PlainText(variants[0], operator=operator)
    return Or([PlainText(v, operator=operator) for v in variants])


def _area_ids(slugs):
    ids = set()
    for area in Area.objects.filter(slug__in=slugs).select_related("parent__parent__parent"):
        ids.update(area.related_ids())
    return ids


def _ids(results):
    """Matching ids in the backend's order, without loading the pages (PostgreSQL and
    SQLite FTS results are querysets underneath; other backends are iterated)."""
    if hasattr(results, "get_queryset"):
        return list(results.get_queryset().values_list("pk", flat=True)[:MAX_HITS])
    return [page.pk for page in results[:MAX_HITS]]


class PkAnyOf(Expression):
    """`pk = ANY(%s)`: a list of ids as one array parameter (PostgreSQL)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, ids, lhs=None):
        super().__init__()
        self.ids = list(ids)
        self.lhs = lhs if lhs is not None else F("pk")

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False,
                           for_save=False):  # fmt: skip
        clone = self.copy()
        clone.lhs = self.lhs.resolve_expression(query, allow_joins, reuse, summarize, for_save)
        return clone

    def get_source_expressions(self):
        return [self.lhs]

    def set_source_expressions(self, exprs):
        (self.lhs,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.lhs)
        return f"{sql} = ANY(%s)", [*params, self.ids]


def only_ids(qs, ids):
    """qs limited to these ids. On PostgreSQL as one array parameter: up to MAX_HITS ids
    as `IN (%s, %s, ...)` cost more Python (Django builds a lookup per value, the driver
    splits the query) than the database work itself."""
    if connection.vendor != "postgresql":
        return qs.filter(pk__in=ids)
    return qs.filter(PkAnyOf(ids))


class TypeFilter:
    """How one result type answers the filters, as querysets."""

    key = None
    has_category = True
    has_area = True

    def base(self, now):
        return content.MODELS[self.key].objects.all()

    def category_expr(self):
        return F("category")

    def current_q(self):
        return None  # always current

    def open_q(self):
        return Q()

    def area_q(self, area_ids):
        return Q(area_id__in=area_ids)

    def dates_q(self, params):
        return None

    def queryset(self, ctx, skip=None):
        """Matches of this type with every filter but `skip`; None when none can match."""
        params = ctx.params
        if params.open_only and self.open_q() is None:
            return None
        if params.has_dates and self.dates_q(params) is None:
            return None
        if skip != "category" and params.categories and not self.has_category:
            return None
        if skip != "area" and params.areas and not self.has_area:
            return None
        qs = self.base(ctx.now).filter(ctx.visible)
        if ctx.hit_ids is not None:
            qs = only_ids(qs, ctx.hit_ids)
        current = self.current_q()
        qs = qs.annotate(
            search_category=self.category_expr(),
            search_current=Value(True)
            if current is None
            else ExpressionWrapper(current, output_field=BooleanField()),
        )
        if params.open_only:
            qs = qs.filter(self.open_q())
        if params.has_dates:
            qs = qs.filter(self.dates_q(params))
        if skip != "category" and params.categories:
            qs = qs.filter(search_category__in=params.categories)
        if skip != "area" and params.areas:
            qs = qs.filter(self.area_q(ctx.area_ids))
        return qs

    def area_counts(self, qs):
        rows = (
            content.MODELS[self.key]
            .objects.filter(pk__in=qs.values("pk"), area__isnull=False)
            .order_by()
            .values("area__slug")
            .annotate(n=Count("pk", distinct=True))
        )
        return {row["area__slug"]: row["n"] for row in rows}


class ProgramFilter(TypeFilter):
    key = "program"

    def current_q(self):
        return ~Q(status=ProgramStatus.CLOSED)

    def open_q(self):
        return Q(status=ProgramStatus.OPEN)

    def area_q(self, area_ids):
        through = ProgramPage.areas.through
        return Q(
            Exists(through.objects.filter(programpage_id=OuterRef("pk"), area_id__in=area_ids))
        )

    def area_counts(self, qs):
        through = ProgramPage.areas.through
        rows = (
            through.objects.filter(programpage_id__in=qs.values("pk"))
            .order_by()
            .values("area__slug")
            .annotate(n=Count("programpage_id", distinct=True))
        )
        return {row["area__slug"]: row["n"] for row in rows}


class EventFilter(TypeFilter):
    key = "event"

    def base(self, now):
        return content.MODELS["event"].objects.with_counts(now)

    def category_expr(self):
        return Coalesce(
            NullIf(F("category"), Value("")),
            F("organising_program__category"),
            output_field=CharField(),
        )

    def current_q(self):
        return Q(is_cancelled=False, next_starts_at__isnull=False)

    def open_q(self):
        return self.current_q() & EventPageQuerySet.free_seat_q()

    def dates_q(self, params):
        return EventPageQuerySet.session_between_q(params.date_from, params.date_to)


class GroupFilter(TypeFilter):
    key = "group"

    def base(self, now):
        return content.MODELS["group"].objects.with_member_counts()

    def category_expr(self):
        return F("related_program__category")

    def open_q(self):
        return CommunityGroupPageQuerySet.room_q()


class ArticleFilter(TypeFilter):
    key = "article"
    has_category = False
    has_area = False

    def category_expr(self):
        return Value(None, output_field=CharField())

    def open_q(self):
        return None


FILTERS = {f.key: f for f in (ProgramFilter(), EventFilter(), GroupFilter(), ArticleFilter())}


class _Context:
    def __init__(self, params, hit_ids, now, visible):
        self.params = params
        self.hit_ids = hit_ids
        self.now = now
        self.visible = visible
        self.area_ids = _area_ids(params.areas) if params.areas else set()


class DatabaseEngine:
    name = "database"

    def __init__(self):
        self.backend = get_search_backend()

    def _pages(self, visible):
        return Page.objects.filter(visible).type(*content.MODELS.values())

    # --- Search ----------------------------------------------------------------------

    def _hits(self, q, visible):
        """Ids matching q in relevance order, and the ids whose title matches.

        All the words first; when together they find nothing, any of them (SQLite has no
        stemmer, so "berlatih menjahit" would otherwise miss "Kursus Menjahit")."""
        if connection.vendor == "postgresql" and hasattr(self.backend, "config"):
            return self._index_hits(q)
        pages = self._pages(visible)
        for operator in ("and", "or"):
            query = search_query(q, operator)
            ranked = _ids(self.backend.search(query, pages, order_by_relevance=True))
            if ranked:
                break
        title = self.backend.search(query, pages, fields=["title"], order_by_relevance=False)
        return ranked, set(_ids(title))

    def _index_hits(self, q):
        """PostgreSQL: match the index entries' own tsvector columns, each served by its
        GIN index (`title @@ q OR body @@ q`), instead of Wagtail's `(title || body) @@
        q`, which no index can serve and so reads every entry. Relevance as Wagtail's
        backend ranks it (title weighted by its norm, plus body); visibility is applied
        by the type querysets afterwards, as for the other backends."""
        from django.contrib.postgres.search import SearchQuery, SearchRank
        from wagtail.search.models import IndexEntry

        config = self.backend.config or "simple"
        content_types = [
            ContentType.objects.get_for_model(model).pk for model in content.MODELS.values()
        ]
        for operator in ("and", "or"):
            variants = synonyms.expand(q)
            search_type = "plain" if operator == "and" else "websearch"
            texts = (
                variants
                if operator == "and"
                else [" OR ".join(w.lstrip("-") for w in v.split()) for v in variants]
            )
            tsquery = SearchQuery(texts[0], config=config, search_type=search_type)
            for text in texts[1:]:
                tsquery |= SearchQuery(text, config=config, search_type=search_type)
            rows = list(
                IndexEntry.objects.filter(content_type_id__in=content_types)
                .filter(Q(title=tsquery) | Q(body=tsquery))
                .annotate(
                    in_title=ExpressionWrapper(Q(title=tsquery), output_field=BooleanField()),
                    rank=SearchRank(F("title"), tsquery) * F("title_norm")
                    + SearchRank(F("body"), tsquery),
                )
                .order_by("-rank", "-object_id")
                .values_list("object_id", "in_title")[:MAX_HITS]
            )
            if rows:
                break
        ranked = [int(pk) for pk, _in_title in rows]
        return ranked, {int(pk) for pk, in_title in rows if in_title}

    def search(self, params):
        response = SearchResponse(page=params.page, per_page=params.per_page, engine=self.name)
        if params.is_empty:
            response.facets = build_facets({}, {}, {}, params)
            return response
        now = timezone.now()
        visible = content.visible_q()
        hit_ids, title_ids, rank = None, set(), {}
        if params.q:
            ranked, title_ids = self._hits(params.q, visible)
            rank = {pk: i for i, pk in enumerate(ranked)}
            hit_ids = ranked
        ctx = _Context(params, hit_ids, now, visible)

        # Rows: every filter but the type's; they give the type facet and the results.
        type_counts, rows = {}, []
        for key in TYPES:
            qs = FILTERS[key].queryset(ctx)
            if qs is None:
                type_counts[key] = 0
                continue
            found = list(qs.values_list("pk", "search_current", "first_published_at"))
            type_counts[key] = len(found)
            if not params.types or key in params.types:
                rows.extend((key, *row) for row in found)

        selected_types = [t for t in TYPES if not params.types or t in params.types]
        category_counts, area_counts = Counter(), Counter()
        for key in selected_types:
            f = FILTERS[key]
            if f.has_category:
                qs = f.queryset(ctx, skip="category")
                if qs is not None:
                    for row in (
                        qs.exclude(search_category__isnull=True)
                        .exclude(search_category="")
                        .order_by()
                        .values("search_category")
                        .annotate(n=Count("pk", distinct=True))
                    ):
                        category_counts[row["search_category"]] += row["n"]
            if f.has_area:
                qs = f.queryset(ctx, skip="area")
                if qs is not None:
                    area_counts.update(f.area_counts(qs))

        def order(row):
            key, pk, current, published = row
            return (
                0 if current else 1,
                0 if pk in title_ids else 1,
                rank.get(pk, 0),
                -(published.timestamp() if published else 0),
                -pk,
            )

        rows.sort(key=order)
        response.count = len(rows)
        start = (params.page - 1) * params.per_page
        page_rows = rows[start : start + params.per_page]
        response.results = self._cards(page_rows, params.q, now)
        response.facets = build_facets(type_counts, category_counts, area_counts, params)
        if response.count == 0 and params.q:
            response.suggestions = self.did_you_mean(params.q)
        return response

    def _cards(self, rows, q, now):
        by_type = defaultdict(list)
        for key, pk, *_ in rows:
            by_type[key].append(pk)
        loaded = {key: content.load(key, pks, now) for key, pks in by_type.items()}
        terms = [*q.lower().split(), *synonyms.related_terms(q)] if q else []
        cards = []
        for key, pk, *_ in rows:
            page = loaded[key].get(pk)
            if page is None:
                continue
            data = content.card(page, key, now)
            data["snippet"] = content.highlight([page.summary, content.body_text(page, key)], terms)
            cards.append(data)
        return cards

    # --- Suggestions -----------------------------------------------------------------

    def _vocabulary(self):
        words = cache.get(VOCABULARY_KEY)
        if words is None:
            titles = self._pages(content.visible_q()).values_list("title", flat=True)
            words = set()
            for title in titles:
                words.update(w.lower() for w in content.WORD_RE.findall(title) if len(w) > 2)
            for group in synonyms.groups():
                for term in group:
                    words.update(w for w in term.split() if len(w) > 2)
            words = sorted(words)
            cache.set(VOCABULARY_KEY, words, 300)
        return words

    def did_you_mean(self, q):
        """The query with unknown words replaced by the closest known ones, if any."""
        vocabulary = self._vocabulary()
        known = set(vocabulary)
        corrected, changed = [], False
        for word in q.lower().split():
            if len(word) > 2 and word not in known:
                close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
                if close:
                    corrected.append(close[0])
                    changed = True
                    continue
            corrected.append(word)
        return [" ".join(corrected)] if changed else []

    def suggest(self, q, limit=8):
        """Titles that start like q, for autocomplete."""
        pages = self._pages(content.visible_q())
        results = self.backend.autocomplete(q, pages, operator="and")
        out = []
        for page in results[:limit]:
            out.append(
                {
                    "title": page.title,
                    "url": page.get_url(),
                    "type": content.type_of_content_type(page.content_type_id),
                }
            )
        return out


def invalidate_vocabulary():
    cache.delete(VOCABULARY_KEY)
