"""Program index filters (category, area, status) work as plain GET forms, no JavaScript."""

import pytest

from pages.models import ProgramCategory, ProgramStatus
from tests.factories.pages import ProgramPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programs(program_index, areas):
    make = ProgramPageFactory
    return {
        "kota": make(
            parent=program_index,
            title="Bantuan Pendidikan Kota",
            areas=[areas["kota"]],
            category=ProgramCategory.EDUCATION,
        ),
        "kecamatan": make(
            parent=program_index,
            title="Imunisasi Kecamatan",
            areas=[areas["kecamatan"]],
            category=ProgramCategory.HEALTH,
            status=ProgramStatus.UPCOMING,
        ),
        "kelurahan": make(
            parent=program_index,
            title="BLT Kelurahan",
            areas=[areas["kelurahan"]],
            category=ProgramCategory.CASH_ASSISTANCE,
        ),
        "rw1": make(
            parent=program_index,
            title="Posyandu RW Satu",
            areas=[areas["rw1"]],
            category=ProgramCategory.HEALTH,
        ),
        "rw2": make(
            parent=program_index,
            title="Menjahit RW Dua",
            areas=[areas["rw2"]],
            status=ProgramStatus.CLOSED,
        ),
        "other_kelurahan": make(
            parent=program_index, title="Lebak Bulus Saja", areas=[areas["other_kelurahan"]]
        ),
        "jakbar": make(
            parent=program_index, title="Program Jakarta Barat", areas=[areas["palmerah"]]
        ),
        "nowhere": make(parent=program_index, title="Tanpa Wilayah"),
    }


def titles(client, index, **params):
    response = client.get(index.url, params)
    assert response.status_code == 200
    return {p.title for p in response.context["programs"]}, response


def test_no_filter_lists_every_program_open_first(client, program_index, programs):
    found, response = titles(client, program_index)
    assert found == {p.title for p in programs.values()}
    statuses = [p.status for p in response.context["programs"]]
    assert statuses == sorted(statuses, key=["open", "upcoming", "closed"].index)


def test_filter_by_category(client, program_index, programs):
    found, _ = titles(client, program_index, kategori="health")
    assert found == {"Imunisasi Kecamatan", "Posyandu RW Satu"}


def test_filter_by_status(client, program_index, programs):
    found, _ = titles(client, program_index, status="closed")
    assert found == {"Menjahit RW Dua"}


def test_kelurahan_finds_programs_around_it_and_inside_it(client, program_index, programs):
    found, _ = titles(client, program_index, wilayah="pondok-labu")
    # Its kota and kecamatan serve it; its RWs are inside it; the neighbouring
    # kelurahan, another city and programs without an area are not.
    assert found == {
        "Bantuan Pendidikan Kota",
        "Imunisasi Kecamatan",
        "BLT Kelurahan",
        "Posyandu RW Satu",
        "Menjahit RW Dua",
    }


def test_rw_finds_its_own_and_the_wider_programs_only(client, program_index, programs):
    found, _ = titles(client, program_index, wilayah="pondok-labu-rw-01")
    assert found == {
        "Bantuan Pendidikan Kota",
        "Imunisasi Kecamatan",
        "BLT Kelurahan",
        "Posyandu RW Satu",
    }


def test_filters_combine(client, program_index, programs):
    found, _ = titles(
        client, program_index, wilayah="pondok-labu", kategori="health", status="open"
    )
    assert found == {"Posyandu RW Satu"}


def test_program_serving_several_areas_is_listed_once(client, program_index, areas):
    ProgramPageFactory(
        parent=program_index,
        title="Posyandu Semua RW",
        areas=[areas["rw1"], areas["rw2"], areas["kelurahan"]],
    )
    response = client.get(program_index.url, {"wilayah": "pondok-labu"})
    assert [p.title for p in response.context["programs"]] == ["Posyandu Semua RW"]


def test_form_shows_the_area_tree_and_keeps_the_choice(client, program_index, programs):
    response = client.get(program_index.url, {"wilayah": "pondok-labu-rw-01"})
    html = response.content.decode()
    assert '<form method="get"' in html  # a plain GET form: works without JavaScript
    assert '<option value="pondok-labu-rw-01" selected>' in html
    # Tree order: the kecamatan comes right after its kota, indented.
    kota = html.index('value="jaksel"')
    kecamatan = html.index('value="cilandak"')
    jakbar = html.index('value="jakbar"')
    assert jakbar < kota < kecamatan
    assert "\u2003Kecamatan Cilandak" in html


@pytest.mark.parametrize(
    "params",
    [
        {"kategori": "bukan-kategori"},
        {"status": "mungkin"},
        {"wilayah": "tidak-ada"},
        {"wilayah": "<script>alert(1)</script>"},
        {"halaman": "abc"},
        {"halaman": "999"},
        {"kategori": ["health", "education"]},
    ],
)
def test_bad_input_never_breaks_the_page(client, program_index, programs, params):
    response = client.get(program_index.url, params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_unknown_value_is_ignored_with_a_message(client, program_index, programs):
    found, response = titles(client, program_index, kategori="bukan-kategori", status="closed")
    html = response.content.decode()
    assert found == {"Menjahit RW Dua"}  # the valid filter still applies
    assert "Pilihan ini tidak tersedia, jadi diabaikan." in html


def test_no_match_says_so_in_indonesian(client, program_index, programs):
    response = client.get(program_index.url, {"wilayah": "jakbar", "kategori": "health"})
    assert "Tidak ada program yang cocok" in response.content.decode()


def test_pagination_keeps_the_filters(client, program_index, areas):
    for n in range(14):
        ProgramPageFactory(parent=program_index, title=f"Kelas {n:02d}", areas=[areas["rw1"]])
    response = client.get(program_index.url, {"wilayah": "pondok-labu"})
    html = response.content.decode()
    assert len(response.context["programs"]) == 12
    assert "wilayah=pondok-labu&amp;halaman=2" in html
    response = client.get(program_index.url, {"wilayah": "pondok-labu", "halaman": 2})
    assert len(response.context["programs"]) == 2
