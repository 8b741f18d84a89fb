"""HTML views for events. Thin: rules live in events.enrollment and events.posting."""

import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from community.consent import ConsentRequiredError
from community.membership import led_group_ids
from community.models import CommunityGroupPage
from config.errors import DomainError
from events import enrollment as rules
from events import exports
from events.calendar import build_calendar, calendar_response
from events.forms import CheckInForm, EventCreateForm, SessionForm
from events.models import Attendance, CalendarFeed, Enrollment, EventPage
from events.posting import group_events_with_status, propose_event, require_leader


def public_events():
    return EventPage.objects.live().public()


# --- Enrolling ---------------------------------------------------------------------------


def _event_or_404(event_id, live_only=True):
    queryset = EventPage.objects.live().public() if live_only else EventPage.objects.all()
    return get_object_or_404(queryset.select_related("organising_group"), pk=event_id)


def _back(request, event):
    target = request.POST.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(event.url)


@require_POST
def enroll_view(request, event_id):
    event = _event_or_404(event_id)
    if not request.user.is_authenticated:
        return redirect_to_login(event.url)
    try:
        state = rules.enroll(event, request.user)
    except ConsentRequiredError as error:
        messages.warning(request, error.message)
        return redirect(f"{reverse('community:profile')}?{urlencode({'next': event.url})}")
    except DomainError as error:
        messages.error(request, error.message)
        return _back(request, event)
    if state.status == Enrollment.Status.CONFIRMED:
        messages.success(request, _("You are enrolled. See you there!"))
    else:
        messages.warning(
            request,
            _("The activity is full: you are on the waiting list (number %(n)s).")
            % {"n": state.position},
        )
    return _back(request, event)


@login_required
@require_GET
def confirm_cancel(request, event_id):
    """The second step before cancelling (works without JavaScript): what is given up,
    and one button that really cancels."""
    event = _event_or_404(event_id, live_only=False)
    state = rules.state_for(event, request.user)
    if not state.is_active:
        return redirect(event.url)
    return render(
        request,
        "events/confirm_cancel.html",
        {
            "event": event,
            "state": state,
            "sessions": event.ordered_sessions(),
            "next": _safe_local(request.GET.get("next")) or event.url,
        },
    )


def _safe_local(target):
    target = target or ""
    return target if target.startswith("/") and not target.startswith("//") else ""


@require_POST
def cancel_view(request, event_id):
    event = _event_or_404(event_id, live_only=False)
    if not request.user.is_authenticated:
        return redirect_to_login(event.url)
    if request.POST.get("confirm") != "yes":
        # A form from before the confirmation step: ask first, cancel nothing yet.
        url = reverse("events:confirm_cancel", args=[event.pk])
        target = _safe_local(request.POST.get("next"))
        return redirect(f"{url}?{urlencode({'next': target})}" if target else url)
    try:
        rules.cancel(event, request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return _back(request, event)
    messages.success(request, _("Your enrollment has been cancelled."))
    return _back(request, event)


# --- Kegiatan saya -------------------------------------------------------------------------


@login_required
def my_enrollments(request):
    now = timezone.now()
    # The page shows no seat counts (the API's GET /api/me/enrollments/ does, through
    # with_event_counts): one query less.
    enrollments = list(Enrollment.objects.current_for(request.user, now, event_details=False))
    upcoming = [e for e in enrollments if e.next_starts_at is not None]
    past = [e for e in enrollments if e.next_starts_at is None]
    feed = CalendarFeed.objects.filter(user=request.user).first()
    feed_url = (
        request.build_absolute_uri(reverse("events:personal_calendar", args=[feed.token]))
        if feed is not None
        else None
    )
    webcal_url = (
        feed_url.replace("https://", "webcal://").replace("http://", "webcal://", 1)
        if feed_url
        else None
    )
    return render(
        request,
        "events/my_enrollments.html",
        {
            "upcoming": upcoming,
            "past": past,
            "feed_url": feed_url,
            "webcal_url": webcal_url,
            "now": now,
        },
    )


@login_required
@require_POST
def calendar_feed_token(request):
    """Create, regenerate (revoking the old URL) or revoke the private feed."""
    action = request.POST.get("action")
    CalendarFeed.objects.filter(user=request.user).delete()
    if action == "revoke":
        messages.success(request, _("Your private calendar link no longer works."))
    else:
        CalendarFeed.objects.create(user=request.user)
        messages.success(
            request,
            _("Your private calendar link is ready. Any older link no longer works."),
        )
    return redirect("events:my_enrollments")


@login_required
@require_GET
def check_in_qr(request, enrollment_id):
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("event__organising_group"), pk=enrollment_id
    )
    if enrollment.user_id != request.user.pk and not rules.can_manage(
        enrollment.event, request.user
    ):
        raise Http404
    image = qrcode.make(
        enrollment.check_in_code,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=12,
        border=2,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- Calendars -------------------------------------------------------------------------------


@require_GET
def event_calendar(request, event_id):
    event = get_object_or_404(
        EventPage.objects.live().public().prefetch_related("sessions"), pk=event_id
    )
    return calendar_response(build_calendar(event.title, [event]), f"{event.slug}.ics")


@require_GET
def group_calendar(request, group_id):
    group = get_object_or_404(CommunityGroupPage.objects.live().public(), pk=group_id)
    since = timezone.now() - timezone.timedelta(days=90)
    events = (
        public_events()
        .filter(organising_group=group)
        .filter(sessions__ends_at__gte=since)
        .distinct()
        .prefetch_related("sessions")
    )
    return calendar_response(build_calendar(group.title, events), f"{group.slug}.ics")


@require_GET
def personal_calendar(request, token):
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None:
        raise Http404
    enrollments = (
        Enrollment.objects.filter(
            user=feed.user,
            status__in=[Enrollment.Status.CONFIRMED, Enrollment.Status.WAITLISTED],
        )
        .select_related("event")
        .prefetch_related("event__sessions")
    )
    statuses = {e.event_id: e.status for e in enrollments}
    events = [e.event for e in enrollments]
    return calendar_response(build_calendar(_("My activities"), events, statuses), "kegiatan.ics")


# --- Running an event (leaders and staff) --------------------------------------------------


def _managed_event(request, event_id):
    event = _event_or_404(event_id, live_only=False)
    if not rules.can_manage(event, request.user):
        raise PermissionDenied
    return event


def _roster(event):
    enrollments = list(rules.roster(event))
    confirmed = [e for e in enrollments if e.status == Enrollment.Status.CONFIRMED]
    waitlist = sorted(
        (e for e in enrollments if e.status == Enrollment.Status.WAITLISTED),
        key=lambda e: e.waitlist_position,
    )
    return confirmed, waitlist


def _login_first(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@_login_first
@require_GET
def roster(request, event_id):
    event = _managed_event(request, event_id)
    confirmed, waitlist = _roster(event)
    sessions = list(event.sessions.order_by("starts_at", "pk"))
    now = timezone.now()
    for session in sessions:
        session.check_in_open = session.check_in_is_open(now)
    for enrollment in confirmed:
        present = {a.session_id for a in enrollment.attendances.all()}
        enrollment.attended = sum(1 for s in sessions if s.pk in present)
    return render(
        request,
        "events/roster.html",
        {
            "event": event,
            "confirmed": confirmed,
            "waitlist": waitlist,
            "sessions": sessions,
            "check_in_form": CheckInForm(),
        },
    )


@_login_first
@require_GET
def roster_csv(request, event_id):
    event = _managed_event(request, event_id)
    confirmed, waitlist = _roster(event)
    sessions = list(event.sessions.order_by("starts_at", "pk"))
    body = exports.roster_csv(event, [*confirmed, *waitlist], sessions)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.roster_filename(event)}"'
    return response


@_login_first
def attendance(request, event_id, session_id):
    event = _managed_event(request, event_id)
    try:
        session = rules.session_of(event, session_id)
    except DomainError:
        raise Http404 from None
    check_in_form = CheckInForm()
    not_open = rules.attendance_problem(session)
    if not_open is not None:
        # A session still to come: nothing to record yet (the rule refuses it anyway).
        return render(
            request,
            "events/attendance.html",
            {"event": event, "session": session, "not_open": not_open.message},
            status=409 if request.method == "POST" else 200,
        )
    if request.method == "POST":
        if "code" in request.POST:
            check_in_form = CheckInForm(request.POST)
            if check_in_form.is_valid():
                try:
                    enrollment = rules.check_in(
                        session, check_in_form.cleaned_data["code"], request.user
                    )
                except DomainError as error:
                    check_in_form.add_error("code", error.message)
                else:
                    messages.success(
                        request,
                        _("%(name)s is marked present.")
                        % {"name": enrollment.user.get_full_name()},
                    )
                    return redirect(request.path)
        else:
            ids = [v for v in request.POST.getlist("present") if v.isdigit()]
            count = rules.record_attendance(session, ids, request.user)
            messages.success(request, _("Attendance saved: %(n)s present.") % {"n": count})
            return redirect(request.path)
    confirmed, _waitlist = _roster(event)
    present = set(
        Attendance.objects.filter(session=session).values_list("enrollment_id", flat=True)
    )
    return render(
        request,
        "events/attendance.html",
        {
            "event": event,
            "session": session,
            "confirmed": confirmed,
            "present": present,
            "check_in_form": check_in_form,
        },
        status=400 if check_in_form.errors else 200,
    )


# --- Leaders post events -----------------------------------------------------------------------


def _led_group(request, group_id):
    group = get_object_or_404(CommunityGroupPage.objects.select_related("area"), pk=group_id)
    try:
        require_leader(group, request.user)
    except DomainError:
        raise PermissionDenied from None
    return group


SESSION_FIELDS = ("date", "starts", "ends", "venue")
MAX_SESSIONS = 30


def _session_formset(data=None, initial=None, rows=1):
    from django.forms import formset_factory

    formset_class = formset_factory(
        SessionForm,
        extra=max(rows - len(initial or []), 0),
        min_num=0,
        max_num=MAX_SESSIONS,
        validate_max=True,
        absolute_max=MAX_SESSIONS,
    )
    return formset_class(data, initial=initial, prefix="sesi")


def _typed_sessions(post):
    """What was typed in the session rows, as initial data for a longer form."""
    try:
        total = min(int(post.get("sesi-TOTAL_FORMS", 0)), MAX_SESSIONS)
    except ValueError:
        total = 0
    rows = [{f: post.get(f"sesi-{i}-{f}", "") for f in SESSION_FIELDS} for i in range(total)]
    return [row for row in rows if any(row.values())]


@_login_first
def create_event(request, group_id):
    """The leader's "Buat kegiatan" form. "Add a session" re-shows the form with one
    more session row and everything typed so far (no JavaScript needed)."""
    group = _led_group(request, group_id)
    status = 200
    if request.method == "POST" and "add_session" in request.POST:
        typed = _typed_sessions(request.POST)
        form = EventCreateForm(initial=request.POST.dict())
        sessions = _session_formset(initial=typed, rows=min(len(typed) + 1, MAX_SESSIONS))
    elif request.method == "POST":
        form = EventCreateForm(request.POST)
        sessions = _session_formset(request.POST)
        if form.is_valid() and sessions.is_valid():
            session_data = [f.cleaned_data for f in sessions.forms if f.cleaned_data]
            if session_data:
                propose_event(group, request.user, form.cleaned_data, session_data)
                messages.success(
                    request,
                    _(
                        "Thank you. The activity was sent to the office staff for approval; "
                        "it appears on the site once they publish it."
                    ),
                )
                return redirect("events:group_events", group_id=group.pk)
            sessions._non_form_errors = sessions.error_class([_("Add at least one session.")])
        status = 400
    else:
        form = EventCreateForm()
        sessions = _session_formset(rows=1)
    return render(
        request,
        "events/event_create.html",
        {"group": group, "form": form, "sessions": sessions},
        status=status,
    )


@_login_first
@require_GET
def group_events(request, group_id):
    group = _led_group(request, group_id)
    return render(
        request,
        "events/group_events.html",
        {"group": group, "events": group_events_with_status(group)},
    )


@_login_first
@require_GET
def led_groups(request):
    """Where a leader finds "Buat kegiatan" for each group they lead."""
    groups = CommunityGroupPage.objects.filter(pk__in=led_group_ids(request.user)).order_by("title")
    return render(request, "events/led_groups.html", {"groups": groups})
