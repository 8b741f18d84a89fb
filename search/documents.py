"""elasticsearch-dsl documents: one index per result type.

Each Document's index name is an ALIAS, `<ELASTICSEARCH_INDEX_PREFIX>-<type>` (for
example `balai-program`). `manage.py search_index --rebuild` creates a concrete index
`<alias>-<timestamp>` from the same definition, fills it and moves the alias in one
atomic step, so searches never see an empty or half-built index.

All four documents share the fields the search page reads (title, summary, body, url,
category, area, is_current, is_open...), so one FacetedSearch spans the four aliases.
"""

from django.conf import settings
from django.utils import timezone
from elasticsearch_dsl import Boolean, Date, Document, Integer, Keyword, Text

from search import analyzers, content

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}


def alias_name(type_key):
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{type_key}"


_search_analyzer = analyzers.indonesian_search()


def _text(**extra):
    return Text(analyzer=analyzers.indonesian_text, search_analyzer=_search_analyzer, **extra)


class BaseDocument(Document):
    type = Keyword()
    page_id = Integer()
    title = _text(
        fields={
            "edge": Text(
                analyzer=analyzers.autocomplete, search_analyzer=analyzers.autocomplete_search
            ),
            "plain": Text(analyzer="standard"),
            "raw": Keyword(),
        }
    )
    summary = _text()
    body = _text()
    url = Keyword(index=False)
    category = Keyword()
    category_label = Keyword(index=False)
    area = Keyword(index=False)
    area_slugs = Keyword()
    area_ids = Integer()
    status = Keyword()
    is_current = Boolean()
    is_open = Boolean()
    published_at = Date()

    @classmethod
    def from_page(cls, page, type_key, now=None):
        """The document for a page loaded with `search.content.load()`."""
        data = content.card(page, type_key, now)
        doc = cls(meta={"id": page.pk})
        doc.type = type_key
        doc.page_id = page.pk
        doc.title = page.title
        doc.summary = page.summary
        doc.body = content.body_text(page, type_key)
        for name in ("url", "category", "category_label", "area", "area_slugs", "status"):
            setattr(doc, name, data[name])
        doc.area_ids = content.area_ids(page, type_key)
        doc.is_current = data["is_current"]
        doc.is_open = data["is_open"]
        doc.published_at = page.first_published_at or page.last_published_at
        doc.fill(page, data)
        return doc

    def fill(self, page, data):
        """Type-specific fields."""


class ProgramDocument(BaseDocument):
    class Index:
        name = alias_name("program")
        settings = INDEX_SETTINGS


class EventDocument(BaseDocument):
    next_session = Date()
    last_ends_at = Date()
    # Local (Asia/Jakarta) dates of the sessions: the from/to filter compares dates.
    session_dates = Date(format="yyyy-MM-dd")
    seats_left = Integer()
    is_cancelled = Boolean()

    class Index:
        name = alias_name("event")
        settings = INDEX_SETTINGS

    def fill(self, page, data):
        sessions = page.ordered_sessions()
        self.next_session = data["next_session"]
        self.last_ends_at = max((s.ends_at for s in sessions), default=None)
        self.session_dates = sorted(
            {timezone.localtime(s.starts_at).date().isoformat() for s in sessions}
        )
        self.seats_left = data["seats_left"]
        self.is_cancelled = page.is_cancelled
        # An event stays "current" until its last session ends: the query compares
        # last_ends_at with now, so a stored value never goes stale.
        self.is_current = not page.is_cancelled
        self.is_open = not page.is_cancelled and page.has_free_seat


class GroupDocument(BaseDocument):
    member_count = Integer()

    class Index:
        name = alias_name("group")
        settings = INDEX_SETTINGS

    def fill(self, page, data):
        self.member_count = data["member_count"]


class ArticleDocument(BaseDocument):
    date = Date()
    kind = Keyword()

    class Index:
        name = alias_name("article")
        settings = INDEX_SETTINGS

    def fill(self, page, data):
        self.date = page.date
        self.kind = page.kind


DOCUMENTS = {
    "program": ProgramDocument,
    "event": EventDocument,
    "group": GroupDocument,
    "article": ArticleDocument,
}


def index_for(type_key, name=None):
    """The index definition (settings, analyzers, mappings), under `name` if given."""
    index = DOCUMENTS[type_key]._index
    return index.clone(name) if name else index
