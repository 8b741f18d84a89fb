from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events.models import ReminderSent
from events.tasks import send_session_reminders
from tests.factories.events import enroll_directly, make_event

pytestmark = pytest.mark.django_db


def test_reminders_go_once_to_confirmed_participants(event_index, make_resident):
    tomorrow = make_event(event_index, start_in=timedelta(hours=20), title="Posyandu Mawar")
    later = make_event(event_index, start_in=timedelta(days=5), title="Sosialisasi BLT")
    confirmed, waiting = make_resident(), make_resident()
    enroll_directly(tomorrow, confirmed)
    enroll_directly(tomorrow, waiting, status="waitlisted")
    enroll_directly(later, confirmed)

    call_command("send_session_reminders")
    assert [m.to for m in mail.outbox] == [[confirmed.email]]
    assert "Posyandu Mawar" in mail.outbox[0].subject
    assert tomorrow.sessions.first().venue in mail.outbox[0].body

    call_command("send_session_reminders")
    send_session_reminders.enqueue(tomorrow.sessions.first().pk)  # even a stray task
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1


def test_no_reminders_for_cancelled_events(event_index, resident):
    event = make_event(
        event_index, start_in=timedelta(hours=5), is_cancelled=True, cancellation_reason="Ditunda."
    )
    enroll_directly(event, resident)
    call_command("send_session_reminders")
    assert mail.outbox == []


def test_each_session_of_a_course_gets_its_reminder(event_index, resident):
    course = make_event(event_index, sessions=2, start_in=timedelta(hours=3))
    enroll_directly(course, resident)
    call_command("send_session_reminders")
    assert len(mail.outbox) == 1
    # A week later the second session is due.
    from events.tasks import enqueue_due_reminders

    enqueue_due_reminders(now=timezone.now() + timedelta(days=6, hours=12))
    assert len(mail.outbox) == 2


def test_residents_who_turned_reminders_off_get_none(event_index, make_resident):
    event = make_event(event_index, start_in=timedelta(hours=10))
    quiet = make_resident(email_reminders=False)
    enroll_directly(event, quiet)
    call_command("send_session_reminders")
    assert mail.outbox == []
