from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from config.errors import DomainError
from events import enrollment as rules
from events.models import Enrollment, EventPage
from events.signals import enrollment_changed
from tests.factories.events import add_member, make_event

pytestmark = pytest.mark.django_db


def statuses(event):
    return dict(Enrollment.objects.filter(event=event).values_list("user__email", "status"))


def test_confirmed_while_seats_remain_then_waitlisted(event, make_resident):
    a, b, c, d = (make_resident() for _ in range(4))
    assert rules.enroll(event, a).status == "confirmed"
    assert rules.enroll(event, b).status == "confirmed"
    third = rules.enroll(event, c)
    fourth = rules.enroll(event, d)
    assert (third.status, third.position) == ("waitlisted", 1)
    assert (fourth.status, fourth.position) == ("waitlisted", 2)


def test_enrolling_twice_returns_the_current_state(event, make_resident):
    a, b, c = (make_resident() for _ in range(3))
    rules.enroll(event, a)
    rules.enroll(event, b)
    first = rules.enroll(event, c)
    again = rules.enroll(event, c)
    assert (again.status, again.position) == ("waitlisted", 1)
    assert again.enrollment.pk == first.enrollment.pk
    assert Enrollment.objects.filter(event=event).count() == 3


def test_unlimited_event_confirms_everyone(event_index, make_resident):
    event = make_event(event_index, capacity=None)
    for _ in range(5):
        assert rules.enroll(event, make_resident()).status == "confirmed"


def test_cancel_promotes_the_first_waitlisted_in_order(
    event, make_resident, django_capture_on_commit_callbacks
):
    a, b, c, d = (make_resident() for _ in range(4))
    for user in (a, b, c, d):
        rules.enroll(event, user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = rules.cancel(event, a)
    assert promoted.user == c
    assert statuses(event) == {
        a.email: "cancelled",
        b.email: "confirmed",
        c.email: "confirmed",
        d.email: "waitlisted",
    }
    assert rules.state_for(event, d).position == 1
    # Both people hear about it.
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([a.email, c.email])
    promoted_mail = next(m for m in mail.outbox if m.to == [c.email])
    assert event.title in promoted_mail.subject
    assert promoted.check_in_code in promoted_mail.body


def test_cancelling_a_waitlisted_place_promotes_nobody(event, make_resident):
    a, b, c, d = (make_resident() for _ in range(4))
    for user in (a, b, c, d):
        rules.enroll(event, user)
    assert rules.cancel(event, c) is None
    assert rules.state_for(event, d).position == 1
    assert statuses(event)[a.email] == "confirmed"


def test_re_enrolling_after_cancelling_goes_to_the_back_of_the_line(event, make_resident):
    a, b, c, d = (make_resident() for _ in range(4))
    for user in (a, b, c, d):
        rules.enroll(event, user)
    rules.cancel(event, c)  # c leaves the waitlist
    state = rules.enroll(event, c)
    assert (state.status, state.position) == ("waitlisted", 2)


def test_cancel_without_enrollment_is_refused(event, resident):
    with pytest.raises(DomainError) as error:
        rules.cancel(event, resident)
    assert error.value.code == "not_enrolled"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"is_cancelled": True, "cancellation_reason": "Ditunda."}, "event_cancelled"),
        ({"enrollment_closes_at": timedelta(hours=-1)}, "enrollment_closed"),
        ({"enrollment_opens_at": timedelta(days=1)}, "not_open_yet"),
    ],
)
def test_refusals_have_stable_codes_and_indonesian_messages(event, resident, change, code):
    for field, value in change.items():
        setattr(event, field, timezone.now() + value if isinstance(value, timedelta) else value)
    event.save()
    with pytest.raises(DomainError) as error:
        rules.enroll(event, resident)
    assert error.value.code == code
    assert not Enrollment.objects.filter(event=event).exists()
    # The site speaks Indonesian: the message is translated.
    assert "activity" not in str(error.value.message).lower()


def test_past_event_is_refused(event_index, resident):
    event = make_event(event_index, start_in=timedelta(days=-2))
    with pytest.raises(DomainError) as error:
        rules.enroll(event, resident)
    assert error.value.code == "event_past"


def test_members_only(group, make_resident):
    event = make_event(group, audience=EventPage.Audience.MEMBERS)
    outsider, member = make_resident(), make_resident()
    add_member(group, member)
    with pytest.raises(DomainError) as error:
        rules.enroll(event, outsider)
    assert (error.value.code, error.value.status) == ("members_only", 403)
    assert rules.enroll(event, member).status == "confirmed"


def test_event_under_a_group_is_organised_by_it(group):
    event = make_event(group)
    event.refresh_from_db()
    assert event.organising_group_id == group.pk


def test_signal_sent_after_commit(event, resident, django_capture_on_commit_callbacks):
    received = []

    def listener(sender, event, **kwargs):
        received.append(event.pk)

    enrollment_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            rules.enroll(event, resident)
    finally:
        enrollment_changed.disconnect(listener)
    assert received == [event.pk]


def test_counts_are_annotations(event, make_resident):
    for _ in range(3):
        rules.enroll(event, make_resident())
    annotated = EventPage.objects.with_counts().get(pk=event.pk)
    assert (annotated.confirmed_count, annotated.waitlist_count) == (2, 1)
    assert (annotated.seats_left, annotated.waitlist_length) == (0, 1)
    assert not EventPage.objects.with_counts().with_free_seats().filter(pk=event.pk).exists()


def test_waitlist_position_annotation_matches_the_rule(event, make_resident):
    users = [make_resident() for _ in range(6)]
    for user in users:
        rules.enroll(event, user)
    rows = Enrollment.objects.filter(event=event).with_position()
    for row in rows:
        assert row.waitlist_position == rules.waitlist_position(row)
    assert sorted(r.waitlist_position for r in rows if r.waitlist_position) == [1, 2, 3, 4]


def test_deleting_an_account_frees_the_seat(event, make_resident):
    from community.personal_data import delete_account

    a, b, c = (make_resident() for _ in range(3))
    for user in (a, b, c):
        rules.enroll(event, user)
    delete_account(a)
    assert rules.state_for(event, c).status == "confirmed"


def test_personal_data_includes_enrollments(event, resident):
    from community.personal_data import export

    rules.enroll(event, resident)
    data = export(resident)
    assert data["enrollments"]["enrollments"][0]["event"] == event.title


def test_publishing_a_cancellation_tells_participants_once(
    event, make_resident, django_capture_on_commit_callbacks
):
    a, b, c = (make_resident() for _ in range(3))
    for user in (a, b, c):
        rules.enroll(event, user)
    mail.outbox.clear()
    event.is_cancelled = True
    event.cancellation_reason = "Pelatih sakit; jadwal pengganti menyusul."
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, b.email, c.email])
    assert "Pelatih sakit" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()  # an edit later: nobody is told twice
    assert len(mail.outbox) == 3


def test_raising_the_capacity_promotes_the_people_waiting(
    event, make_resident, django_capture_on_commit_callbacks
):
    users = [make_resident() for _ in range(5)]
    for user in users:
        rules.enroll(event, user)
    mail.outbox.clear()
    event.capacity = 4
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert statuses(event)[users[2].email] == "confirmed"
    assert statuses(event)[users[3].email] == "confirmed"
    assert rules.state_for(event, users[4]).position == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([users[2].email, users[3].email])


def test_admin_validation(event):
    from django.core.exceptions import ValidationError

    event.is_cancelled = True
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "cancellation_reason" in error.value.message_dict
    session = event.sessions.first()
    session.ends_at = session.starts_at - timedelta(hours=1)
    with pytest.raises(ValidationError):
        session.full_clean()


def test_event_under_a_program_is_organised_by_it(home_page):
    from tests.factories.pages import ProgramIndexPageFactory, ProgramPageFactory

    program = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home_page))
    event = make_event(program)
    event.refresh_from_db()
    assert (event.organising_program_id, event.organising_group_id) == (program.pk, None)
