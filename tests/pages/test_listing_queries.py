"""Listing pages cost the same number of queries for 3 programs as for 15, pictures
included: renditions are prefetched with the images (CARD_RENDITION_SPECS)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Filter

from config import content_version
from pages.models.pages import CARD_RENDITION_SPECS
from tests.factories.pages import (
    ArticlePageFactory,
    ImageFactory,
    ProgramPageFactory,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    # Count the page's own work: factories add live pages without Wagtail's publish
    # signal, which is what tells the anonymous page cache that the content changed.
    content_version.bump()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def add_programs(index, areas, n):
    for _ in range(n):
        ProgramPageFactory(parent=index, hero_image=ImageFactory(), areas=[areas["rw1"]])


def add_articles(index, n):
    for _ in range(n):
        ArticlePageFactory(parent=index, hero_image=ImageFactory())


def test_card_template_asks_for_the_prefetched_renditions():
    # The {% picture %} tag in components/card_image.html expands to these specs.
    expanded = Filter.expand_spec(["fill-{480x270,960x540}", "format-{webp,jpeg}"])
    assert sorted(expanded) == sorted(CARD_RENDITION_SPECS)
    with open("templates/components/card_image.html") as template:
        assert "fill-{480x270,960x540} format-{webp,jpeg}" in template.read()


@pytest.mark.parametrize("page_fixture", ["program_index", "home_page"])
def test_program_listings_do_not_query_per_picture(
    client, request, program_index, areas, page_fixture
):
    page = request.getfixturevalue(page_fixture)
    add_programs(program_index, areas, 3)
    count_queries(client, page.url)  # first view draws the renditions
    few, html = count_queries(client, page.url)
    assert html.count("<picture>") == 3
    assert html.count('type="image/webp"') == 3

    add_programs(program_index, areas, 12)
    count_queries(client, page.url)
    many, html = count_queries(client, page.url)

    assert html.count("<picture>") == (12 if page_fixture == "program_index" else 6)
    assert "Kelurahan Pondok Labu: RW 01" in html  # areas on the cards, prefetched too
    assert many == few


def test_article_index_does_not_query_per_picture(client, article_index):
    add_articles(article_index, 3)
    count_queries(client, article_index.url)
    few, _ = count_queries(client, article_index.url)

    add_articles(article_index, 9)
    count_queries(client, article_index.url)
    many, html = count_queries(client, article_index.url)

    assert html.count("<picture>") == 12
    assert many == few
