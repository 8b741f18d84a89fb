"""Residents' proposals in the site search: a short list beside the page results.

Proposals are Wagtail-indexed models (participation.models.Proposal.search_fields), so
the database search backend finds them with the same stemming as pages; hidden
proposals are filtered out (and never indexed). Kept apart from the page engines so
those stay unchanged.
"""

import logging

from django.db.models import Q
from wagtail.search.backends import get_search_backend

from participation.models import Proposal

logger = logging.getLogger("search")
LIMIT = 5


def matching_proposals(q, limit=LIMIT):
    """Up to `limit` visible proposals matching q, best first, as small dicts."""
    q = (q or "").strip()
    if not q:
        return []
    visible = Proposal.objects.visible().select_related("area__parent")
    try:
        found = list(get_search_backend("default").search(q, visible)[:limit])
    except Exception:  # noqa: BLE001 - never fail the search page for this side list
        logger.exception("proposal search failed; using a plain match")
        found = []
    if not found:
        words = q.split()[:8]
        plain = visible
        for word in words:
            plain = plain.filter(Q(title__icontains=word) | Q(description__icontains=word))
        found = list(plain.order_by("-support_count", "-created_at")[:limit])
    return [
        {
            "id": p.pk,
            "title": p.title,
            "url": p.get_absolute_url(),
            "status": p.status,
            "status_label": str(p.get_status_display()),
            "area": str(p.area),
            "support_count": p.support_count,
        }
        for p in found
    ]
