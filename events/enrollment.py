"""Enrollment rules, in one place: the HTML views, the API, the admin and the demo's
tests all call these functions.

Capacity is enforced the way pretix does it: one durable transaction, the event's row
locked late (``SELECT ... FOR UPDATE``), availability re-checked under the lock, and a
lock timeout instead of a hang. Two people can never take the last seat together.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import OperationalError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community import roles
from community.consent import require_consent
from community.membership import is_active_member, is_group_leader
from config.errors import DomainError, NotFoundError, PermissionDeniedError
from events.models import Attendance, Enrollment, EventPage, EventSession
from events.signals import attendance_recorded, enrollment_changed

logger = logging.getLogger("balai.events")

LOCK_TIMEOUT = "5s"


@dataclass(frozen=True)
class EnrollmentState:
    """What a resident sees: their status and, when waitlisted, their place in line."""

    status: str  # "confirmed", "waitlisted", "cancelled" or "none"
    position: int | None = None
    enrollment: Enrollment | None = None

    @property
    def is_active(self):
        return self.status in (Enrollment.Status.CONFIRMED, Enrollment.Status.WAITLISTED)


NOT_ENROLLED = EnrollmentState("none")


# --- Reading ---------------------------------------------------------------------


def waitlist_position(enrollment):
    """1 for the first person waiting, 2 for the next...; None when not waitlisted."""
    return enrollment.position_in_line()


def state_for(event, user):
    if not user.is_authenticated:
        return NOT_ENROLLED
    enrollment = Enrollment.objects.filter(event=event, user=user).first()
    if enrollment is None:
        return NOT_ENROLLED
    return EnrollmentState(enrollment.status, waitlist_position(enrollment), enrollment)


def roster(event):
    """Everyone enrolled and not cancelled, in roster order (confirmed first, then the
    waitlist by arrival), with waitlist positions and attendance: one query and one
    prefetch for the whole list."""
    return (
        Enrollment.objects.filter(event=event)
        .exclude(status=Enrollment.Status.CANCELLED)
        .with_position()
        .select_related("user")
        .prefetch_related("attendances")
        .order_by("status", "requested_at", "pk")
    )


def enrollment_problem(event, user, now=None):
    """Why this person may not enroll now, as a DomainError, or None."""
    now = now or timezone.now()
    if event.is_cancelled:
        return DomainError(_("This activity has been cancelled."), "event_cancelled", 409)
    if event.is_past(now):
        return DomainError(_("This activity has already taken place."), "event_past", 409)
    if event.enrollment_opens_at and now < event.enrollment_opens_at:
        opens = timezone.localtime(event.enrollment_opens_at)
        return DomainError(
            _("Enrollment opens on %(date)s.") % {"date": opens.strftime("%d-%m-%Y %H.%M")},
            "not_open_yet",
            409,
        )
    if event.enrollment_closes_at and now >= event.enrollment_closes_at:
        return DomainError(_("Enrollment for this activity is closed."), "enrollment_closed", 409)
    if event.audience == EventPage.Audience.MEMBERS and not (
        event.organising_group_id and is_active_member(event.organising_group, user)
    ):
        return PermissionDeniedError(
            _("This activity is for members of the organising group only."), "members_only"
        )
    return None


# --- Changing ----------------------------------------------------------------------


def _lock_event(event):
    """Lock the event's row for the rest of the transaction and return it fresh."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    try:
        return (
            EventPage.objects.select_for_update(of=("self",))
            .prefetch_related("sessions")
            .select_related("organising_group")
            .get(pk=event.pk)
        )
    except EventPage.DoesNotExist:
        raise NotFoundError(_("Activity not found."), "not_found") from None


def _busy_error():
    return DomainError(
        _("Many people are enrolling right now. Please try again in a moment."), "busy", 409
    )


def _after_commit(event, *mails):
    """After the commit: queue the e-mails (django-tasks; a 300-person rush never waits on
    SMTP), then tell the listeners (listing cache, search) that seats changed."""

    def run():
        from events.tasks import send_enrollment_mail  # the tasks module imports this one

        for template, enrollment in mails:
            send_enrollment_mail.enqueue(template, enrollment.pk)
        enrollment_changed.send(sender=Enrollment, event=event)

    transaction.on_commit(run)


def enroll(event, user):
    """Enroll `user`: confirmed while seats remain, waitlisted after. Enrolling again
    returns the current state; re-enrolling after cancelling joins the back of the line.
    Returns an EnrollmentState; raises DomainError when enrollment is not possible."""
    if not user.is_authenticated:
        raise DomainError(_("Please log in first."), "not_authenticated", 401)
    # The organisers see the roster (names, phones): the same consent as joining a group.
    require_consent(user)
    try:
        with transaction.atomic(durable=True):
            event = _lock_event(event)
            existing = Enrollment.objects.filter(event=event, user=user).first()
            if existing and existing.status != Enrollment.Status.CANCELLED:
                return EnrollmentState(existing.status, waitlist_position(existing), existing)
            problem = enrollment_problem(event, user)
            if problem:
                raise problem
            confirmed = Enrollment.objects.filter(
                event=event, status=Enrollment.Status.CONFIRMED
            ).count()
            has_seat = event.has_free_seat_at(confirmed)
            status = Enrollment.Status.CONFIRMED if has_seat else Enrollment.Status.WAITLISTED
            now = timezone.now()
            if existing:
                existing.status = status
                existing.requested_at = now
                existing.save(update_fields=["status", "requested_at", "updated_at"])
                enrollment = existing
            else:
                enrollment = Enrollment.objects.create(
                    event=event, user=user, status=status, requested_at=now
                )
            template = "confirmed" if has_seat else "waitlisted"
            _after_commit(event, (template, enrollment))
            return EnrollmentState(status, waitlist_position(enrollment), enrollment)
    except OperationalError as exc:
        logger.warning("enroll: lock timeout on event %s: %s", event.pk, exc)
        raise _busy_error() from exc


def cancel(event, user):
    """Cancel `user`'s enrollment. A confirmed seat goes at once to the first person on
    the waitlist (same transaction). Returns the promoted Enrollment or None."""
    if not user.is_authenticated:
        raise DomainError(_("Please log in first."), "not_authenticated", 401)
    try:
        with transaction.atomic(durable=True):
            return _cancel_locked(_lock_event(event), user)
    except OperationalError as exc:
        logger.warning("cancel: lock timeout on event %s: %s", event.pk, exc)
        raise _busy_error() from exc


def _cancel_locked(event, user, check_past=True):
    enrollment = Enrollment.objects.filter(event=event, user=user).first()
    if enrollment is None or enrollment.status == Enrollment.Status.CANCELLED:
        raise DomainError(_("You are not enrolled in this activity."), "not_enrolled", 409)
    if check_past and event.is_past():
        raise DomainError(_("This activity has already taken place."), "event_past", 409)
    was_confirmed = enrollment.status == Enrollment.Status.CONFIRMED
    enrollment.status = Enrollment.Status.CANCELLED
    enrollment.save(update_fields=["status", "updated_at"])
    mails = [("cancelled", enrollment)] if check_past else []
    promoted = None
    if was_confirmed:
        promoted = _promote_next(event)
        if promoted:
            mails.append(("promoted", promoted))
    _after_commit(event, *mails)
    return promoted


def release_enrollments(user):
    """Before an account is deleted (inside that transaction): give up the person's
    seats in upcoming events so the people waiting move up."""
    now = timezone.now()
    event_ids = list(
        Enrollment.objects.filter(
            user=user,
            status__in=[Enrollment.Status.CONFIRMED, Enrollment.Status.WAITLISTED],
            event__sessions__starts_at__gt=now,
        )
        .values_list("event_id", flat=True)
        .distinct()
        .order_by("event_id")  # a stable lock order
    )
    for event_id in event_ids:
        event = _lock_event(EventPage(pk=event_id))
        _cancel_locked(event, user, check_past=False)


def _promote_next(event):
    """Give a free seat to the first waitlisted person. Call with the event locked."""
    if event.capacity is not None:
        confirmed = Enrollment.objects.filter(
            event=event, status=Enrollment.Status.CONFIRMED
        ).count()
        if not event.has_free_seat_at(confirmed):
            return None
    promoted = (
        Enrollment.objects.filter(event=event, status=Enrollment.Status.WAITLISTED)
        .order_by("requested_at", "pk")
        .select_related("user")
        .first()
    )
    if promoted:
        promoted.status = Enrollment.Status.CONFIRMED
        promoted.save(update_fields=["status", "updated_at"])
    return promoted


# --- Running an event ----------------------------------------------------------------


def can_manage(event, user):
    """Leaders of the organising group and staff see rosters and record attendance."""
    if not user.is_authenticated:
        return False
    if roles.is_staff(user):
        return True
    return bool(event.organising_group_id) and is_group_leader(event.organising_group, user)


def require_manager(event, user):
    if not can_manage(event, user):
        raise PermissionDeniedError(
            _("Only the organising group's leaders and staff can do this."), "forbidden"
        )


def attendance_problem(session, now=None):
    """Why attendance cannot be recorded for `session` now, as a DomainError, or None.
    Check-in opens CHECK_IN_OPENS_BEFORE the session starts (events.models), never earlier:
    a certificate must not be earned by a session that has not happened."""
    if session.check_in_is_open(now):
        return None
    opens = timezone.localtime(session.check_in_opens_at)
    return DomainError(
        _("This session has not started yet: attendance can be recorded from %(time)s.")
        % {"time": opens.strftime("%d-%m-%Y %H.%M")},
        "session_not_started",
        409,
    )


def require_attendance_open(session):
    problem = attendance_problem(session)
    if problem:
        raise problem


def record_attendance(session, present_enrollment_ids, recorded_by):
    """Make the session's attendance list exactly `present_enrollment_ids` (confirmed
    enrollments of the session's event only). Returns the number present."""
    require_manager(session.event, recorded_by)
    require_attendance_open(session)
    wanted = set(
        Enrollment.objects.filter(
            event_id=session.event_id,
            status=Enrollment.Status.CONFIRMED,
            pk__in=list(present_enrollment_ids),
        ).values_list("pk", flat=True)
    )
    with transaction.atomic():
        Attendance.objects.filter(session=session).exclude(enrollment_id__in=wanted).delete()
        have = set(
            Attendance.objects.filter(session=session).values_list("enrollment_id", flat=True)
        )
        Attendance.objects.bulk_create(
            [
                Attendance(session=session, enrollment_id=pk, recorded_by=recorded_by)
                for pk in wanted - have
            ],
            ignore_conflicts=True,
        )
    attendance_recorded.send(
        sender=Attendance, event=session.event, enrollment_ids=wanted, recorded_by=recorded_by
    )
    return len(wanted)


def check_in(session, code, recorded_by):
    """Mark the resident with this check-in code present at `session`."""
    require_manager(session.event, recorded_by)
    require_attendance_open(session)
    code = (code or "").strip().upper().replace(" ", "")
    enrollment = (
        Enrollment.objects.filter(event_id=session.event_id, check_in_code=code)
        .select_related("user")
        .first()
    )
    if enrollment is None:
        raise DomainError(
            _("No enrollment in this activity has that check-in code."), "unknown_code", 404
        )
    if enrollment.status != Enrollment.Status.CONFIRMED:
        raise DomainError(
            _("This person's enrollment is not confirmed (status: %(status)s).")
            % {"status": enrollment.get_status_display()},
            "not_confirmed",
            409,
        )
    Attendance.objects.get_or_create(
        session=session, enrollment=enrollment, defaults={"recorded_by": recorded_by}
    )
    attendance_recorded.send(
        sender=Attendance,
        event=session.event,
        enrollment_ids=[enrollment.pk],
        recorded_by=recorded_by,
    )
    return enrollment


def session_of(event, session_id):
    try:
        return EventSession.objects.select_related("event").get(pk=session_id, event=event)
    except (EventSession.DoesNotExist, ValueError, TypeError):
        raise NotFoundError(_("Session not found."), "not_found") from None


def fill_free_seats(event):
    """After staff raise the capacity: give the new seats to the people waiting, first
    come first served. Runs inside the caller's transaction (the publish)."""
    with transaction.atomic():
        event = _lock_event(event)
        if event.is_cancelled or event.is_past():
            return []
        promoted = []
        while (enrollment := _promote_next(event)) is not None:
            promoted.append(enrollment)
        if promoted:
            _after_commit(event, *[("promoted", e) for e in promoted])
        return promoted


def notify_cancellation(event):
    """When an event is published as cancelled, tell everyone enrolled, once. Called
    from the page_published signal (the Wagtail admin)."""
    from events.models import CancellationNotice

    if not event.is_cancelled:
        CancellationNotice.objects.filter(event=event).delete()
        return 0
    _notice, created = CancellationNotice.objects.get_or_create(event=event)
    if not created:
        return 0
    enrollments = list(
        Enrollment.objects.filter(
            event=event,
            status__in=[Enrollment.Status.CONFIRMED, Enrollment.Status.WAITLISTED],
        )
    )
    _after_commit(event, *[("event_cancelled", e) for e in enrollments])
    return len(enrollments)


# --- E-mail ------------------------------------------------------------------------

SUBJECTS = {
    "confirmed": lambda e: _("You are enrolled: %(title)s") % {"title": e.event.title},
    "waitlisted": lambda e: _("You are on the waiting list: %(title)s") % {"title": e.event.title},
    "promoted": lambda e: _("A seat is yours: %(title)s") % {"title": e.event.title},
    "cancelled": lambda e: _("Enrollment cancelled: %(title)s") % {"title": e.event.title},
    "reminder": lambda e: _("Reminder: %(title)s tomorrow") % {"title": e.event.title},
    "event_cancelled": lambda e: _("Cancelled: %(title)s") % {"title": e.event.title},
}


def _send_mail(kind, enrollment, **extra):
    """Send one of the enrollment e-mails (in the site's language). Never raises: a
    mail server outage must not undo an enrollment."""
    try:
        with translation.override(settings.LANGUAGE_CODE):
            enrollment.refresh_from_db()
            if not enrollment.user.email:  # registered by a kader, no e-mail (yet)
                return False
            context = {
                "enrollment": enrollment,
                "event": enrollment.event.specific,
                "user": enrollment.user,
                "position": waitlist_position(enrollment),
                "base_url": settings.SITE_BASE_URL.rstrip("/"),
                **extra,
            }
            body = render_to_string(f"events/email/{kind}.txt", context)
            send_mail(SUBJECTS[kind](enrollment), body, None, [enrollment.user.email])
        return True
    except Exception:
        logger.exception("Could not send the %s e-mail for enrollment %s", kind, enrollment.pk)
        return False
