"""Proposal rules, in one place: the HTML views, the API, the admin and the demo call
these functions.

Supports are written under a row lock on the proposal (SELECT ... FOR UPDATE), the
count recomputed under the lock: a hundred people supporting at once give a hundred
rows and the count 100.
"""

import contextlib

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from config.errors import DomainError, NotFoundError
from participation.common import (
    check_daily_limit,
    clean_photo,
    plain_text,
    require_resident,
    require_staff,
)
from participation.models import Category, Proposal, ProposalAnswer, ProposalSupport

LOCK_TIMEOUT = "5s"
S = Proposal.Status

# Which status may follow which; a rejection needs a reason (the answer).
TRANSITIONS = {
    S.NEW: [S.REVIEWING, S.ACCEPTED, S.REJECTED],
    S.REVIEWING: [S.ACCEPTED, S.REJECTED],
    S.ACCEPTED: [S.IN_PROGRESS, S.DONE],
    S.IN_PROGRESS: [S.DONE],
    S.REJECTED: [],
    S.DONE: [],
}

SORTS = {
    "terbaru": ("-created_at", "-pk"),
    "dukungan": ("-support_count", "-created_at", "-pk"),
}


# --- Reading ------------------------------------------------------------------------------


def listing(status=None, category=None, area=None, q=None, sort="terbaru"):
    """The public listing, read the same way by the page and the API (constant queries)."""
    qs = Proposal.objects.for_listing()
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if area is not None:
        qs = qs.filter(area_id__in=[area.pk, *area.descendant_ids()])
    if q:
        for word in q.split()[:8]:
            qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return qs.order_by(*SORTS.get(sort, SORTS["terbaru"]))


def get_public(proposal_id):
    """A proposal as the public may see it (hidden ones too: their page shows why)."""
    proposal = (
        Proposal.objects.select_related("area__parent", "program", "event", "author")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise NotFoundError(_("Proposal not found."), "not_found")
    return proposal


def has_supported(proposal, user):
    if not user.is_authenticated:
        return False
    return ProposalSupport.objects.filter(proposal=proposal, user=user).exists()


def supported_ids(user, proposal_ids):
    if not user.is_authenticated:
        return set()
    return set(
        ProposalSupport.objects.filter(user=user, proposal_id__in=proposal_ids).values_list(
            "proposal_id", flat=True
        )
    )


def next_statuses(proposal):
    return TRANSITIONS[S(proposal.status)]


# --- Submitting -----------------------------------------------------------------------------


def submit(user, *, title, description, category, area, photo=None):
    """A verified resident submits a proposal: public at once, text frozen."""
    require_resident(user)
    title = plain_text(title, 140, _("Title"))
    description = plain_text(description, 3000, _("Description"))
    if category not in Category.values:
        raise DomainError(_("Choose a category."), "invalid_category", 422)
    if area is None:
        raise DomainError(_("Choose your RW."), "invalid_area", 422)
    check_daily_limit(
        user,
        "proposal",
        lambda since: Proposal.objects.filter(author=user, created_at__gte=since),
    )
    photo_file = clean_photo(photo)  # before anything is written: nothing half-saved
    with transaction.atomic():
        proposal = Proposal(
            author=user, title=title, description=description, category=category, area=area
        )
        if photo_file is not None:
            proposal.photo.save(photo_file.name, photo_file, save=False)
        proposal.save()
    return proposal


# --- Supporting -----------------------------------------------------------------------------


def _lock(proposal):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    try:
        return Proposal.objects.select_for_update().get(pk=proposal.pk)
    except Proposal.DoesNotExist:
        raise NotFoundError(_("Proposal not found."), "not_found") from None


def _recount(locked):
    locked.support_count = ProposalSupport.objects.filter(proposal=locked).count()
    locked.save(update_fields=["support_count"])
    return locked.support_count


def support(proposal, user):
    """Support a proposal (once; repeating it is harmless). Returns the new count."""
    require_resident(user)
    with transaction.atomic():
        locked = _lock(proposal)
        if locked.is_hidden:
            raise DomainError(_("This proposal has been hidden."), "hidden", 409)
        if locked.status in (S.REJECTED, S.DONE):
            raise DomainError(_("This proposal is closed for support."), "closed", 409)
        if locked.author_id == user.pk:
            raise DomainError(_("You cannot support your own proposal."), "own_proposal", 409)
        try:
            with transaction.atomic():
                ProposalSupport.objects.get_or_create(proposal=locked, user=user)
        except IntegrityError:
            pass
        return _recount(locked)


def withdraw_support(proposal, user):
    """Withdraw a support. Returns the new count."""
    if not user.is_authenticated:
        raise DomainError(_("Please log in first."), "not_authenticated", 401)
    with transaction.atomic():
        locked = _lock(proposal)
        ProposalSupport.objects.filter(proposal=locked, user=user).delete()
        return _recount(locked)


# --- Staff: answers and hiding --------------------------------------------------------------


def answer(proposal, user, *, status, body, program=None, event=None):
    """Move a proposal to its next status with a public answer (required at each step:
    for a rejection it is the reason). Supporters and the author are told by e-mail."""
    require_staff(user)
    body = plain_text(body, 3000, _("Answer"))
    with transaction.atomic():
        locked = _lock(proposal)
        if status not in TRANSITIONS[S(locked.status)]:
            raise DomainError(
                _("A proposal that is '%(current)s' cannot become '%(next)s'.")
                % {
                    "current": S(locked.status).label,
                    "next": S(status).label if status in S.values else status,
                },
                "invalid_transition",
                409,
            )
        locked.status = status
        locked.status_changed_at = timezone.now()
        fields = ["status", "status_changed_at"]
        if status in (S.ACCEPTED, S.IN_PROGRESS, S.DONE):
            if program is not None:
                locked.program = program
                fields.append("program")
            if event is not None:
                locked.event = event
                fields.append("event")
        locked.save(update_fields=fields)
        reply = ProposalAnswer.objects.create(
            proposal=locked, status=status, body=body, author=user
        )
        log(locked, "participation.proposal_status", user=user, data={"status": status})
        transaction.on_commit(lambda: _notify_status(reply.pk))
    return reply


def hide(proposal, user, reason):
    """Staff hide a proposal; the reason is shown in its place. Its photo is deleted
    (the web server serves /media/ to anyone who has the address), so showing the
    proposal again brings back its text, not its photo."""
    require_staff(user)
    reason = plain_text(reason, 500, _("Reason"))
    with transaction.atomic():
        locked = _lock(proposal)
        locked.hidden_at = timezone.now()
        locked.hidden_reason = reason
        photo = locked.photo.name
        locked.photo = ""
        locked.save(update_fields=["hidden_at", "hidden_reason", "photo"])
        log(locked, "participation.proposal_hidden", user=user, data={"reason": reason})
        if photo:
            storage = Proposal._meta.get_field("photo").storage
            transaction.on_commit(lambda: storage.delete(photo))
    _unindex(locked)
    return locked


def unhide(proposal, user):
    require_staff(user)
    with transaction.atomic():
        locked = _lock(proposal)
        locked.hidden_at = None
        locked.hidden_reason = ""
        locked.save(update_fields=["hidden_at", "hidden_reason"])
        log(locked, "participation.proposal_shown", user=user)
    return locked


def _unindex(proposal):
    from wagtail.search.backends import get_search_backends

    for backend in get_search_backends():
        # The index is a cache, and search filters hidden proposals out anyway.
        with contextlib.suppress(Exception):
            backend.delete(proposal)


def _notify_status(answer_id):
    from participation.tasks import notify_proposal_answer

    notify_proposal_answer.enqueue(answer_id)


def can_answer(user):
    from community import roles

    return roles.is_staff(user)
