import pytest

from tests.factories.events import (
    CommunityGroupPageFactory,
    EventIndexPageFactory,
    GroupIndexPageFactory,
    ResidentFactory,
    make_event,
)


@pytest.fixture
def event_index(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def group(home_page):
    index = GroupIndexPageFactory(parent=home_page)
    return CommunityGroupPageFactory(parent=index, title="Kelompok Belajar Melati")


@pytest.fixture
def event(event_index):
    return make_event(event_index, capacity=2, title="Kursus Menjahit Dasar")


@pytest.fixture
def resident(db):
    return ResidentFactory()


@pytest.fixture
def make_resident(db):
    return ResidentFactory
