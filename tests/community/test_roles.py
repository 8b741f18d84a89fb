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
