"""Errors in Bahasa Indonesia everywhere: branded HTML error pages, and `{"detail",
"code"}` JSON for every error under /api/ (401 for writes without credentials, 405,
413, unparsable JSON); no 500 for bad input (NUL bytes, huge offsets, a Wagtail edit
POST missing a StreamField count)."""

import json

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults

from tests.factories.community import UserFactory
from tests.factories.events import EventIndexPageFactory, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


@pytest.fixture
def event(home_page):
    return make_event(EventIndexPageFactory(parent=home_page), capacity=3)


# --- HTML error pages -------------------------------------------------------------------


def test_404_is_branded_and_indonesian(client, home_page):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Halaman tidak ditemukan" in page
    assert 'class="site-header"' in page  # the site's own header, not Django's page
    assert 'action="/cari/"' in page


def test_403_is_branded_and_indonesian(client, event):
    client.force_login(UserFactory())
    response = client.get(reverse("events:roster", args=[event.pk]))
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_400_is_branded_and_indonesian(client, home_page):
    response = client.get("/cari/?q=%00")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Permintaan tidak valid" in page
    assert 'class="site-header"' in page


def test_csrf_failure_is_branded_and_indonesian(home_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@b.id", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Formulir sudah kedaluwarsa" in page
    assert "CSRF verification failed" not in page


def test_500_is_indonesian_and_needs_nothing(home_page):
    request = RequestFactory().get("/")
    response = defaults.server_error(request)
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.content.decode()


# --- The API: 401 for writes without credentials ----------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_X_SESSION_TOKEN": "sampah"}, {"HTTP_X_SESSION_TOKEN": "kedaluwarsa" * 3}],
    ids=["no credentials", "garbage token", "expired token"],
)
def test_writes_without_credentials_answer_401_in_indonesian(event, headers):
    client = Client(enforce_csrf_checks=True)
    for method, path in [
        ("post", f"/api/events/{event.pk}/enrollment/"),
        ("delete", f"/api/events/{event.pk}/enrollment/"),
        ("patch", "/api/me/"),
    ]:
        response = getattr(client, method)(path, "{}", content_type="application/json", **headers)
        assert response.status_code == 401, (method, path, response.content)
        body = response.json()
        assert body["code"] == "not_authenticated"
        assert body["detail"] == "Silakan masuk terlebih dahulu."


def test_a_browser_session_without_csrf_token_answers_403_in_indonesian(event):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post(f"/api/events/{event.pk}/enrollment/")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "csrf_failed"
    assert "CSRF check Failed" not in body["detail"]
    assert "keamanan" in body["detail"]


# --- The API: 405, 413, unparsable JSON ------------------------------------------------------


def test_405_is_json_in_indonesian(client):
    response = client.put("/api/events/")
    assert response.status_code == 405
    assert response.json() == {
        "detail": "Metode ini tidak diizinkan di sini.",
        "code": "method_not_allowed",
    }
    assert "GET" in response["Allow"]


def test_413_is_json_in_indonesian(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(UserFactory())
    body = json.dumps({"display_name": "x" * 5000})
    response = client.patch("/api/me/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "Permintaan terlalu besar.", "code": "too_large"}


def test_unparsable_json_is_a_400_in_indonesian(client):
    client.force_login(UserFactory())
    response = client.patch("/api/me/", "{bukan json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Isi permintaan bukan JSON yang valid.",
        "code": "invalid_json",
    }


# --- No 500 for bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/kalender/%00.ics", 404),
        ("/api/v2/pages/?search=%00", 400),
        ("/api/v2/pages/?search=a%00b&type=events.EventPage", 400),
        ("/api/events/?q=%00", 422),
        ("/api/search/?q=%00", 422),
        ("/cari/?q=%00", 400),
        ("/api/v2/pages/?offset=99999999999999999999", 200),
        ("/api/v2/images/?offset=99999999999999999999", 200),
        ("/api/v2/documents/?offset=99999999999999999999", 200),
    ],
)
def test_bad_input_in_addresses_is_never_a_500(client, event, url, status):
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    if url.startswith("/api/") and status in (400, 422):
        assert set(response.json()) >= {"detail", "code"}


def test_a_past_the_end_offset_answers_an_empty_page(client, event):
    body = client.get("/api/v2/pages/?offset=99999999999999999999").json()
    assert body["items"] == []
    assert body["meta"]["total_count"] >= 1


def test_a_nul_byte_in_a_check_in_code_is_a_422(client, home_page):
    from community.models import Membership
    from tests.factories.events import CommunityGroupPageFactory, GroupIndexPageFactory

    group = CommunityGroupPageFactory(parent=GroupIndexPageFactory(parent=home_page))
    event = make_event(EventIndexPageFactory(parent=home_page), organising_group=group)
    leader = UserFactory()
    Membership.objects.create(group=group, user=leader, role="leader", status="active")
    client.force_login(leader)
    session = event.sessions.first()
    client.raise_request_exception = False
    response = client.post(
        f"/api/events/{event.pk}/sessions/{session.pk}/check-in/",
        '{"code": "\\u0000AB12"}',
        content_type="application/json",
    )
    assert response.status_code == 422  # one more value that does not validate
    assert response.json()["code"] == "invalid"


def test_a_wagtail_edit_post_missing_a_streamfield_count_is_a_400(client, home_page):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("admin@contoh.id", "x")
    client.force_login(admin)
    client.raise_request_exception = False
    response = client.post(f"/admin/pages/{home_page.pk}/edit/", {"title": "x", "slug": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v2/pages/?fields=tidak_ada", 400, "bad_request"),
        ("/api/v2/pages/?order=tidak_ada", 400, "bad_request"),
        ("/api/v2/pages/?offset=sepuluh", 400, "bad_request"),
        ("/api/v2/pages/999999/", 404, "not_found"),
        ("/api/v2/images/999999/", 404, "not_found"),
    ],
)
def test_the_content_api_answers_errors_like_the_rest_of_the_api(
    client, home_page, url, status, code
):
    """Wagtail's /api/v2/ answered {"message": <English>}; every /api/ path answers
    {"detail", "code"} in Indonesian, with Wagtail's message kept for developers."""
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code
    assert body["detail"] in ("Permintaan tidak valid.", "Tidak ditemukan.")
    assert "message" in body
