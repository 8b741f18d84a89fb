"""What the event index and the event page show (their Wagtail `get_context`), apart
from the models so that models never import views. Reads come from the models'
querysets (EventPageQuerySet.listing / for_listing), the same ones the API uses."""

from django.utils import timezone

from events import enrollment as rules
from events.filters import EventFilter
from events.jsonld import json_ld
from events.models import EventPage
from pages.models import Area, paginate, with_card_images


def public_events():
    return EventPage.objects.live().public()


def load_cards(ids, now):
    """A page of event cards for HTML: the listing read path plus card pictures."""
    return with_card_images(EventPage.objects.filter(pk__in=ids).for_listing(now))


def event_index_context(index_page, request):
    archive = request.GET.get("arsip") == "1"
    # The filters on a plain queryset, then ids first, counts after (EventListing).
    event_filter = EventFilter(request.GET or None, queryset=public_events(), request=request)
    listing = event_filter.qs.listing(archive=archive, load=load_cards)
    return {
        "filter": event_filter,
        "events": paginate(request, listing),
        "archive": archive,
    }


def event_page_context(event, request):
    Area.attach_to(event)  # the page and the JSON-LD name the area with its parent
    counts = (
        EventPage.objects.filter(pk=event.pk)
        .with_counts()
        .values("confirmed_count", "waitlist_count")
        .first()
    ) or {"confirmed_count": 0, "waitlist_count": 0}
    event.confirmed_count = counts["confirmed_count"]
    event.waitlist_count = counts["waitlist_count"]
    sessions = list(event.sessions.order_by("starts_at", "pk"))
    user = request.user
    state = rules.state_for(event, user)
    problem = None
    if not state.is_active:
        problem = rules.enrollment_problem(event, user)
        if problem is not None and problem.code == "members_only" and not user.is_authenticated:
            problem = None  # members log in first; the page says who may enroll
    return {
        "sessions": sessions,
        "state": state,
        "problem": problem,
        "can_manage": rules.can_manage(event, user),
        "json_ld": json_ld(event, request, sessions),
        "now": timezone.now(),
    }
