"""A hundred people supporting one proposal at once (forty threads at a time, the most
PostgreSQL's connections allow): exactly a hundred rows and the count 100 (real threads,
real row locks)."""

import pytest
from django.db import connection

from participation import proposals as rules
from participation.models import Proposal, ProposalSupport
from tests.concurrency import run_concurrently
from tests.factories.community import UserFactory
from tests.factories.participation import ProposalFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_hundred_simultaneous_supports():
    assert connection.vendor == "postgresql"
    proposal = ProposalFactory()
    users = [UserFactory() for _ in range(100)]
    _results, errors = run_concurrently(rules.support, [(proposal, u) for u in users])
    assert errors == []
    assert ProposalSupport.objects.filter(proposal=proposal).count() == 100
    assert Proposal.objects.get(pk=proposal.pk).support_count == 100


def test_simultaneous_supports_and_withdrawals():
    proposal = ProposalFactory()
    users = [UserFactory() for _ in range(40)]
    for user in users[:20]:
        rules.support(proposal, user)
    calls = [(rules.withdraw_support, u) for u in users[:20]] + [
        (rules.support, u) for u in users[20:]
    ]
    _results, errors = run_concurrently(lambda f, u: f(proposal, u), calls)
    assert errors == []
    assert ProposalSupport.objects.filter(proposal=proposal).count() == 20
    assert Proposal.objects.get(pk=proposal.pk).support_count == 20


def test_the_same_person_twice_at_once_is_one_support():
    proposal = ProposalFactory()
    user = UserFactory()
    _results, errors = run_concurrently(rules.support, [(proposal, user)] * 10)
    assert errors == []
    assert Proposal.objects.get(pk=proposal.pk).support_count == 1
