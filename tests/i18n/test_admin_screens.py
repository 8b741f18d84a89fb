"""The Wagtail admin a "Staf Humas" editor uses reads in Indonesian, screen by screen.

Each screen is searched for every English msgid of Wagtail's catalogues (but the few
spelled the same in Indonesian): none may be left on the page. A few key strings are checked
by their Indonesian too, so that a screen that renders nothing would not pass.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import WorkflowState

from config import upstream_translations as ut
from tests.factories.pages import (
    AreaFactory,
    ImageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
)
from tests.i18n.screens import visible_text

pytestmark = pytest.mark.django_db

PASSWORD = "kata-sandi-humas-123"


def _english_phrases():
    """Wagtail's English msgids that would show on a screen as they are (no placeholder),
    except those spelled the same in Indonesian ("Status", "URL")."""
    same = {text.strip() for text in ut.SAME_IN_INDONESIAN}
    phrases = set()
    for scope in ut.WAGTAIL_SCOPES:
        for entry in scope.source_entries():
            text = entry.msgid.strip()
            if "%" not in text and "{" not in text and "<" not in text and text not in same:
                phrases.add(text)
    return phrases


ENGLISH = _english_phrases()


def english_left(response):
    return sorted({line for line in visible_text(response) if line in ENGLISH})


def assert_indonesian(response, *expected):
    assert response.status_code == 200
    assert english_left(response) == []
    text = "\n".join(visible_text(response))
    for phrase in expected:
        assert phrase in text, phrase


@pytest.fixture
def humas(db):
    user = get_user_model().objects.create_user(email="humas@example.com", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Staf Humas"))
    return user


@pytest.fixture
def humas_client(client, humas):
    """Signed in through the admin's own login form, as a person would."""
    response = client.post(
        reverse("wagtailadmin_login"), {"username": humas.email, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


@pytest.fixture
def program_index(home_page):
    return ProgramIndexPageFactory(parent=home_page)


@pytest.fixture
def program(program_index):
    page = ProgramPageFactory(parent=program_index, title="Posyandu Balita", slug="posyandu")
    page.save_revision().publish()
    return page


def test_english_phrase_list_is_the_real_catalogue():
    assert {"Set publishing schedule", "Save draft", "Insert a block"} <= ENGLISH


def test_login_page(client):
    response = client.get(reverse("wagtailadmin_login"))
    assert_indonesian(response, "Ingat saya", "Lupa kata sandi?", "Kata sandi")
    assert "Password" not in visible_text(response)  # the field label (config.admin_forms)


def test_login_error_is_indonesian(client, humas):
    response = client.post(
        reverse("wagtailadmin_login"), {"username": humas.email, "password": "salah"}
    )
    assert_indonesian(response, "kata sandi Anda tidak cocok")


def test_dashboard_with_a_page_in_moderation(humas_client, humas, program):
    program.save_revision(user=humas)
    program.get_workflow().start(program, humas)
    assert WorkflowState.objects.filter(object_id=str(program.pk)).exists()

    response = humas_client.get(reverse("wagtailadmin_home"))
    assert_indonesian(
        response, "Halaman dan potongan Anda dalam alur kerja", "Pintasan papan ketik"
    )


def test_moderator_dashboard_and_review_actions(client, humas, program):
    moderator = get_user_model().objects.create_user(email="mod@example.com", password="x")
    moderator.groups.add(Group.objects.get(name="Moderator"))
    program.save_revision(user=humas)
    program.get_workflow().start(program, humas)
    client.force_login(moderator)

    dashboard = client.get(reverse("wagtailadmin_home"))
    assert_indonesian(dashboard, "Menunggu tinjauan Anda", "Setujui dengan komentar")

    editor = client.get(reverse("wagtailadmin_pages:edit", args=[program.pk]))
    assert_indonesian(editor, "Minta perubahan")


def test_account_settings(humas_client):
    response = humas_client.get(reverse("wagtailadmin_account"))
    assert_indonesian(response, "Nama dan e-mail", "Preferensi tema")


def test_page_editor_with_schedule_dialog_and_side_panels(humas_client, program):
    response = humas_client.get(reverse("wagtailadmin_pages:edit", args=[program.pk]))
    assert_indonesian(
        response,
        "Atur jadwal penerbitan",  # the schedule dialog
        "Simpan jadwal",
        "Simpan draf",
        "Metrik konten",  # side panels
        "Pratinjau dalam ukuran ponsel",
        "Visibilitas halaman:",
    )


def test_page_in_moderation_editor_and_workflow_history(humas_client, humas, program):
    program.save_revision(user=humas)
    program.get_workflow().start(program, humas)

    editor = humas_client.get(reverse("wagtailadmin_pages:edit", args=[program.pk]))
    assert_indonesian(editor, "Dalam moderasi")

    history = humas_client.get(reverse("wagtailadmin_pages:workflow_history", args=[program.pk]))
    assert_indonesian(history, "Riwayat alur kerja")

    page_history = humas_client.get(reverse("wagtailadmin_pages:history", args=[program.pk]))
    assert_indonesian(page_history, "Alur kerja: mulai")


def test_new_page_form(humas_client, program_index):
    url = reverse("wagtailadmin_pages:add", args=["pages", "programpage", program_index.pk])
    assert_indonesian(humas_client.get(url), "Simpan draf", "Pratinjau")


def test_snippet_listing(humas_client):
    AreaFactory(name="Kelurahan Pondok Labu", slug="pondok-labu")
    response = humas_client.get(reverse("wagtailsnippets_pages_area:list"))
    assert_indonesian(response, "Kelurahan Pondok Labu")


def test_snippet_edit_form(humas_client):
    area = AreaFactory(name="RW 05", slug="rw-05")
    response = humas_client.get(reverse("wagtailsnippets_pages_area:edit", args=[area.pk]))
    assert_indonesian(response, "RW 05")


def test_image_listing(humas_client):
    listing = humas_client.get(reverse("wagtailimages:index"))
    assert_indonesian(listing, "Urutkan menurut", "Tata letak kisi")


def test_image_listing_and_edit_with_an_image(client, django_user_model):
    """Staf Humas holds no image permission today, so the listing with an image and the
    edit form (focal point) are seen as the superuser."""
    admin = django_user_model.objects.create_superuser(email="admin@example.com", password="x")
    client.force_login(admin)
    image = ImageFactory(title="Posyandu Mawar")
    listing = client.get(reverse("wagtailimages:index"))
    assert_indonesian(listing, "Urutkan menurut", "Posyandu Mawar")

    edit = client.get(reverse("wagtailimages:edit", args=[image.pk]))
    assert_indonesian(edit, "Titik fokus")


def test_javascript_catalogue_serves_balais_translations(client):
    """The StreamField, Draftail, comments and side panels take their strings from the
    admin's JavaScript catalogue, which includes LOCALE_PATHS."""
    response = client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '"Insert a block": "Sisipkan blok"' in body
    assert '"Split block": "Pisahkan blok"' in body
    assert '"Add a comment": "Tambahkan komentar"' in body
