"""Leaders hear about their posted activity in Balai's own Indonesian notice (not
Wagtail's English staff e-mail with admin links); e-mails, the API and the sitemap use
the site's real address (SITE_BASE_URL)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from events.models import EventPage
from pages.site_address import sync_default_site
from tests.events.test_leaders import leader, moderator, session_post  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(client, group, leader):  # noqa: F811
    client.force_login(leader)
    client.post(reverse("events:create_event", args=[group.pk]), session_post())
    mail.outbox.clear()
    return EventPage.objects.get(title="Pelatihan Membuat Kue Kering")


def test_an_approved_leader_gets_balais_indonesian_notice(
    posted,
    leader,  # noqa: F811
    moderator,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        posted.current_workflow_task_state.approve(user=moderator)
    to_leader = [m for m in mail.outbox if leader.email in m.to]
    assert len(to_leader) == 1, [(m.to, m.subject) for m in mail.outbox]
    message = to_leader[0]
    assert message.subject == "[Balai] Kegiatan Anda sudah terbit: Pelatihan Membuat Kue Kering"
    assert "/admin/" not in message.body
    assert "menyetujui" in message.body
    assert posted.specific.url in message.body


def test_a_leader_asked_for_changes_gets_the_moderators_comment(
    posted,
    leader,  # noqa: F811
    moderator,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        posted.current_workflow_task_state.reject(user=moderator, comment="Mohon isi tempatnya.")
    to_leader = [m for m in mail.outbox if leader.email in m.to]
    assert len(to_leader) == 1
    assert to_leader[0].subject.startswith("[Balai] Kegiatan Anda perlu diperbaiki")
    assert "Mohon isi tempatnya." in to_leader[0].body
    assert "/admin/" not in to_leader[0].body


# --- The site's address ------------------------------------------------------------------


@pytest.fixture
def public_address(settings, home_page):
    settings.SITE_BASE_URL = "https://balai.pondoklabu.example"
    settings.WAGTAILAPI_BASE_URL = "https://balai.pondoklabu.example"
    sync_default_site()
    yield
    settings.SITE_BASE_URL = "http://127.0.0.1:8000"
    sync_default_site()


def test_api_urls_and_sitemap_use_the_public_address(client, public_address, event):
    item = client.get("/api/v2/pages/?type=events.EventPage").json()["items"][0]
    assert item["meta"]["html_url"].startswith("https://balai.pondoklabu.example/")
    assert item["meta"]["detail_url"].startswith("https://balai.pondoklabu.example/api/v2/")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://balai.pondoklabu.example/" in sitemap
    assert "localhost" not in sitemap


def test_the_sign_up_email_names_the_site(client, public_address):
    with translation.override("id"):
        client.post(
            reverse("account_signup"),
            {
                "email": "rina@contoh.id",
                "display_name": "Rina",
                "password1": "posyandu-melati-7",
                "password2": "posyandu-melati-7",
            },
        )
    body = mail.outbox[0].body
    assert " di ." not in body
    assert "balai.pondoklabu.example" in body
