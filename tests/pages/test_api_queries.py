"""The API v2 pages listing costs the same number of queries for 3 programs as for 12."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.pages import ImageFactory, PartnerFactory, ProgramPageFactory

pytestmark = pytest.mark.django_db


def add_programs(index, areas, n):
    partner = PartnerFactory()
    for _ in range(n):
        program = ProgramPageFactory(
            parent=index,
            hero_image=ImageFactory(),
            areas=[areas["rw1"], areas["kecamatan"]],
            partners=[partner],
        )
        program.tags.add("posyandu", "balita")
        program.save()


def count(client, **params):
    url = "/api/v2/pages/"
    params = {"type": "pages.ProgramPage", "fields": "*", **params}
    client.get(url, params)  # draws the renditions
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()


def test_program_listing_query_count_is_flat(client, program_index, areas):
    add_programs(program_index, areas, 3)
    few, data = count(client)
    add_programs(program_index, areas, 9)
    many, data = count(client)

    assert data["meta"]["total_count"] == 12
    item = data["items"][0]
    assert sorted(item["areas"]) == ["Kecamatan Cilandak", "RW 01, Kelurahan Pondok Labu"]
    assert sorted(item["tags"]) == ["balita", "posyandu"]
    assert item["hero_image"]["renditions"]["small"]["url"].endswith(".webp")
    assert many == few


def test_article_listing_and_untyped_listing_still_work(client, article_index, program_index):
    from tests.factories.pages import ArticlePageFactory

    ArticlePageFactory(parent=article_index, hero_image=ImageFactory())
    ProgramPageFactory(parent=program_index)
    articles = client.get("/api/v2/pages/", {"type": "pages.ArticlePage", "fields": "*"})
    assert articles.status_code == 200
    assert articles.json()["items"][0]["hero_image"]["alt"]
    everything = client.get("/api/v2/pages/")
    assert everything.status_code == 200
    assert everything.json()["meta"]["total_count"] >= 4  # home, two indexes, pages
