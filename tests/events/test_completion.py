"""Completing an activity: attended at least the event's threshold of sessions (every
session when none is set). The Python check and the SQL filter must agree."""

import pytest

from events.models import Attendance, Enrollment
from tests.factories.events import enroll_directly, make_event

pytestmark = pytest.mark.django_db


def attend(enrollment, sessions):
    for session in sessions:
        Attendance.objects.create(session=session, enrollment=enrollment)


def completed_ids(event):
    return set(Enrollment.objects.filter(event=event).completed().values_list("pk", flat=True))


def test_threshold_counts_attended_sessions(event_index, make_resident):
    event = make_event(event_index, sessions=6, completion_threshold=5)
    sessions = event.ordered_sessions()
    five, four = make_resident(), make_resident()
    done = enroll_directly(event, five)
    short = enroll_directly(event, four)
    attend(done, sessions[:5])
    attend(short, sessions[:4])

    assert completed_ids(event) == {done.pk}
    assert done.has_completed() is True
    assert short.has_completed() is False


def test_without_threshold_every_session_is_needed(event_index, make_resident):
    event = make_event(event_index, sessions=3)
    sessions = event.ordered_sessions()
    all_three = enroll_directly(event, make_resident())
    two = enroll_directly(event, make_resident())
    attend(all_three, sessions)
    attend(two, sessions[:2])

    assert completed_ids(event) == {all_three.pk}
    assert [all_three.has_completed(), two.has_completed()] == [True, False]


def test_a_cancelled_enrollment_never_completes(event_index, make_resident):
    event = make_event(event_index, sessions=1)
    enrollment = enroll_directly(event, make_resident())
    attend(enrollment, event.ordered_sessions())
    enrollment.status = Enrollment.Status.CANCELLED
    enrollment.save()

    assert completed_ids(event) == set()
    assert enrollment.has_completed() is False
