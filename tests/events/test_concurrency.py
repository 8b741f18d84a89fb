"""Hundreds of requests at once never overbook: PostgreSQL, real threads, real locks."""

import pytest
from django.db import connection
from wagtail.models import Page

from events import enrollment as rules
from events.models import Enrollment
from tests.concurrency import run_concurrently
from tests.factories.events import (
    EventIndexPageFactory,
    ResidentFactory,
    make_event,
)

pytestmark = [
    pytest.mark.postgres,
    # serialized_rollback: the flush between transactional tests must not lose the
    # page tree and locale the migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def seated_event():
    index = EventIndexPageFactory(parent=Page.objects.get(depth=2))
    return make_event(index, capacity=10, title="Kelas Kewirausahaan")


def test_forty_people_at_a_ten_seat_event(seated_event):
    assert connection.vendor == "postgresql"
    users = [ResidentFactory() for _ in range(40)]
    _results, errors = run_concurrently(rules.enroll, [(seated_event, user) for user in users])
    assert errors == []
    rows = list(Enrollment.objects.filter(event=seated_event).with_position())
    confirmed = [r for r in rows if r.status == "confirmed"]
    waitlisted = [r for r in rows if r.status == "waitlisted"]
    assert len(confirmed) == 10
    assert sorted(r.waitlist_position for r in waitlisted) == list(range(1, 31))
    # FIFO: every confirmed person asked before every waitlisted one.
    assert max(r.requested_at for r in confirmed) <= min(r.requested_at for r in waitlisted)


def test_concurrent_cancellations_promote_in_order(seated_event):
    users = [ResidentFactory() for _ in range(16)]
    for user in users:  # sequential: 10 confirmed, 6 waiting in a known order
        rules.enroll(seated_event, user)
    waiting = [u.pk for u in users[10:]]
    leaving = users[:4]
    _results, errors = run_concurrently(rules.cancel, [(seated_event, user) for user in leaving])
    assert errors == []
    rows = Enrollment.objects.filter(event=seated_event)
    assert rows.filter(status="confirmed").count() == 10
    promoted = set(
        rows.filter(status="confirmed", user_id__in=waiting).values_list("user_id", flat=True)
    )
    assert promoted == set(waiting[:4])  # the first four in line, no one else
    still_waiting = rows.filter(status="waitlisted").with_position().order_by("waitlist_position")
    assert [r.user_id for r in still_waiting] == waiting[4:]


def test_enroll_and_cancel_storm_never_overbooks(seated_event):
    users = [ResidentFactory() for _ in range(30)]
    for user in users[:10]:
        rules.enroll(seated_event, user)
    calls = [(rules.cancel, u) for u in users[:10]] + [(rules.enroll, u) for u in users[10:]]
    _results, errors = run_concurrently(lambda f, u: f(seated_event, u), calls)
    assert errors == []
    assert Enrollment.objects.filter(event=seated_event, status="confirmed").count() == 10
    assert Enrollment.objects.filter(event=seated_event, status="waitlisted").count() == 10
