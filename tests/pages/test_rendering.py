"""Each page type renders with its template and shows what a resident needs."""

import pytest
from django.utils import timezone
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


def get(client, page, **params):
    response = client.get(page.url, params)
    assert response.status_code == 200
    return response, response.content.decode()


def templates_of(response):
    return [t.name for t in response.templates]


def test_home_page_lists_open_programs_and_latest_articles(
    client, home_page, program_index, article_index
):
    home_page.title = "Selamat datang di Balai Warga"
    home_page.intro = "Program dan kegiatan kelurahan."
    home_page.save()
    ProgramPageFactory(parent=program_index, title="Posyandu Balita")
    ProgramPageFactory(parent=program_index, title="Program Lama", status=ProgramStatus.CLOSED)
    ArticlePageFactory(parent=article_index, title="Jadwal Posyandu Desember")

    response, html = get(client, home_page)

    assert "pages/home_page.html" in templates_of(response)
    assert "Selamat datang di Balai Warga" in html
    assert "Program dan kegiatan kelurahan." in html
    assert "Posyandu Balita" in html
    assert "Program Lama" not in html  # only programs open now
    assert "Jadwal Posyandu Desember" in html
    assert f'href="{program_index.url}"' in html  # "see all programs"
    assert '<html lang="id">' in html


def test_program_page_shows_everything_needed_to_apply(client, program_index, areas):
    partner = PartnerFactory(name="Puskesmas Kecamatan Cilandak")
    program = ProgramPageFactory(
        parent=program_index,
        title="Hari Imunisasi Anak",
        summary="Imunisasi gratis untuk anak.",
        status=ProgramStatus.UPCOMING,
        eligibility=RichText("<p>Anak usia 9 bulan sampai 15 tahun</p>").source,
        benefits="<p>Imunisasi campak-rubela gratis</p>",
        application_steps=[("step", {"title": "Datang ke posyandu", "description": "Bawa KIA"})],
        required_documents=[("document", "Buku KIA"), ("document", "Kartu Keluarga")],
        contact_name="PTSP Kelurahan",
        contact_phone="0812-8000-1450",
        hero_image=ImageFactory(description="Anak diimunisasi"),
        areas=[areas["rw1"]],
        partners=[partner],
    )
    program.tags.add("imunisasi")
    program.save()

    response, html = get(client, program)

    assert "pages/program_page.html" in templates_of(response)
    for text in (
        "Hari Imunisasi Anak",
        "Imunisasi gratis untuk anak.",
        "Anak usia 9 bulan sampai 15 tahun",
        "Imunisasi campak-rubela gratis",
        "Datang ke posyandu",
        "Bawa KIA",
        "Buku KIA",
        "Kartu Keluarga",
        "PTSP Kelurahan",
        'href="tel:0812-8000-1450"',
        "Kelurahan Pondok Labu: RW 01",
        "Puskesmas Kecamatan Cilandak",
        "#imunisasi",
        'alt="Anak diimunisasi"',
        'type="image/webp"',
    ):
        assert text in html, text
    # Indonesian interface: the status and section headings are translated.
    assert "Segera dibuka" in html
    assert "Siapa yang bisa ikut" in html
    assert "Dokumen yang perlu dibawa" in html


def test_article_page_renders(client, article_index):
    article = ArticlePageFactory(
        parent=article_index,
        title="Gizi Seimbang untuk Anak",
        kind=ArticlePage.Kind.EDUCATION,
        date=timezone.datetime(2026, 11, 20).date(),
        summary="Isi Piringku untuk anak.",
        body=[("heading", {"text": "Isi Piringku", "size": "h2"})],
    )

    response, html = get(client, article)

    assert "pages/article_page.html" in templates_of(response)
    assert "Gizi Seimbang untuk Anak" in html
    assert "Isi Piringku untuk anak." in html
    assert "<h2>Isi Piringku</h2>" in html
    assert "20 November 2026" in html
    assert "Edukasi" in html


def test_article_index_filters_by_kind(client, article_index):
    ArticlePageFactory(parent=article_index, title="Berita Kerja Bakti")
    ArticlePageFactory(
        parent=article_index, title="Pengumuman Posyandu", kind=ArticlePage.Kind.ANNOUNCEMENT
    )

    response, html = get(client, article_index)
    assert "pages/article_index_page.html" in templates_of(response)
    assert "Berita Kerja Bakti" in html and "Pengumuman Posyandu" in html

    _, html = get(client, article_index, jenis="announcement")
    assert "Pengumuman Posyandu" in html
    assert "Berita Kerja Bakti" not in html

    _, html = get(client, article_index, jenis="bukan-jenis")  # unknown kind: ignored
    assert "Berita Kerja Bakti" in html and "Pengumuman Posyandu" in html


def test_standard_page_renders_its_body(client, home_page):
    page = StandardPageFactory(
        parent=home_page,
        title="Tentang Kami",
        intro="Layanan informasi kelurahan.",
        body=[
            ("paragraph", RichText("<p>Semua layanan gratis.</p>")),
            (
                "faq",
                {
                    "title": "Tanya jawab",
                    "items": [
                        {"question": "Di mana kantornya?", "answer": RichText("<p>Di sini.</p>")}
                    ],
                },
            ),
        ],
    )

    response, html = get(client, page)

    assert "pages/standard_page.html" in templates_of(response)
    assert "Layanan informasi kelurahan." in html
    assert "Semua layanan gratis." in html
    assert "<summary>Di mana kantornya?</summary>" in html


def test_office_details_in_the_footer(client, site, home_page):
    from pages.models import OfficeSettings

    office = OfficeSettings.for_site(site)
    office.office_name = "Kantor Kelurahan Pondok Labu"
    office.whatsapp = "0812-8000-1450"
    office.opening_hours = "Senin–Jumat 08.00–16.00"
    office.save()

    _, html = get(client, home_page)

    assert "Kantor Kelurahan Pondok Labu" in html
    assert "0812-8000-1450" in html
    assert "Senin–Jumat 08.00–16.00" in html


def test_pages_shown_in_menus_are_in_the_header(client, home_page, program_index):
    program_index.show_in_menus = True
    program_index.save()
    StandardPageFactory(parent=home_page, title="Halaman Tersembunyi", show_in_menus=False)

    _, html = get(client, home_page)
    header = html[html.index("<header") : html.index("</header>")]

    assert f'href="{program_index.url}"' in header
    assert "Halaman Tersembunyi" not in header


def test_unknown_address_is_a_404(client, home_page):
    assert client.get("/tidak-ada-halaman-ini/").status_code == 404


def test_areas_summary_groups_rws_under_their_kelurahan(program_index, areas):
    program = ProgramPageFactory(
        parent=program_index, areas=[areas["rw2"], areas["rw1"], areas["kecamatan"]]
    )
    assert program.areas_summary() == "Kecamatan Cilandak · Kelurahan Pondok Labu: RW 01, RW 02"
