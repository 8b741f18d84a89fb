"""Pendampingan for activities: a kader enrolls a resident they assist, within the
kader's area, through the one enrollment rule (events.enrollment.enroll); the action is
logged with the kader's name (community.assisted)."""

from django.utils.translation import gettext as _

from community import assisted
from events import enrollment
from events.models import EventPage


def enroll_on_behalf(kader, resident, event):
    resident = assisted.resident_for(kader, resident.pk)
    assisted.require_target_in_area(kader, event.area_id, _("activity"))
    state = enrollment.enroll(event, resident)
    assisted.log(kader, resident, assisted.Action.ENROLLED, event, state.status)
    return state


def events_for(kader):
    """Upcoming, not cancelled activities in the kader's area (one query)."""
    ids = assisted.area_ids(kader)
    return (
        EventPage.objects.live()
        .public()
        .upcoming()
        .filter(area_id__in=ids, is_cancelled=False)
        .select_related("area")
        .order_by("next_starts_at")
    )
