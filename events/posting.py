"""Leaders post events for their groups; staff moderate them in the Wagtail admin."""

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import WorkflowState

from community import roles
from community.membership import is_group_leader
from config.errors import PermissionDeniedError
from events.models import EventPage, EventSession


def require_leader(group, user):
    if not (roles.is_staff(user) or (user.is_authenticated and is_group_leader(group, user))):
        raise PermissionDeniedError(
            _("Only this group's leaders can post activities for it."), "not_leader"
        )


def _unique_slug(parent, title):
    base = slugify(title)[:60] or "kegiatan"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _as_rich_text(text):
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>".replace("\n", "<br/>") for p in paragraphs)


@transaction.atomic
def propose_event(group, user, data, sessions):
    """Create the event as a draft under `group` and submit it for moderation.

    `data`: cleaned EventCreateForm data; `sessions`: dicts with starts_at, ends_at, venue.
    Returns the (unpublished) EventPage."""
    require_leader(group, user)
    page = EventPage(
        title=data["title"],
        slug=_unique_slug(group, data["title"]),
        kind=data["kind"],
        category=data.get("category") or "",
        summary=data["summary"],
        description=_as_rich_text(data.get("description") or ""),
        capacity=data.get("capacity"),
        audience=data["audience"],
        organising_group=group,
        area=group.area,
        live=False,
        has_unpublished_changes=True,
        owner=user,
    )
    page.sessions = [
        EventSession(starts_at=s["starts_at"], ends_at=s["ends_at"], venue=s["venue"])
        for s in sorted(sessions, key=lambda s: s["starts_at"])
    ]
    group.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    return page


STATUS_LABELS = {
    "published": gettext_lazy("Published"),
    "in_moderation": gettext_lazy("Waiting for approval"),
    "rejected": gettext_lazy("Changes requested"),
    "draft": gettext_lazy("Draft"),
}


def moderation_status(page, states):
    """'published', 'in_moderation', 'rejected' or 'draft'. `states`: this page's
    WorkflowStates, newest first."""
    latest = states[0] if states else None
    if latest and latest.status == WorkflowState.STATUS_IN_PROGRESS:
        return "in_moderation"
    if page.live:
        return "published"
    if latest and latest.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return "rejected"
    return "draft"


def group_events_with_status(group):
    """Every event of the group (drafts too), with `moderation_status` and
    `moderation_label`, in three queries."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    events = list(
        EventPage.objects.filter(organising_group=group)
        .with_counts()
        .prefetch_related("sessions")
        .order_by("-first_starts_at")
    )
    states = {}
    if events:
        base_type = ContentType.objects.get_for_model(Page)
        for state in WorkflowState.objects.filter(
            base_content_type=base_type, object_id__in=[str(e.pk) for e in events]
        ).order_by("-created_at"):
            states.setdefault(int(state.object_id), []).append(state)
    for event in events:
        event.moderation_status = moderation_status(event, states.get(event.pk, []))
        event.moderation_label = STATUS_LABELS[event.moderation_status]
    return events
