"""Indexing follows the content: Wagtail's publish, unpublish, move and delete
signals, enrollment changes (seats left) and membership changes (member count).

The database engine needs nothing from here: Wagtail keeps its own index entries on
save. These receivers feed Elasticsearch (when ELASTICSEARCH_URL is set) after the
transaction commits, and refresh the database engine's small caches.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.search import index as wagtail_index
from wagtail.signals import page_published, page_unpublished, post_page_move

from community.models import Membership
from events.signals import enrollment_changed
from search import content, indexing, synonyms
from search.engines.database import invalidate_vocabulary
from search.models import Synonym

logger = logging.getLogger("search")


def _on_commit(func, *args):
    transaction.on_commit(lambda: func(*args))


def _update_database_index(page):
    """Wagtail updates its index entries through a background task (a worker must run);
    a published page should be findable at once, so its entry is written now too."""
    try:
        wagtail_index.insert_or_update_object(page)
    except Exception:
        logger.exception("Could not update the database search index for page %s", page.pk)


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    if content.type_of_model(type(instance)) is None:
        return
    invalidate_vocabulary()
    _on_commit(_update_database_index, instance)
    _on_commit(indexing.index_page, instance)


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    type_key = content.type_of_model(type(instance))
    if type_key is None:
        return
    invalidate_vocabulary()
    _on_commit(indexing.remove_page, instance.pk, type_key)


@receiver(post_page_move)
def on_page_moved(sender, instance, **kwargs):
    if kwargs.get("url_path_before") == kwargs.get("url_path_after"):
        return
    _on_commit(indexing.reindex_subtree, instance)


def on_page_deleted(sender, instance, **kwargs):
    type_key = content.type_of_model(sender)
    if type_key is not None:
        invalidate_vocabulary()
        _on_commit(indexing.remove_page, instance.pk, type_key)


for _model in content.MODELS.values():
    post_delete.connect(on_page_deleted, sender=_model, dispatch_uid=f"search-delete-{_model}")


@receiver(enrollment_changed)
def on_enrollment_changed(sender, event, **kwargs):
    # Sent after the enrollment transaction committed.
    indexing.update_event_seats(event)


@receiver([post_save, post_delete], sender=Membership)
def on_membership_changed(sender, instance, **kwargs):
    if indexing.enabled():
        _on_commit(indexing.update_group_members, instance.group_id)


@receiver([post_save, post_delete], sender=Synonym)
def on_synonym_changed(sender, **kwargs):
    synonyms.clear_cache()
    invalidate_vocabulary()
    _on_commit(indexing.push_synonyms)
