"""The one staff rule: community.roles decides staff, moderator and kader for every app."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from community import roles
from tests.factories.community import UserFactory

pytestmark = pytest.mark.django_db


def in_group(name):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.mark.parametrize(
    ("make_user", "staff", "moderator", "kader"),
    [
        (lambda: AnonymousUser(), False, False, False),
        (lambda: UserFactory(), False, False, False),
        (lambda: in_group(roles.STAFF_GROUP), True, False, False),
        (lambda: in_group(roles.MODERATOR_GROUP), True, True, False),
        (lambda: in_group(roles.KADER_GROUP), False, False, True),
        (lambda: UserFactory(is_staff=True), True, False, False),
        (lambda: UserFactory(is_superuser=True), True, True, False),
        (lambda: UserFactory(is_superuser=True, is_active=False), False, False, False),
    ],
)
def test_roles(make_user, staff, moderator, kader):
    user = make_user()
    assert (roles.is_staff(user), roles.is_moderator(user), roles.is_kader(user)) == (
        staff,
        moderator,
        kader,
    )


def test_admin_screens_answer_who_may_act_by_the_same_rule():
    """Wagtail's "who may do this" lists (used for its notifications and filters) name
    the same people as community.roles for every model behind a staff policy."""
    from wagtail.permissions import policy_registry

    from accountability.models import FundingLine, LedgerEntry
    from participation.models import Proposal, Survey
    from partners.models import Need, Pledge
    from search.models import Synonym

    editor = in_group(roles.STAFF_GROUP)
    resident = UserFactory()
    for model, action in [
        (Survey, "change"),
        (Proposal, "view"),
        (Need, "add"),
        (Pledge, "change"),
        (Synonym, "delete"),
        (FundingLine, "change"),
        (LedgerEntry, "add"),
    ]:
        policy = policy_registry.get_by_type(model)
        assert policy.user_has_permission(editor, action), model
        assert not policy.user_has_permission(resident, action), model
        allowed = set(policy.users_with_any_permission([action]))
        assert editor in allowed and resident not in allowed, model
    # What a policy does not allow, nobody may do (residents create proposals; ledger
    # entries are never deleted, an approved one is reversed).
    assert not policy_registry.get_by_type(Proposal).users_with_any_permission(["add"]).exists()
    ledger = policy_registry.get_by_type(LedgerEntry)
    assert not ledger.user_has_permission(editor, "delete")
    assert not ledger.users_with_any_permission(["delete"]).exists()
