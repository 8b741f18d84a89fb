from django import template
from django.utils import timezone

from community.membership import is_group_leader

register = template.Library()


@register.inclusion_tag("events/tags/upcoming_events.html", takes_context=True)
def upcoming_events(context, limit=3, group=None):
    """The next few public events (optionally one group's), for the home and group pages."""
    from events.models import EventIndexPage
    from events.page_context import load_cards, public_events

    events = public_events()
    if group is not None:
        events = events.filter(organising_group=group)
    index = EventIndexPage.objects.live().first()
    return {
        "request": context.get("request"),
        # The event index's read path: ids first, only these few cards loaded.
        "events": list(events.listing(load=load_cards)[:limit]),
        "index": index,
        "group": group,
    }


@register.inclusion_tag("events/tags/group_event_links.html", takes_context=True)
def group_event_links(context, group, is_leader=None):
    """On a group page: its upcoming events, its calendar, and for its leaders
    "Buat kegiatan" and the list of the group's events with their approval status.
    `is_leader`: the group page's own answer (its context), so it is not asked twice."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(is_leader, bool):  # not given (or not in the page's context)
        is_leader = bool(user and is_group_leader(group, user))
    return {"request": request, "group": group, "is_leader": is_leader}


@register.filter
def local_dt(value, fmt="%d-%m-%Y %H.%M"):
    if not value:
        return ""
    return timezone.localtime(value).strftime(fmt)
