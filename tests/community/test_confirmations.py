"""Cancelling an enrollment, leaving a group and deleting the account ask for
confirmation: a second page with one button, which works without JavaScript."""

import pytest
from django.core import signing
from django.urls import reverse

from community.models import Membership, User
from events.models import Enrollment
from tests.factories.community import UserFactory, leader_of, member_of
from tests.factories.events import EventIndexPageFactory, enroll_directly, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(home_page):
    return make_event(EventIndexPageFactory(parent=home_page), capacity=1)


def test_the_cancel_button_opens_a_confirmation_page(client, event):
    resident = UserFactory()
    enroll_directly(event, resident)
    client.force_login(resident)
    page = client.get(event.url).content.decode()
    confirm_url = reverse("events:confirm_cancel", args=[event.pk])
    assert f'method="get" action="{confirm_url}"' in page

    confirmation = client.get(confirm_url, {"next": "/kegiatan-saya/"})
    assert confirmation.status_code == 200
    html = confirmation.content.decode()
    assert "Batalkan pendaftaran saya?" in html
    assert 'name="confirm" value="yes"' in html
    assert 'value="/kegiatan-saya/"' in html
    assert Enrollment.objects.get(event=event, user=resident).status == "confirmed"

    response = client.post(
        reverse("events:cancel", args=[event.pk]), {"confirm": "yes", "next": "/kegiatan-saya/"}
    )
    assert response["Location"] == "/kegiatan-saya/"
    assert Enrollment.objects.get(event=event, user=resident).status == "cancelled"


def test_a_cancel_post_without_confirmation_only_asks(client, event):
    resident = UserFactory()
    enroll_directly(event, resident)
    client.force_login(resident)
    response = client.post(reverse("events:cancel", args=[event.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("events:confirm_cancel", args=[event.pk]))
    assert Enrollment.objects.get(event=event, user=resident).status == "confirmed"


def test_the_waitlist_confirmation_names_the_place_in_line(client, event):
    enroll_directly(event, UserFactory())
    waiting = UserFactory()
    enroll_directly(event, waiting, status="waitlisted")
    client.force_login(waiting)
    html = client.get(reverse("events:confirm_cancel", args=[event.pk])).content.decode()
    assert "nomor 1" in html


@pytest.fixture
def group(home_page):
    from tests.factories.community import CommunityGroupPageFactory, GroupIndexPageFactory

    return CommunityGroupPageFactory(parent=GroupIndexPageFactory(parent=home_page))


def test_leaving_a_group_asks_first(client, group):
    member = member_of(group)
    client.force_login(member)
    page = client.get(group.url).content.decode()
    confirm_url = reverse("community:confirm_leave", args=[group.pk])
    assert f'action="{confirm_url}"' in page

    assert client.post(reverse("community:leave", args=[group.pk])).status_code == 302
    assert Membership.objects.get(group=group, user=member).status == "active"

    html = client.get(confirm_url).content.decode()
    assert "Keluar dari kelompok?" in html
    client.post(reverse("community:leave", args=[group.pk]), {"confirm": "yes"})
    assert Membership.objects.get(group=group, user=member).status == "left"


def test_the_last_leader_is_warned_before_leaving(client, group):
    leader = leader_of(group)
    client.force_login(leader)
    html = client.get(reverse("community:confirm_leave", args=[group.pk])).content.decode()
    assert "satu-satunya ketua" in html


def test_deleting_the_account_has_a_final_step(client):
    user = UserFactory()
    client.force_login(user)
    page = client.post(reverse("community:delete_account"), {"confirm": user.email})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hapus akun saya?" in html
    assert User.objects.filter(pk=user.pk).exists()  # nothing deleted yet
    assert user.email not in html.split('name="final"')[1][:200]  # a token, not the e-mail


def test_a_forged_or_foreign_deletion_token_deletes_nothing(client):
    user, other = UserFactory(), UserFactory()
    client.force_login(user)
    for token in ("palsu", signing.dumps(other.pk, salt="balai.community.delete-account")):
        response = client.post(reverse("community:delete_account"), {"final": token})
        assert response.status_code == 302
    assert User.objects.filter(pk=user.pk).exists()
    assert User.objects.filter(pk=other.pk).exists()
