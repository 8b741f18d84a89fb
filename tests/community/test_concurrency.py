"""Many people joining at once never overfill a group: PostgreSQL, real threads, locks."""

import pytest
from django.db import connection
from wagtail.models import Page

from community import membership as rules
from community.models import CommunityGroupPage, Membership
from tests.concurrency import run_concurrently
from tests.factories.community import (
    CommunityGroupPageFactory,
    GroupIndexPageFactory,
    UserFactory,
    leader_of,
)

pytestmark = [
    pytest.mark.postgres,
    # serialized_rollback: the flush between transactional tests must keep the page
    # tree the migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def group_index():
    return GroupIndexPageFactory(parent=Page.objects.get(depth=2))


def test_twenty_people_join_a_group_of_five(group_index):
    assert connection.vendor == "postgresql"
    group = CommunityGroupPageFactory(parent=group_index, title="Senam Lansia", member_limit=5)
    users = [UserFactory() for _ in range(20)]
    results, errors = run_concurrently(rules.join, [(group, user) for user in users])
    assert len(results) == 5
    assert len(errors) == 15
    assert {e.code for e in errors} == {"group_full"}
    assert Membership.objects.filter(group=group, status="active").count() == 5
    assert Membership.objects.filter(group=group).count() == 5


def test_leaders_approving_at_once_respect_the_limit(group_index):
    group = CommunityGroupPageFactory(
        parent=group_index,
        title="Jahit Berkah",
        join_policy=CommunityGroupPage.JoinPolicy.APPROVAL,
        member_limit=4,
    )
    leaders = [leader_of(group) for _ in range(2)]  # two of the four places
    requests = [rules.join(group, UserFactory()) for _ in range(6)]
    jobs = [(request, leaders[i % 2]) for i, request in enumerate(requests)]
    results, errors = run_concurrently(rules.approve, jobs)
    assert len(results) == 2
    assert {e.code for e in errors} == {"group_full"}
    assert Membership.objects.filter(group=group, status="active").count() == 4
    assert Membership.objects.filter(group=group, status="pending").count() == 4


def test_the_same_person_joining_twice_at_once_gets_one_membership(group_index):
    group = CommunityGroupPageFactory(parent=group_index, title="Belajar Anak")
    user = UserFactory()
    results, errors = run_concurrently(rules.join, [(group, user)] * 8)
    assert errors == []
    assert {m.pk for m in results} == {Membership.objects.get(group=group, user=user).pk}
