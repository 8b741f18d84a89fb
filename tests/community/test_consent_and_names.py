"""Consent is one rule (joining and enrolling alike; sign-up asks for it), and display
names refuse invisible and direction-override characters."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from community.models import User
from config.errors import DomainError
from events import enrollment as enrollment_rules
from events.models import Enrollment
from tests.factories.community import UserFactory, leader_of
from tests.factories.events import EventIndexPageFactory, enroll_directly, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(home_page):
    return make_event(EventIndexPageFactory(parent=home_page), capacity=5)


@pytest.fixture
def no_consent(db):
    return UserFactory(data_consent_at=None)


# --- Consent -----------------------------------------------------------------------------


def test_enrolling_needs_consent_like_joining(event, no_consent):
    with pytest.raises(DomainError) as exc:
        enrollment_rules.enroll(event, no_consent)
    assert exc.value.code == "profile_incomplete"
    assert exc.value.status == 403
    assert not Enrollment.objects.exists()


def test_the_api_refuses_an_enrollment_without_consent(client, event, no_consent):
    client.force_login(no_consent)
    response = client.post(f"/api/events/{event.pk}/enrollment/")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "profile_incomplete"
    assert "persetujuan" in body["detail"].lower()
    assert not Enrollment.objects.exists()


def test_the_enroll_button_sends_the_resident_to_give_consent(client, event, no_consent):
    client.force_login(no_consent)
    response = client.post(reverse("events:enroll", args=[event.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("community:profile"))
    assert not Enrollment.objects.exists()


def test_with_consent_the_same_resident_enrolls(event, no_consent):
    no_consent.data_consent_at = no_consent.date_joined
    no_consent.save()
    assert enrollment_rules.enroll(event, no_consent).status == "confirmed"


SIGNUP = {
    "email": "dewi@contoh.id",
    "display_name": "Dewi Lestari",
    "password1": "posyandu-melati-7",
    "password2": "posyandu-melati-7",
}


def test_sign_up_asks_for_consent(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="consent"' in page
    assert "UU PDP" in page


def test_consent_given_at_sign_up_is_recorded(client):
    client.post(reverse("account_signup"), {**SIGNUP, "consent": "on"})
    user = User.objects.get(email="dewi@contoh.id")
    assert user.data_consent_at is not None
    assert user.profile_complete


def test_sign_up_without_consent_leaves_it_for_the_profile(client):
    client.post(reverse("account_signup"), SIGNUP)
    user = User.objects.get(email="dewi@contoh.id")
    assert user.data_consent_at is None


# --- Display names -------------------------------------------------------------------------

HIDDEN = {
    "zero-width space only": "\u200b\u200b",
    "zero-width joiner inside": "Ani\u200dSuryani",
    "right-to-left override": "Budi \u202egnaruK",
    "byte order mark": "\ufeffSiti",
}


@pytest.mark.parametrize("name", HIDDEN.values(), ids=HIDDEN.keys())
def test_names_with_hidden_characters_are_refused_at_sign_up(client, name):
    response = client.post(reverse("account_signup"), {**SIGNUP, "display_name": name})
    assert response.status_code == 200
    assert "tidak boleh" in response.content.decode()
    assert not User.objects.filter(email="dewi@contoh.id").exists()


@pytest.mark.parametrize("name", HIDDEN.values(), ids=HIDDEN.keys())
def test_names_with_hidden_characters_are_refused_by_the_profile_api(client, name):
    user = UserFactory(display_name="Ani")
    client.force_login(user)
    response = client.patch("/api/me/", {"display_name": name}, content_type="application/json")
    assert response.status_code == 422
    assert "display_name" in response.json()["errors"]
    user.refresh_from_db()
    assert user.display_name == "Ani"


def test_the_model_refuses_them_too():
    with pytest.raises(ValidationError):
        User(email="x@contoh.id", display_name="Rina\u202e").full_clean(exclude=["password"])


def test_ordinary_names_in_any_script_are_fine():
    for name in ("Ni Luh Putu Ayu", "Siti Nur'aini", "Nguyễn Thị Hoa", "Ahmad bin Abdullah"):
        User(email="x@contoh.id", display_name=name).full_clean(exclude=["password"])


# --- The roster CSV ---------------------------------------------------------------------------


def test_roster_csv_keeps_phones_as_they_are_and_still_guards_formulas(client, event):
    leader = leader_of_event(event)
    enroll_directly(event, UserFactory(display_name="=HYPERLINK(1)", phone="+6281234567890"))
    enroll_directly(event, UserFactory(display_name="-2+3", phone=""))
    client.force_login(leader)
    body = client.get(reverse("events:roster_csv", args=[event.pk])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    names = {row[0] for row in rows[1:]}
    phones = {row[2] for row in rows[1:]}
    assert "'=HYPERLINK(1)" in names and "'-2+3" in names
    assert "+6281234567890" in phones


def leader_of_event(event):
    from tests.factories.events import CommunityGroupPageFactory, GroupIndexPageFactory

    group = CommunityGroupPageFactory(parent=GroupIndexPageFactory(parent=event.get_parent()))
    event.organising_group = group
    event.save()
    return leader_of(group)
