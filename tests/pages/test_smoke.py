import pytest

from tests.factories.pages import ProgramIndexPageFactory, ProgramPageFactory

pytestmark = pytest.mark.django_db


def test_program_page_renders_under_its_index(client, home_page):
    index = ProgramIndexPageFactory(parent=home_page)
    program = ProgramPageFactory(parent=index, title="Pelatihan Menjahit")

    response = client.get(program.url)

    assert response.status_code == 200
    assert "Pelatihan Menjahit" in response.content.decode()
