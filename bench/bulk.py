"""Wagtail pages in bulk: used by bench/seed_scale.py and by tests/test_query_counts.py.

Wagtail pages form a treebeard materialised-path tree; `add_child()` locks and updates
the tree and costs several queries per page. For thousands of pages we compute what
treebeard would (each child's `path` = the parent's path + a 4-character base-36 step via
`Page._get_path`, `depth`, `url_path`; the parent's `numchild`), bulk-insert the
`wagtailcore_page` rows, then the specific rows with `page_ptr_id` set. Imports Django
lazily so the scripts can call it after `django.setup()`.
"""


def bulk_add_children(parent, model, objs, batch_size=1000):
    """Append `objs` (unsaved `model` instances with title/slug and specific fields) as
    live, published children of `parent`, in bulk. Returns them with ids set."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    if not objs:
        return objs
    parent = Page.objects.get(pk=parent.pk)  # fresh path / numchild
    last = parent.get_last_child()
    start = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    specific_fields = list(model._meta.local_concrete_fields)
    base_rows = []
    for offset, obj in enumerate(objs):
        obj.path = Page._get_path(parent.path, parent.depth + 1, start + offset)
        obj.depth = parent.depth + 1
        obj.numchild = 0
        obj.url_path = f"{parent.url_path}{obj.slug}/"
        obj.content_type = content_type
        obj.locale_id = parent.locale_id
        obj.live = True
        obj.has_unpublished_changes = False
        obj.draft_title = obj.title
        obj.first_published_at = obj.last_published_at = now
        obj.latest_revision_created_at = None
        base_rows.append(Page(**{f.attname: getattr(obj, f.attname) for f in page_fields}))
    with transaction.atomic():
        Page.objects.bulk_create(base_rows, batch_size=batch_size)
        for obj, row in zip(objs, base_rows, strict=True):
            obj.pk = obj.page_ptr_id = row.pk
            obj.id = row.pk
        # Django refuses bulk_create for multi-table models; insert the child table rows
        # (page_ptr_id + the model's own columns) with the same batched insert it uses.
        model._base_manager.all()._batched_insert(objs, specific_fields, batch_size)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(objs))
    for obj in objs:
        obj._state.adding = False
    return objs
