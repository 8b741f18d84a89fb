"""Wagtail API v2 gives a client what the pages show."""

import pytest
from wagtail.rich_text import RichText

from pages.models import ArticlePage, ProgramStatus
from tests.factories.pages import (
    ArticlePageFactory,
    ImageFactory,
    PartnerFactory,
    ProgramPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(program_index, areas, about_page):
    image = ImageFactory(
        title="Kelas menjahit",
        description="Ibu-ibu belajar menjahit",
        file__width=1200,
        file__height=675,
    )
    page = ProgramPageFactory(
        parent=program_index,
        title="Pelatihan Menjahit",
        summary="Kursus enam pertemuan.",
        status=ProgramStatus.UPCOMING,
        eligibility="<p>Warga <b>Pondok Labu</b></p>",
        benefits=f'<p>Lihat <a linktype="page" id="{about_page.pk}">tentang kami</a></p>',
        application_steps=[("step", {"title": "Daftar di PTSP", "description": "Bawa KTP"})],
        required_documents=[("document", "KTP"), ("document", "Kartu Keluarga")],
        contact_name="PTSP Kelurahan",
        contact_phone="0812-8000-1450",
        hero_image=image,
        areas=[areas["rw1"], areas["kecamatan"]],
        partners=[PartnerFactory(name="TP PKK Pondok Labu", kind="community")],
        body=[
            ("paragraph", RichText("<p>Mesin jahit disediakan.</p>")),
            ("image", {"image": image, "caption": "Suasana kelas", "attribution": "PKK"}),
            (
                "call_to_action",
                {
                    "title": "Tanya?",
                    "text": "",
                    "button_label": "Kontak",
                    "page": about_page,
                    "url": "",
                },
            ),
            (
                "faq",
                {
                    "title": "FAQ",
                    "items": [
                        {"question": "Gratis?", "answer": RichText("<p>Ya, <i>gratis</i>.</p>")}
                    ],
                },
            ),
        ],
    )
    page.tags.add("menjahit")
    page.save()
    return page


@pytest.fixture
def about_page(home_page):
    return StandardPageFactory(parent=home_page, title="Tentang Kami", slug="tentang-kami")


def api_programs(client, **params):
    response = client.get("/api/v2/pages/", {"type": "pages.ProgramPage", "fields": "*", **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_program_list_has_every_field(client, program):
    data = api_programs(client)
    assert data["meta"]["total_count"] == 1
    item = data["items"][0]

    assert item["id"] == program.pk
    assert item["title"] == "Pelatihan Menjahit"
    assert item["category"] == "skills_training"
    assert item["category_label"] == "Pelatihan keterampilan"
    assert item["status"] == "upcoming"
    assert item["status_label"] == "Segera dibuka"
    assert item["summary"] == "Kursus enam pertemuan."
    # Rich text as HTML, internal links resolved to real addresses.
    assert item["eligibility"] == "<p>Warga <b>Pondok Labu</b></p>"
    assert '<a href="/tentang-kami/">tentang kami</a>' in item["benefits"]
    # Steps and documents.
    assert [s["value"] for s in item["application_steps"]] == [
        {"title": "Daftar di PTSP", "description": "Bawa KTP"}
    ]
    assert [d["value"] for d in item["required_documents"]] == ["KTP", "Kartu Keluarga"]
    assert item["contact_name"] == "PTSP Kelurahan"
    assert item["contact_phone"] == "0812-8000-1450"
    # Areas and partners by name, tags as words.
    assert sorted(item["areas"]) == ["Kecamatan Cilandak", "RW 01, Kelurahan Pondok Labu"]
    assert item["partners"] == [
        {
            "name": "TP PKK Pondok Labu",
            "kind": "community",
            "kind_label": "Organisasi kemasyarakatan",
            "website": "",
        }
    ]
    assert item["tags"] == ["menjahit"]


def assert_image(data, alt):
    assert data["alt"] == alt
    for size, width in (("small", 480), ("medium", 960)):
        rendition = data["renditions"][size]
        assert rendition["url"].startswith("/media/images/")
        assert rendition["url"].endswith(".webp")
        assert rendition["full_url"].startswith("http://testserver/media/images/")
        assert rendition["width"] == width
    assert data["renditions"]["large"]["url"].endswith(".webp")


def test_hero_image_as_rendition_urls(client, program):
    item = api_programs(client)["items"][0]
    assert_image(item["hero_image"], "Ibu-ibu belajar menjahit")


def test_streamfield_blocks_give_urls_and_html(client, program):
    body = api_programs(client)["items"][0]["body"]
    blocks = {block["type"]: block["value"] for block in body}

    assert blocks["paragraph"] == "<p>Mesin jahit disediakan.</p>"
    assert_image(blocks["image"]["image"], "Ibu-ibu belajar menjahit")
    assert blocks["image"]["caption"] == "Suasana kelas"
    assert blocks["call_to_action"]["url"] == "/tentang-kami/"
    assert blocks["faq"]["items"][0]["answer"] == "<p>Ya, <i>gratis</i>.</p>"


def test_program_detail_and_filters(client, program, program_index):
    ProgramPageFactory(parent=program_index, title="Posyandu", category="health")
    detail = client.get(f"/api/v2/pages/{program.pk}/").json()
    assert detail["title"] == "Pelatihan Menjahit"
    assert detail["required_documents"][0]["value"] == "KTP"

    health = api_programs(client, category="health")
    assert [i["title"] for i in health["items"]] == ["Posyandu"]


def test_article_and_other_pages_expose_their_fields(client, article_index, home_page):
    ArticlePageFactory(
        parent=article_index,
        title="Jadwal Posyandu",
        kind=ArticlePage.Kind.ANNOUNCEMENT,
        summary="Jadwal bulan ini.",
        hero_image=ImageFactory(description="Kartu jadwal"),  # small: never upscaled
    )
    data = client.get("/api/v2/pages/", {"type": "pages.ArticlePage", "fields": "*"}).json()
    item = data["items"][0]
    assert item["kind"] == "announcement"
    assert item["summary"] == "Jadwal bulan ini."
    assert item["hero_image"]["alt"] == "Kartu jadwal"
    assert "date" in item and "body" in item

    home = client.get(f"/api/v2/pages/{home_page.pk}/").json()
    assert "intro" in home and "body" in home and "hero_image" in home


def test_drafts_are_not_in_the_api(client, program_index):
    ProgramPageFactory(parent=program_index, title="Masih Draf", live=False)
    assert api_programs(client)["meta"]["total_count"] == 0


def test_bad_api_input_is_a_400_not_a_500(client, program):
    assert client.get("/api/v2/pages/", {"type": "pages.TidakAda"}).status_code == 400
    assert (
        client.get("/api/v2/pages/", {"type": "pages.ProgramPage", "limit": "x"}).status_code == 400
    )
    assert client.get("/api/v2/pages/99999/").status_code == 404
