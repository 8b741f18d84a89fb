"""The search contract, run against every engine (see tests/search/engines.py)."""

from datetime import timedelta

import pytest
from wagtail.models import PageViewRestriction

from pages.models import ProgramCategory, ProgramStatus
from tests.factories.events import ResidentFactory, enroll_directly, make_event
from tests.factories.pages import ProgramPageFactory
from tests.search.conftest import in_days
from tests.search.engines import ENGINES, EngineUnderTest

pytestmark = pytest.mark.django_db


@pytest.fixture(params=ENGINES)
def engine(request, settings):
    if request.param == "elasticsearch":
        from tests.search.conftest import ES_URL

        settings.ELASTICSEARCH_URL = ES_URL
    return EngineUnderTest(request.param)


def counts(facet):
    return {entry["value"]: entry["count"] for entry in facet}


# --- Finding -----------------------------------------------------------------------------


def test_finds_every_type_that_mentions_the_words(engine, kelurahan):
    response = engine.search(q="menjahit")
    types = {r["type"] for r in response.results}
    assert {"program", "event", "article"} <= types
    assert "Pelatihan Menjahit untuk Ibu Rumah Tangga" in [r["title"] for r in response.results]
    assert response.count == len(response.results)


def test_when_all_words_find_nothing_any_word_does(engine, kelurahan):
    # "kursus" is in no page, "menjahit" is: the resident still finds the sewing pages.
    titles = engine.titles(q="kursus menjahit")
    assert "Pelatihan Menjahit untuk Ibu Rumah Tangga" in titles


def test_unpublished_pages_are_never_found(engine, kelurahan):
    assert "Program Rahasia Menjahit Draf" not in engine.titles(q="menjahit")
    assert engine.search(q="rahasia").count == 0


def test_pages_behind_a_view_restriction_are_not_found(engine, kelurahan):
    PageViewRestriction.objects.create(
        page=kelurahan["blt"], restriction_type=PageViewRestriction.LOGIN
    )
    assert engine.search(q="tunai").count == 0


def test_publishing_a_revision_makes_a_draft_findable_and_unpublishing_hides_it(engine, kelurahan):
    draft = kelurahan["draft"]
    draft.title = "Program Rahasia Menjahit Terbit"
    draft.save_revision().publish()
    assert "Program Rahasia Menjahit Terbit" in engine.titles(q="rahasia")
    draft.refresh_from_db()
    draft.unpublish()
    assert engine.search(q="rahasia").count == 0


def test_synonyms_expand_the_query(engine, kelurahan):
    # "BLT" appears nowhere in the page: the synonym finds "bantuan langsung tunai".
    assert engine.titles(q="BLT") == ["Bantuan Langsung Tunai Kelurahan"]
    # ...and the other way round: "vaksin" finds the immunisation program.
    assert "Hari Imunisasi Anak" in engine.titles(q="vaksin")


def test_results_carry_the_fields_a_list_needs(engine, kelurahan):
    results = {r["title"]: r for r in engine.search(q="menjahit").results}
    event = results["Kelas Menjahit Angkatan 3"]
    assert event["type"] == "event"
    assert event["url"] == "/kegiatan/kelas-menjahit-3/"
    assert event["seats_left"] == 1  # capacity 2, one confirmed
    assert event["next_session"] is not None
    assert event["category"] == ProgramCategory.SKILLS_TRAINING
    assert event["area"] == "Sukamaju"
    program = results["Pelatihan Menjahit untuk Ibu Rumah Tangga"]
    assert program["status"] == ProgramStatus.OPEN
    assert program["category_label"]
    (group,) = engine.search(q="konveksi", types=("group",)).results
    assert group["member_count"] == 1
    assert group["area"] == "RW 03, Sukamaju"
    assert group["category"] == ProgramCategory.SKILLS_TRAINING  # its program's


def test_snippets_are_escaped_and_marked(engine, kelurahan):
    page = kelurahan["article_sewing"]
    page.summary = "Belajar menjahit <script>alert(1)</script> & merajut."
    page.save_revision().publish()
    snippet = next(r["snippet"] for r in engine.search(q="menjahit").results if r["id"] == page.pk)
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "<mark>menjahit</mark>" in snippet.lower()


# --- Ranking -------------------------------------------------------------------------------


def test_current_things_rank_before_closed_programs_and_past_events(engine, kelurahan):
    titles = engine.titles(q="menjahit")
    closed = titles.index("Pelatihan Menjahit Angkatan 2024")
    past = titles.index("Kelas Menjahit Angkatan 1")
    for current in ("Pelatihan Menjahit untuk Ibu Rumah Tangga", "Kelas Menjahit Angkatan 3"):
        assert titles.index(current) < closed
        assert titles.index(current) < past


def test_a_title_match_ranks_above_a_summary_match(engine, kelurahan):
    index = kelurahan["sewing"].get_parent()
    ProgramPageFactory(
        parent=index, title="Kursus Merajut", slug="kursus-merajut", summary="Membuat syal."
    )
    ProgramPageFactory(
        parent=index,
        title="Kelas Kerajinan",
        slug="kelas-kerajinan",
        summary="Merajut, menyulam dan membuat tas dari kain perca.",
    )
    assert engine.titles(q="merajut")[:2] == ["Kursus Merajut", "Kelas Kerajinan"]


# --- Filters and facets ----------------------------------------------------------------------


def test_facets_count_each_type_category_and_area(engine, kelurahan):
    facets = engine.search(q="menjahit").facets
    assert counts(facets["type"]) == {"program": 2, "event": 2, "article": 1}
    assert counts(facets["category"]) == {ProgramCategory.SKILLS_TRAINING: 4}
    assert counts(facets["area"]) == {"sukamaju": 3, "mekarsari": 1}


def test_a_facet_is_counted_without_its_own_filter(engine, kelurahan):
    response = engine.search(q="menjahit", types=("event",))
    assert {r["type"] for r in response.results} == {"event"}
    assert response.count == 2
    # The type facet still offers the other types...
    assert counts(response.facets["type"]) == {"program": 2, "event": 2, "article": 1}
    # ...while category and area count the events only.
    assert counts(response.facets["area"]) == {"sukamaju": 2}
    selected = [e["value"] for e in response.facets["type"] if e["selected"]]
    assert selected == ["event"]


def test_category_filter(engine, kelurahan):
    titles = engine.titles(categories=(ProgramCategory.HEALTH,))
    assert set(titles) == {"Hari Imunisasi Anak", "Posyandu Balita Desember"}


def test_area_filter_includes_areas_inside_and_around(engine, kelurahan, areas):
    # RW 03 lies in Sukamaju: Sukamaju's programs serve it, and so does the RW itself.
    titles = set(engine.titles(q="menjahit", areas=("rw-03-sukamaju",)))
    assert "Pelatihan Menjahit untuk Ibu Rumah Tangga" in titles  # serves Sukamaju
    assert "Pelatihan Menjahit Angkatan 2024" not in titles  # Mekarsari
    # Choosing the kelurahan finds what is in its RWs.
    assert "Hari Imunisasi Anak" in engine.titles(areas=("sukamaju",))


def test_date_range_keeps_events_with_a_session_inside_it(engine, kelurahan):
    titles = engine.titles(date_from=in_days(18), date_to=in_days(22))
    assert titles == ["Posyandu Balita Desember"]
    assert engine.search(date_from=in_days(60)).count == 0


def test_open_keeps_what_one_can_still_join(engine, kelurahan):
    titles = set(engine.titles(q="menjahit", open_only=True))
    assert titles == {"Pelatihan Menjahit untuk Ibu Rumah Tangga", "Kelas Menjahit Angkatan 3"}
    # The last seat goes: the event drops out of "open".
    enroll_directly(kelurahan["event_sewing"], ResidentFactory())
    titles = set(engine.titles(q="menjahit", open_only=True))
    assert titles == {"Pelatihan Menjahit untuk Ibu Rumah Tangga"}


def test_filters_alone_browse_without_a_query(engine, kelurahan):
    response = engine.search(types=("event",))
    assert response.count == 3
    # Upcoming first, the past one last.
    assert response.results[-1]["title"] == "Kelas Menjahit Angkatan 1"


def test_pagination(engine, kelurahan):
    index = kelurahan["sewing"].get_parent()
    for n in range(12):
        ProgramPageFactory(parent=index, title=f"Kelas Batik {n}", slug=f"kelas-batik-{n}")
    first = engine.search(q="batik")
    second = engine.search(q="batik", page=2)
    assert first.count == second.count == 12
    assert len(first.results) == 10 and len(second.results) == 2
    assert not {r["id"] for r in first.results} & {r["id"] for r in second.results}
    assert engine.search(q="batik", page=3).results == []


# --- Nothing found, suggestions ----------------------------------------------------------------


def test_nothing_found_suggests_a_spelling(engine, kelurahan):
    response = engine.search(q="menjahti")
    assert response.count == 0
    assert response.suggestions == ["menjahit"]


def test_empty_query_answers_nothing(engine, kelurahan):
    response = engine.search()
    assert response.count == 0 and response.results == []


def test_autocomplete_suggests_titles(engine, kelurahan):
    titles = [s["title"] for s in engine.suggest("menj")]
    assert "Pelatihan Menjahit untuk Ibu Rumah Tangga" in titles
    assert "Program Rahasia Menjahit Draf" not in titles
    assert all(s["url"] for s in engine.suggest("menj"))


def test_cancelled_event_is_not_current(engine, kelurahan):
    event = make_event(
        kelurahan["event_sewing"].get_parent(),
        start_in=timedelta(days=5),
        title="Kelas Menjahit Batal",
        slug="kelas-menjahit-batal",
        summary="Dibatalkan.",
        is_cancelled=True,
        cancellation_reason="Pelatih sakit; diganti bulan depan.",
    )
    titles = engine.titles(q="menjahit", types=("event",))
    assert titles[-1] in ("Kelas Menjahit Batal", "Kelas Menjahit Angkatan 1")
    assert titles.index(event.title) > titles.index("Kelas Menjahit Angkatan 3")


def test_required_documents_are_searchable(engine, kelurahan):
    page = kelurahan["blt"]
    page.required_documents = [("document", "Surat Keterangan Tidak Mampu (SKTM)")]
    page.save_revision().publish()
    assert engine.titles(q="SKTM") == ["Bantuan Langsung Tunai Kelurahan"]


def test_a_published_page_is_found_without_a_task_worker(
    settings, kelurahan, django_capture_on_commit_callbacks
):
    # Outside tests Wagtail queues its index updates as background tasks; publishing
    # still makes the page findable at once, worker or not.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    engine = EngineUnderTest("database")
    page = kelurahan["draft"]
    page.title = "Program Rahasia Menjahit Kilat"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert engine.titles(q="kilat") == ["Program Rahasia Menjahit Kilat"]
