"""Keeping Elasticsearch in step with the content (no-ops without ELASTICSEARCH_URL).

Writes go to the aliases with `require_alias`, so a write before the first
`search_index --rebuild` fails (and is logged) instead of auto-creating an index with
guessed mappings. A failed write never breaks publishing: it is logged, and
`manage.py search_index --rebuild` repairs the index.
"""

import logging
import time

from django.conf import settings
from django.utils import timezone

from search import content, synonyms
from search.analyzers import synonym_set_name
from search.documents import DOCUMENTS, alias_name, index_for
from search.engines.elasticsearch import ES_ERRORS
from search.es import get_client

logger = logging.getLogger("search")
BULK_SIZE = 200


def enabled():
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def _guard(action):
    """No-op without Elasticsearch; never raises (these run after commits, where an
    exception would turn a successful publish into an error page)."""

    def wrapper(*args, **kwargs):
        if not enabled():
            return None
        try:
            return action(*args, **kwargs)
        except ES_ERRORS as exc:
            logger.warning("Elasticsearch: %s failed: %s", action.__name__, exc)
        except Exception:
            logger.exception("Elasticsearch: %s failed", action.__name__)
        return None

    wrapper.__name__ = action.__name__
    wrapper.__doc__ = action.__doc__
    return wrapper


def document(page, type_key, now=None):
    loaded = content.load(type_key, [page.pk], now).get(page.pk)
    if loaded is None:
        return None
    return DOCUMENTS[type_key].from_page(loaded, type_key, now)


@_guard
def index_page(page):
    """Add or replace a page's document; remove it when the page is not visible."""
    type_key = content.type_of_model(type(page.specific_deferred))
    if type_key is None:
        return
    page = page.specific
    if not content.is_visible(page):
        remove_page(page.pk, type_key)
        return
    doc = document(page, type_key)
    if doc is not None:
        get_client().index(
            index=alias_name(type_key), id=page.pk, document=doc.to_dict(), require_alias=True
        )


@_guard
def remove_page(page_id, type_key):
    get_client().options(ignore_status=404).delete(index=alias_name(type_key), id=page_id)


@_guard
def reindex_subtree(page):
    """After a move: the URLs of the page and everything below it changed."""
    from wagtail.models import Page

    pages = Page.objects.descendant_of(page, inclusive=True).type(*content.MODELS.values())
    for item in pages.specific():
        index_page(item)


@_guard
def update_event_seats(event):
    """Seats left and "open" after an enrollment change: a partial update."""
    doc = document(event, "event")
    if doc is None or not content.is_visible(event):
        return
    get_client().options(ignore_status=404).update(
        index=alias_name("event"),
        id=event.pk,
        doc={"seats_left": doc.seats_left, "is_open": doc.is_open},
    )


@_guard
def update_group_members(group_id):
    group = content.MODELS["group"].objects.filter(pk=group_id).first()
    if group is None or not content.is_visible(group):
        return
    doc = document(group, "group")
    if doc is None:
        return
    get_client().options(ignore_status=404).update(
        index=alias_name("group"),
        id=group.pk,
        doc={"member_count": doc.member_count, "is_open": doc.is_open},
    )


def put_synonyms(client):
    """Send the staff-edited synonyms to the cluster's synonym set; Elasticsearch
    reloads the search analyzers that use it (no reindexing)."""
    rules = [{"id": f"rule-{i}", "synonyms": rule} for i, rule in enumerate(synonyms.es_rules())]
    if not rules:
        rules = [{"id": "rule-0", "synonyms": "balai, balai warga"}]
    client.synonyms.put_synonym(id=synonym_set_name(), synonyms_set=rules)


@_guard
def push_synonyms():
    put_synonyms(get_client())


# --- Rebuild ------------------------------------------------------------------------------


def visible_pages(type_key):
    model = content.MODELS[type_key]
    return model.objects.filter(content.visible_q()).order_by("pk")


def documents_for(type_key, batch_size=BULK_SIZE):
    """Documents for every visible page of a type, loaded batch by batch."""
    now = timezone.now()
    pks = list(visible_pages(type_key).values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        batch = pks[start : start + batch_size]
        loaded = content.load(type_key, batch, now)
        for pk in batch:
            if pk in loaded:
                yield DOCUMENTS[type_key].from_page(loaded[pk], type_key, now)


def new_index_name(type_key):
    return f"{alias_name(type_key)}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1000:03d}"


def rebuild(type_key, client=None, progress=None, batch_size=BULK_SIZE):
    """Build a fresh index for a type, then point the alias at it and drop the old ones.

    Returns the new index name. Until the alias moves, searches use the old index.
    """
    client = client or get_client()
    alias = alias_name(type_key)
    name = new_index_name(type_key)
    client.indices.create(index=name, **index_for(type_key, name).to_dict())
    total = visible_pages(type_key).count()
    if progress is not None:
        progress.reset(total=total)
    operations = []
    for doc in documents_for(type_key, batch_size):
        operations.append({"index": {"_index": name, "_id": doc.meta.id}})
        operations.append(doc.to_dict())
        if len(operations) >= 2 * batch_size:
            _bulk(client, operations, progress)
            operations = []
    if operations:
        _bulk(client, operations, progress)
    client.indices.refresh(index=name)

    old = []
    if client.indices.exists_alias(name=alias):
        old = list(client.indices.get_alias(name=alias).keys())
    elif client.indices.exists(index=alias):
        # A concrete index squats the alias's name (auto-created by an old write).
        logger.warning("Deleting index %s so that the alias can take its name", alias)
        client.indices.delete(index=alias)
    actions = [{"remove": {"index": index, "alias": alias}} for index in old]
    actions.append({"add": {"index": name, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    for index in old:
        if index != name:
            client.indices.delete(index=index, ignore_unavailable=True)
    return name


def _bulk(client, operations, progress):
    response = client.bulk(operations=operations)
    if response.get("errors"):
        failed = [i for i in response["items"] if i.get("index", {}).get("error")]
        logger.warning("Elasticsearch bulk: %d documents failed: %s", len(failed), failed[:3])
    if progress is not None:
        progress.update(len(operations) // 2)
