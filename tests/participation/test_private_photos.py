"""Photos: a complaint's photo is private (the reporter and staff, through a checking
view, outside MEDIA_ROOT); a hidden proposal's photo is gone."""

from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

from participation import complaints as complaint_rules
from participation import proposals as proposal_rules
from tests.participation.images import jpeg_with_gps

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(resident):
    return complaint_rules.submit(
        resident,
        subject="service",
        title="Jalan berlubang",
        description="Lubang besar di depan balai RW.",
        service="Perbaikan jalan",
        photo=jpeg_with_gps(),
    )


def photo_address(complaint):
    return f"/pengaduan/{complaint.code}/foto/"


def test_the_file_is_private_and_randomly_named(complaint):
    path = Path(complaint.photo.path).resolve()
    assert path.is_file()
    assert Path(settings.BALAI_PRIVATE_MEDIA_ROOT).resolve() in path.parents
    assert Path(settings.MEDIA_ROOT).resolve() not in path.parents
    assert path.name != "foto.jpg" and len(path.stem) >= 32


def test_the_reporter_and_staff_get_the_photo(client, complaint, resident, staff):
    for user in (resident, staff):
        client.force_login(user)
        response = client.get(photo_address(complaint))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_another_resident_and_a_visitor_get_404(client, complaint, other_resident):
    assert client.get(photo_address(complaint)).status_code == 404
    client.force_login(other_resident)
    assert client.get(photo_address(complaint)).status_code == 404


def app_token(user):
    """What allauth's app client sends as X-Session-Token: a session's key."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def test_an_app_fetches_the_photo_with_its_session_token(
    client, complaint, resident, other_resident
):
    mine = client.get(photo_address(complaint), HTTP_X_SESSION_TOKEN=app_token(resident))
    assert mine.status_code == 200
    other = client.get(photo_address(complaint), HTTP_X_SESSION_TOKEN=app_token(other_resident))
    assert other.status_code == 404
    assert client.get(photo_address(complaint), HTTP_X_SESSION_TOKEN="garbage").status_code == 404


def test_the_page_and_the_api_link_to_the_checking_view(client, complaint, resident):
    client.force_login(resident)
    page = client.get(f"/pengaduan/{complaint.code}/").content.decode()
    assert f'src="{photo_address(complaint)}"' in page
    assert "/media/" not in page
    data = client.get(f"/api/complaints/{complaint.code}/").json()
    assert data["photo_url"] == photo_address(complaint)


def test_hiding_a_proposal_deletes_its_photo(
    client, resident, staff, rw, django_capture_on_commit_callbacks
):
    proposal = proposal_rules.submit(
        resident,
        title="Taman bermain",
        description="Anak-anak butuh tempat bermain.",
        category="lingkungan",
        area=rw,
        photo=jpeg_with_gps(),
    )
    path = Path(proposal.photo.path)
    name = proposal.photo.name
    assert path.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        proposal_rules.hide(proposal, staff, "Foto berisi data pribadi.")
    proposal.refresh_from_db()
    assert not path.exists()
    assert not proposal.photo
    assert name not in client.get(f"/usulan/{proposal.pk}/").content.decode()


def test_a_deleted_account_takes_its_complaint_photos_along(
    complaint, resident, django_capture_on_commit_callbacks
):
    from community.personal_data import delete_account

    path = Path(complaint.photo.path)
    assert path.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(resident)
    assert not path.exists()
