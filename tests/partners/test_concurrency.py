"""Fifty partners pledging to one need at the same instant keep its totals exact:
PostgreSQL, real threads, the need's row lock (partners.pledges)."""

import pytest
from django.db import connection

from partners import pledges as rules
from partners.models import Need, Pledge
from tests.concurrency import run_concurrently
from tests.factories.pages import PartnerFactory
from tests.factories.partners import NeedFactory, make_partner_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def cash_need():
    return NeedFactory(kind=Need.Kind.CASH, unit="", amount=10_000_000, unit_value=None)


def test_fifty_simultaneous_pledges_keep_the_totals_exact(cash_need):
    assert connection.vendor == "postgresql"
    users = [make_partner_user(PartnerFactory()) for _ in range(50)]
    amounts = [100_000 * (n % 7 + 1) for n in range(50)]
    _results, errors = run_concurrently(
        rules.pledge,
        [(cash_need, user, amount) for user, amount in zip(users, amounts, strict=True)],
    )
    assert errors == []
    cash_need.refresh_from_db()
    assert Pledge.objects.filter(need=cash_need).count() == 50
    assert cash_need.pledged_total == sum(amounts) == rules.recount(cash_need)[0]
    # Over-pledged (more than asked) is allowed and shown.
    assert cash_need.over_pledged == sum(amounts) - 10_000_000


def test_pledges_cancellations_and_deliveries_at_once(cash_need):
    staff_partner = PartnerFactory()
    users = [make_partner_user(staff_partner)] + [
        make_partner_user(PartnerFactory()) for _ in range(29)
    ]
    from tests.factories.partners import make_staff

    staff = make_staff()
    first = [rules.pledge(cash_need, user, 200_000) for user in users[:20]]
    for pledge in first[:10]:
        rules.confirm(pledge, staff)
    calls = (
        [(lambda p: rules.cancel(p, staff, "Anggaran dialihkan"), p) for p in first[10:]]
        + [(lambda p: rules.deliver(p, staff), p) for p in first[:10]]
        + [(lambda u: rules.pledge(cash_need, u, 300_000), u) for u in users[20:]]
    )
    Need.objects.filter(pk=cash_need.pk).update(evidence_required=False)
    _results, errors = run_concurrently(lambda f, arg: f(arg), calls)
    assert errors == []
    cash_need.refresh_from_db()
    assert cash_need.pledged_total == 10 * 200_000 + 10 * 300_000
    assert cash_need.delivered_total == 10 * 200_000
    assert (cash_need.pledged_total, cash_need.delivered_total) == rules.recount(cash_need)
