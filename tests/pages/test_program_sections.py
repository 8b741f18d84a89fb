"""A program page shows what higher apps add through pages.sections: its upcoming
activities, open needs, funding and complaint figures (never a complaint's content)."""

import pytest

from participation import complaints
from participation.models import Complaint
from partners.models import Need
from tests.factories.community import UserFactory
from tests.factories.pages import ProgramPageFactory
from tests.factories.partners import NeedFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(program_index):
    return ProgramPageFactory(parent=program_index, title="Pelatihan Menjahit")


def body(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_open_needs_show_and_drafts_do_not(client, program):
    NeedFactory(program=program, title="Mesin jahit untuk kelas RW 04")
    NeedFactory(program=program, title="Rencana kain", status=Need.Status.DRAFT)

    html = body(client, program)

    assert "Yang masih dibutuhkan program ini" in html
    assert "Mesin jahit untuk kelas RW 04" in html
    assert "Rencana kain" not in html


def test_no_needs_no_section(client, program):
    assert "Yang masih dibutuhkan program ini" not in body(client, program)


def test_complaint_figures_without_content(client, program):
    assert "Belum ada pengaduan tentang program ini." in body(client, program)

    complaints.submit(
        UserFactory(),
        subject=Complaint.Subject.PROGRAM,
        title="Bantuan belum cair",
        description="Sudah tiga bulan bantuan belum diterima keluarga kami.",
        program=program,
    )

    # The cached anonymous page is rebuilt: a complaint bumps the content version.
    html = body(client, program)
    assert "Pengaduan tentang program ini" in html
    assert "Belum ada pengaduan tentang program ini." not in html
    assert "Bantuan belum cair" not in html
    assert "tiga bulan" not in html
