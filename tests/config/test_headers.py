"""Security and privacy headers: a Content-Security-Policy on every page (a looser one
for the Wagtail admin only), Permissions-Policy, private caching for personal pages
and answers, and Swagger UI served from our own static files."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from config.middleware import PRIVATE_PATHS
from tests.factories.community import UserFactory
from tests.factories.events import EventIndexPageFactory, make_event

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


def test_public_pages_get_a_strict_policy(client, home_page):
    event = make_event(EventIndexPageFactory(parent=home_page))
    for url in ("/", event.url, "/cari/?q=jahit", reverse("account_login"), "/tidak-ada/"):
        response = client.get(url)
        csp = directives(response)
        assert csp["default-src"] == ["'self'"], url
        assert csp["script-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in csp["style-src"], url
        assert csp["frame-ancestors"] == ["'none'"], url
        assert "camera=()" in response["Permissions-Policy"], url


def test_the_admin_gets_its_own_looser_policy(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("a@contoh.id", "x"))
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = directives(response)
    assert "'unsafe-inline'" in csp["style-src"]
    assert csp["default-src"] == ["'self'"]
    assert not any("http" in source for values in csp.values() for source in values)


def test_the_api_json_gets_the_policy_and_permissions_too(client):
    response = client.get("/api/events/")
    assert directives(response)["default-src"] == ["'self'"]
    assert "X-Session-Token" in response["Vary"]


INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")


def test_no_template_has_inline_scripts_or_handlers():
    found = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        if INLINE_HANDLER.search(text) or INLINE_SCRIPT.search(text) or " style=" in text:
            found.append(str(template.relative_to(ROOT)))
    assert found == []


# --- Private caching ----------------------------------------------------------------------


@pytest.fixture
def resident_client(client):
    client.force_login(UserFactory())
    return client


PRIVATE = [
    "/api/me/",
    "/api/me/enrollments/",
    "/api/me/groups/",
    "/api/me/data/",
    "/kegiatan-saya/",
    "/akun/profil/",
    "/akun/kelompok/",
    "/akun/hapus/",
    "/cek-kelayakan/tersimpan/",
    "/pengaduan/",
]


@pytest.mark.parametrize("url", PRIVATE)
def test_personal_answers_are_private_to_caches(resident_client, url):
    response = resident_client.get(url)
    assert response.status_code == 200, url
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control, response["Cache-Control"]
    assert "public" not in cache_control
    if url.startswith("/api/"):
        assert "X-Session-Token" in response["Vary"]


def test_the_api_answers_by_token_vary_on_the_token(client):
    assert "X-Session-Token" in client.get("/api/me/")["Vary"]


# --- /api/docs from our own static files -------------------------------------------------


def test_swagger_ui_comes_from_our_own_static_files(client):
    page = client.get("/api/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(s.endswith("swagger-ui-bundle.js") for s in sources)
    assert all(s.startswith("/") for s in sources), sources
    assert '"validatorUrl": null' in page
    for source in sources:
        assert client.get(source).status_code == 200, source


@pytest.mark.parametrize(
    "path",
    [
        "/pendampingan/warga/12/",
        "/kegiatan/5/presensi/9/",
        "/kegiatan/5/antrean/",
        "/kegiatan/5/sertifikat/",
        "/cek-kelayakan/petugas/",
        "/mitra/dasbor/",
        "/mitra/janji/3/salurkan/",
        "/pengaduan/ADU-2026-000123/",
        "/pengaduan/staf/",
        "/survei/4/hasil.csv",
    ],
)
def test_every_personal_page_is_on_the_private_list(path):
    assert PRIVATE_PATHS.match(path), path


@pytest.mark.parametrize(
    "path", ["/", "/pengaduan/kinerja/", "/survei/4/hasil/", "/mitra/pt-sinar/", "/kebutuhan/"]
)
def test_public_pages_are_not_on_the_private_list(path):
    assert not PRIVATE_PATHS.match(path), path


def test_a_public_page_rendered_for_a_signed_in_visitor_is_private_to_caches(
    resident_client, home_page
):
    cache_control = resident_client.get("/")["Cache-Control"]
    assert "private" in cache_control and "public" not in cache_control


def test_a_public_page_for_an_anonymous_visitor_is_not_marked_private(client, home_page):
    assert "private" not in client.get("/").get("Cache-Control", "")
