import pytest
from django.utils import translation

from community.models import CommunityGroupPage
from tests.factories.community import (
    CommunityGroupPageFactory,
    GroupIndexPageFactory,
    StaffFactory,
    UserFactory,
    leader_of,
    member_of,
)


@pytest.fixture(autouse=True)
def indonesian():
    """Residents read Indonesian: messages are asserted in the site's language."""
    with translation.override("id"):
        yield


@pytest.fixture
def group_index(home_page):
    return GroupIndexPageFactory(parent=home_page)


@pytest.fixture
def make_group(group_index):
    def make(**kwargs):
        return CommunityGroupPageFactory(parent=group_index, **kwargs)

    return make


@pytest.fixture
def open_group(make_group):
    return make_group(title="Kelompok Belajar Anak RW 03")


@pytest.fixture
def approval_group(make_group):
    return make_group(
        title="Jahit Berkah",
        join_policy=CommunityGroupPage.JoinPolicy.APPROVAL,
        member_limit=3,
    )


@pytest.fixture
def resident(db):
    return UserFactory()


@pytest.fixture
def leader(approval_group):
    return leader_of(approval_group)


@pytest.fixture
def member(approval_group):
    return member_of(approval_group)


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def other_leader(make_group):
    return leader_of(make_group(title="Kelompok Lain"))
