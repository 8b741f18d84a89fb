import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from community import roles
from tests.factories.community import UserFactory
from tests.factories.participation import make_rw


@pytest.fixture
def rw(db):
    return make_rw("RW 03")


@pytest.fixture
def rw4(db):
    return make_rw("RW 04")


@pytest.fixture
def resident(rw):
    return UserFactory(home_area=rw)


@pytest.fixture
def other_resident(rw):
    return UserFactory(home_area=rw)


@pytest.fixture
def unverified(rw):
    user = UserFactory(home_area=rw)
    EmailAddress.objects.filter(user=user).update(verified=False)
    return user


@pytest.fixture
def no_consent(rw):
    return UserFactory(home_area=rw, data_consent_at=None)


@pytest.fixture
def staff(db):
    user = UserFactory(display_name="Staf Humas")
    user.groups.add(Group.objects.get_or_create(name=roles.STAFF_GROUP)[0])
    return user


@pytest.fixture
def moderator(db):
    user = UserFactory(display_name="Moderator")
    user.groups.add(Group.objects.get_or_create(name=roles.MODERATOR_GROUP)[0])
    return user
