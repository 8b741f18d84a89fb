"""The search page at /cari/ and GET /api/search/: one service, the same answers."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.pages import ProgramPageFactory

pytestmark = pytest.mark.django_db


TITLE_RE = re.compile(r'class="search-result__title"><a href="[^"]+">([^<]+)</a>')


def page_titles(response):
    return TITLE_RE.findall(response.content.decode())


@pytest.mark.parametrize(
    "query",
    [
        {"q": "menjahit"},
        {"q": "BLT"},
        {"q": "menjahit", "type": "event"},
        {"category": "health"},
        {"q": "menjahit", "area": "sukamaju", "open": "1"},
    ],
)
def test_the_page_and_the_api_agree(client, kelurahan, query):
    api = client.get("/api/search/", query)
    page = client.get("/cari/", query)
    assert api.status_code == page.status_code == 200
    data = api.json()
    assert page_titles(page) == [r["title"] for r in data["results"]]
    html = page.content.decode()
    assert f"{data['count']} hasil" in html
    for entry in data["facets"]["type"]:
        assert f'name="type" value="{entry["value"]}"' in html


def test_api_answer_shape(client, kelurahan):
    data = client.get("/api/search/", {"q": "menjahit", "type": "event"}).json()
    assert set(data) == {"count", "page", "pages", "results", "facets", "suggestions", "proposals"}
    assert set(data["facets"]) == {"type", "category", "area"}
    result = data["results"][0]
    for key in ("id", "type", "title", "url", "snippet", "area", "category", "next_session"):
        assert key in result
    assert result["seats_left"] == 1


@pytest.mark.parametrize(
    "query, field",
    [
        ({"type": "kantor"}, "type"),
        ({"category": "sihir"}, "category"),
        ({"area": "<script>"}, "area"),
        ({"from": "kemarin"}, "from"),
        ({"from": "2026-12-31", "to": "2026-01-01"}, "from"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "9999"}, "page"),
        ({"open": "mungkin"}, "open"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_input_is_a_clear_422_never_a_500(client, kelurahan, query, field):
    response = client.get("/api/search/", query)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_search"
    assert response.json()["detail"]
    page = client.get("/cari/", query)
    assert page.status_code == 400
    assert 'role="alert"' in page.content.decode()


def test_messages_are_in_indonesian(client, kelurahan):
    response = client.get("/api/search/", {"page": "0"})
    assert response.json()["detail"] == "Halaman harus berupa angka dari 1 sampai 100."


def test_query_syntax_is_just_text(client, kelurahan):
    for q in ['"menjahit', "menjahit OR 1=1", "menjahit*", "(menjahit", "a:b", "<b>menjahit</b>"]:
        response = client.get("/api/search/", {"q": q})
        assert response.status_code == 200, q
        assert client.get("/cari/", {"q": q}).status_code == 200


def test_a_typed_query_is_escaped_on_the_page(client, kelurahan):
    html = client.get("/cari/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_empty_page_offers_ideas(client, kelurahan):
    html = client.get("/cari/").content.decode()
    assert "?q=BLT" in html
    assert "Pelatihan Menjahit untuk Ibu Rumah Tangga" in html  # an open program
    assert "Kelas Menjahit Angkatan 3" in html  # an upcoming event


def test_no_results_page_suggests_a_spelling_and_other_ways(client, kelurahan):
    html = client.get("/cari/", {"q": "menjahti"}).content.decode()
    assert "0 hasil" in html
    assert 'href="?q=menjahit"' in html
    assert "Posyandu Balita Desember" in html  # upcoming events to look at instead


def test_pagination_links_keep_the_filters(client, kelurahan):
    index = kelurahan["sewing"].get_parent()
    for n in range(11):
        ProgramPageFactory(parent=index, title=f"Kelas Batik {n}", slug=f"kelas-batik-{n}")
    html = client.get("/cari/", {"q": "batik", "type": "program"}).content.decode()
    assert 'href="?q=batik&amp;type=program&amp;page=2"' in html


def test_autocomplete_api(client, kelurahan):
    data = client.get("/api/search/suggest/", {"q": "menj"}).json()
    assert data["q"] == "menj"
    assert {"title", "url", "type"} <= set(data["results"][0])
    assert client.get("/api/search/suggest/", {"q": "m"}).json()["results"] == []


def test_the_page_works_without_javascript_and_loads_the_enhancement(client, kelurahan):
    html = client.get("/cari/", {"q": "menjahit"}).content.decode()
    assert '<form method="get" action="/cari/"' in html
    assert "js/search.js" in html
    assert 'data-suggest-url="/api/search/suggest/"' in html


def test_query_count_does_not_grow_with_the_results(client, kelurahan):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/search/", {"q": "tari"}).status_code == 200
        return len(ctx.captured_queries)

    index = kelurahan["sewing"].get_parent()
    for n in range(3):
        ProgramPageFactory(parent=index, title=f"Kelas Tari {n}", slug=f"kelas-tari-{n}")
    queries()  # warm the caches (synonyms, content types, site root paths)
    few = queries()
    for n in range(3, 15):
        ProgramPageFactory(parent=index, title=f"Kelas Tari {n}", slug=f"kelas-tari-{n}")
    assert queries() == few
    assert few <= 20


def test_the_endpoints_are_documented(client, db):
    schema = client.get("/api/openapi.json").json()
    search = schema["paths"]["/api/search/"]["get"]
    names = {p["name"] for p in search["parameters"]}
    assert {"q", "type", "category", "area", "from", "to", "open", "page"} <= names
    assert "/api/search/suggest/" in schema["paths"]


def test_with_no_results_the_page_offers_the_next_four_activities_soonest_first(client, home_page):
    from datetime import timedelta

    from tests.factories.events import EventIndexPageFactory, make_event

    index = EventIndexPageFactory(parent=home_page)
    for days, title in [(9, "Senam Lansia"), (2, "Posyandu Mawar"), (5, "Kelas Menjahit")]:
        make_event(index, start_in=timedelta(days=days), title=title)
    make_event(index, start_in=timedelta(days=12), title="Bazar UMKM")
    make_event(index, start_in=timedelta(days=20), title="Lomba Kebersihan")
    make_event(index, start_in=timedelta(days=-30), title="Kerja Bakti Lalu")
    html = client.get("/cari/?q=zzzqqq").content.decode()
    shown = [
        title
        for title in ("Posyandu Mawar", "Kelas Menjahit", "Senam Lansia", "Bazar UMKM")
        if title in html
    ]
    assert shown == ["Posyandu Mawar", "Kelas Menjahit", "Senam Lansia", "Bazar UMKM"]
    positions = [html.index(title) for title in shown]
    assert positions == sorted(positions)
    assert "Lomba Kebersihan" not in html and "Kerja Bakti Lalu" not in html
