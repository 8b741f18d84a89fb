"""`python manage.py seed_demo` builds the demo site once; a second run changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from pages.demo import ADMIN_EMAIL, ADMIN_PASSWORD
from pages.models import (
    Area,
    ArticlePage,
    HomePage,
    OfficeSettings,
    Partner,
    ProgramCategory,
    ProgramPage,
    ProgramStatus,
)

pytestmark = pytest.mark.django_db


def snapshot():
    Image = get_image_model()
    return {
        "pages": sorted(Page.objects.values_list("url_path", flat=True)),
        "live pages": Page.objects.live().count(),
        "revisions": Revision.objects.count(),
        "areas": sorted(Area.objects.values_list("slug", "name", "parent__slug")),
        "partners": sorted(Partner.objects.values_list("name", "kind")),
        "images": sorted(Image.objects.values_list("title", flat=True)),
        # Residents a kader registered have no e-mail (None): sort them as text.
        "users": sorted(map(str, get_user_model().objects.values_list("email", flat=True))),
    }


@pytest.fixture
def seeded(site):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_builds_a_realistic_kelurahan_site(seeded, site, client):
    home = HomePage.objects.get()
    assert home.title == "Selamat datang di Balai Warga Pondok Labu"
    assert home.live and home.intro

    office = OfficeSettings.for_site(site)
    assert office.office_name == "Kantor Kelurahan Pondok Labu"
    assert office.whatsapp and office.opening_hours and office.email

    programs = ProgramPage.objects.live()
    assert programs.count() >= 12
    assert set(programs.values_list("category", flat=True)) == set(ProgramCategory.values)
    assert set(programs.values_list("status", flat=True)) == set(ProgramStatus.values)
    for program in programs:
        assert program.hero_image is not None and program.hero_image.description
        assert program.eligibility and program.application_steps and program.required_documents
        assert program.areas.exists() and program.partners.exists() and program.tags.exists()
        assert program.live_revision is not None  # published through a revision

    assert ArticlePage.objects.live().count() >= 5
    assert set(ArticlePage.objects.values_list("kind", flat=True)) == set(ArticlePage.Kind.values)
    menu = {p.slug for p in home.get_children().live().in_menu()}
    assert {"program", "berita", "tentang-kami"} <= menu

    pondok_labu = Area.objects.get(slug="pondok-labu")
    assert [a.name for a in pondok_labu.ancestors()] == [
        "Kecamatan Cilandak",
        "Kota Jakarta Selatan",
    ]
    assert pondok_labu.children.count() == 6
    assert Area.objects.filter(name="Kelurahan Palmerah", level=Area.Level.VILLAGE).exists()
    assert set(Partner.objects.values_list("kind", flat=True)) == set(Partner.Kind.values)

    admin = get_user_model().objects.get(email=ADMIN_EMAIL)
    assert admin.is_superuser and admin.check_password(ADMIN_PASSWORD)
    assert f"email {ADMIN_EMAIL}  sandi {ADMIN_PASSWORD}" in seeded.strip().splitlines()[-1]

    # The seeded site serves its pages and API.
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Program yang sedang dibuka" in html
    assert "Posyandu Balita" in html

    assert client.get("/program/", {"wilayah": "pondok-labu"}).status_code == 200
    assert client.get("/berita/").status_code == 200
    assert client.get("/tentang-kami/").status_code == 200
    data = client.get(
        "/api/v2/pages/", {"type": "pages.ProgramPage", "fields": "*", "limit": 50}
    ).json()
    assert data["meta"]["total_count"] >= 12


def test_second_run_changes_nothing_and_keeps_editors_changes(seeded):
    # (One test, because each seed takes a few seconds.)
    before = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == before

    program = ProgramPage.objects.get(slug="posyandu-balita")
    program.summary = "Diubah oleh staf humas."
    program.save_revision().publish()

    call_command("seed_demo", stdout=StringIO())

    program.refresh_from_db()
    assert program.summary == "Diubah oleh staf humas."
