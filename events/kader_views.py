"""Pendampingan for activities: a kader enrolls a resident they assist (thin view over
events.assisted)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from community.kader_views import kader_and_resident
from config.errors import DomainError
from events import assisted
from events.models import Enrollment, EventPage


@login_required
@require_http_methods(["GET", "POST"])
def enroll_for_resident(request, resident_id):
    kader, resident = kader_and_resident(request, resident_id)
    if request.method == "POST":
        event = EventPage.objects.live().filter(pk=request.POST.get("event") or 0).first()
        if event is None:
            messages.error(request, _("Choose an activity."))
        else:
            try:
                state = assisted.enroll_on_behalf(kader, resident, event)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                if state.status == Enrollment.Status.CONFIRMED:
                    messages.success(
                        request,
                        _("%(name)s is enrolled in %(event)s.")
                        % {"name": resident.get_full_name(), "event": event.title},
                    )
                else:
                    messages.success(
                        request,
                        _("%(name)s is on the waiting list of %(event)s (number %(position)s).")
                        % {
                            "name": resident.get_full_name(),
                            "event": event.title,
                            "position": state.position,
                        },
                    )
        return redirect("events:kader_enroll", resident_id=resident.pk)
    enrolled = dict(
        Enrollment.objects.filter(user=resident)
        .exclude(status=Enrollment.Status.CANCELLED)
        .values_list("event_id", "status")
    )
    events = list(assisted.events_for(kader))
    return render(
        request,
        "events/kader_enroll.html",
        {
            "resident": resident,
            "events": [(event, enrolled.get(event.pk)) for event in events],
        },
    )
