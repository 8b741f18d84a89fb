"""PostgreSQL full text search with the 'indonesian' configuration."""

from io import StringIO

import pytest
from django.core.management import call_command

from search.engines.database import DatabaseEngine
from search.service import SearchParams, parse_params
from tests.factories.pages import ProgramPageFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def titles(q, **kwargs):
    return [r["title"] for r in DatabaseEngine().search(SearchParams(q=q, **kwargs)).results]


@pytest.mark.parametrize("q", ["berlatih menjahit", "latihan", "pelatihan jahit", "menjahit"])
def test_indonesian_stemming_finds_the_sewing_course(kelurahan, q):
    assert "Pelatihan Menjahit untuk Ibu Rumah Tangga" in titles(q)


def test_stemming_reaches_related_words(kelurahan):
    # "penjahit" (tailor) and "menjahit" (to sew) share the stem "jahit".
    assert "Kelas Menjahit Angkatan 3" in titles("penjahit")


def test_synonyms_and_stemming_together(kelurahan):
    assert titles("BLT") == ["Bantuan Langsung Tunai Kelurahan"]
    assert "Hari Imunisasi Anak" in titles("vaksinasi")


def test_summary_ranks_above_body(kelurahan):
    index = kelurahan["sewing"].get_parent()
    ProgramPageFactory(
        parent=index,
        title="Program A",
        slug="program-a",
        summary="Pendampingan umum.",
        eligibility="<p>Warga yang ingin belajar membatik.</p>",
    )
    ProgramPageFactory(
        parent=index, title="Program B", slug="program-b", summary="Kursus membatik tulis."
    )
    assert titles("batik")[:2] == ["Program B", "Program A"]


def test_the_demo_answers_the_issue(client, db):
    call_command("seed_demo", stdout=StringIO())
    # "berlatih menjahit" finds the sewing course; "BLT" the cash assistance program.
    assert "Pelatihan Menjahit untuk Ibu Rumah Tangga" in titles("berlatih menjahit")
    assert titles("BLT", types=("program",))[0] == "Bantuan Langsung Tunai (BLT) Kelurahan"
    # The page and the API agree on the demo too.
    api = client.get("/api/search/", {"q": "berlatih menjahit"}).json()
    response = DatabaseEngine().search(parse_params({"q": "berlatih menjahit"}))
    assert api["count"] == response.count
    assert [r["title"] for r in api["results"]] == [r["title"] for r in response.results]
    type_counts = {e["value"]: e["count"] for e in api["facets"]["type"]}
    assert sum(type_counts.values()) == api["count"]
