"""Background tasks (django-tasks). The worker: `python manage.py db_worker`."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from events.enrollment import _send_mail
from events.models import Enrollment, EventPage, EventSession, ReminderSent

logger = logging.getLogger("balai.events")

REMINDER_WINDOW = timedelta(hours=24)


def sessions_due_for_reminders(now=None):
    """Sessions of live, not cancelled events that start within the next 24 hours."""
    now = now or timezone.now()
    return EventSession.objects.filter(
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_WINDOW,
        event__live=True,
        event__is_cancelled=False,
    )


@task()
def send_enrollment_mail(kind, enrollment_id):
    """One enrollment e-mail (confirmed, waitlisted, promoted, cancelled, event
    cancelled), queued by events.enrollment after its transaction commits."""
    enrollment = Enrollment.objects.filter(pk=enrollment_id).first()
    if enrollment is None:
        return False  # the account was deleted meanwhile
    return _send_mail(kind, enrollment)


@task()
def send_session_reminders(session_id):
    """E-mail every confirmed participant of one session, at most once each: the
    ReminderSent row is inserted (unique per session and enrollment) before sending."""
    session = EventSession.objects.select_related("event").filter(pk=session_id).first()
    if session is None or session.event.is_cancelled or session.starts_at <= timezone.now():
        return 0
    sent = 0
    enrollments = _to_remind(session).select_related("user", "event")
    for enrollment in enrollments:
        try:
            with transaction.atomic():
                ReminderSent.objects.create(session=session, enrollment=enrollment)
        except IntegrityError:
            continue  # already reminded
        if _send_mail("reminder", enrollment, session=session):
            sent += 1
    logger.info("Session %s: %s reminder(s) sent", session_id, sent)
    return sent


@task()
def send_slot_mail(kind, event_id, user_id, lines):
    """A service-day time changed (`slot_moved`) or its session was removed
    (`slot_removed`): tell the resident, listing each person they booked with the time
    and queue number. `lines` are {"person", "starts_at" (ISO), "queue_number"}."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    event = EventPage.objects.filter(pk=event_id).first()
    if user is None or event is None or not user.email:
        return False  # gone, or no address (registered by a kader): "Kegiatan saya" shows it
    with translation.override(settings.LANGUAGE_CODE):
        subjects = {
            "slot_moved": _("New time: %(title)s"),
            "slot_removed": _("Booking cancelled: %(title)s"),
        }
        context = {
            "user": user,
            "event": event,
            "lines": [
                {**line, "starts_at": datetime.fromisoformat(line["starts_at"])} for line in lines
            ],
            "base_url": settings.SITE_BASE_URL.rstrip("/"),
        }
        body = render_to_string(f"events/email/{kind}.txt", context)
        try:
            send_mail(subjects[kind] % {"title": event.title}, body, None, [user.email])
        except Exception:
            logger.exception("Could not send the %s e-mail to user %s", kind, user_id)
            return False
    return True


def _to_remind(session):
    enrollments = Enrollment.objects.filter(
        event_id=session.event_id, status=Enrollment.Status.CONFIRMED
    )
    # Residents can turn reminders off in their profile.
    user_model = get_user_model()
    if any(f.name == "email_reminders" for f in user_model._meta.get_fields()):
        enrollments = enrollments.filter(user__email_reminders=True)
    return enrollments


def enqueue_due_reminders(now=None):
    """Enqueue one task per session that still has someone to remind. Returns the
    number of tasks enqueued."""
    count = 0
    for session in sessions_due_for_reminders(now):
        pending = (
            Enrollment.objects.filter(event_id=session.event_id, status=Enrollment.Status.CONFIRMED)
            .exclude(pk__in=ReminderSent.objects.filter(session=session).values("enrollment"))
            .exists()
        )
        if pending:
            send_session_reminders.enqueue(session.pk)
            count += 1
    return count
