"""Sign-up, the profile ("Akun saya"), the person's own data and account deletion."""

import json
import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from community import personal_data
from community.models import Membership, User
from community.phone import normalize_phone
from tests.factories.community import PASSWORD, StaffFactory, UserFactory, leader_of, member_of
from tests.factories.pages import AreaFactory

pytestmark = pytest.mark.django_db


# --- Phone numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["081234567890", "0812-3456-7890", "0812 3456 7890", "+62 812 3456 7890", "6281234567890"],
)
def test_phone_numbers_are_stored_as_plus_62(typed):
    assert normalize_phone(typed) == "+6281234567890"


def test_jakarta_landline_is_accepted():
    assert normalize_phone("(021) 7654321") == "+62217654321"


@pytest.mark.parametrize(
    "typed,message",
    [
        ("12345", "Masukkan nomor Indonesia"),
        ("+60 12 345 6789", "Masukkan nomor Indonesia"),
        ("0812", "terlalu pendek atau terlalu panjang"),
        ("0812345678901234", "terlalu pendek atau terlalu panjang"),
        ("0812abc45678", "hanya boleh berisi angka"),
    ],
)
def test_bad_phone_numbers_are_refused_in_indonesian(typed, message):
    with pytest.raises(ValidationError) as exc:
        normalize_phone(typed)
    assert message in exc.value.messages[0]


# --- Sign-up ----------------------------------------------------------------------------


SIGNUP = {
    "email": "Ani@Contoh.id",
    "display_name": "Ani Suryani",
    "password1": "posyandu-melati-7",
    "password2": "posyandu-melati-7",
}


def test_sign_up_verify_and_complete_the_profile(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="ani@contoh.id")
    assert user.display_name == "Ani Suryani"
    assert not user.profile_complete
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/akun/konfirmasi-email/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    # the link from the e-mail opens the site's own page; confirming logs the person in
    page = client.get(unquote(link.group(1)))
    assert page.status_code == 200
    response = client.post(unquote(link.group(1)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("community:profile"))
    assert user.emailaddress_set.get().verified
    profile = client.get(response["Location"])
    assert "Mohon lengkapi profil Anda" in profile.content.decode()


def test_sign_up_errors_are_in_indonesian_next_to_the_field_and_keep_what_was_typed(client):
    response = client.post(
        reverse("account_signup"), {**SIGNUP, "display_name": "", "password2": "lain-sekali-9"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Ani@Contoh.id"' in content
    required = gettext("This field is required.")
    assert required.startswith("Kolom ini")  # Indonesian
    assert required in content
    assert "Anda harus mengetikkan kata sandi yang sama setiap kali" in content
    assert 'aria-invalid="true"' in content
    assert not User.objects.exists()


def test_sign_up_with_a_known_address_says_so_next_to_the_field(client):
    UserFactory(email="ani@contoh.id")
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 200
    content = response.content.decode()
    assert "sudah terdaftar" in content  # Indonesian, in the form
    assert 'value="Ani@Contoh.id"' in content  # what was typed is kept
    assert User.objects.filter(email__iexact="ani@contoh.id").count() == 1
    assert mail.outbox == []


def test_log_in_form_speaks_indonesian(client):
    content = client.get(reverse("account_login")).content.decode()
    assert "Alamat e-mail" in content
    assert "Kata sandi" in content
    assert "Kata Kunci" not in content


def test_unverified_person_cannot_log_in(client):
    user = UserFactory()
    user.emailaddress_set.update(verified=False)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# --- Profile ------------------------------------------------------------------------------


@pytest.fixture
def rw(db):
    city = AreaFactory(name="Jakarta Selatan")
    kelurahan = AreaFactory(name="Pondok Labu", level=3, parent=city, slug="pondok-labu")
    return AreaFactory(name="RW 03", level=4, parent=kelurahan, slug="pondok-labu-rw-03")


def profile_data(**overrides):
    data = {
        "display_name": "Siti Aminah",
        "phone": "0812 3456 7890",
        "home_area": "",
        "email_reminders": "on",
        "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_profile_is_saved_with_consent_date_and_normalised_phone(client, rw):
    user = UserFactory(data_consent_at=None)
    client.force_login(user)
    response = client.post(reverse("community:profile"), profile_data(home_area=rw.pk))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone == "+6281234567890"
    assert user.home_area == rw
    assert user.email_reminders is True
    assert user.email_group_updates is False
    first_consent = user.data_consent_at
    assert first_consent is not None
    client.post(reverse("community:profile"), profile_data(display_name="Siti A."))
    user.refresh_from_db()
    assert user.data_consent_at == first_consent  # the date consent was first given


def test_profile_without_consent_is_refused_and_keeps_the_input(client):
    user = UserFactory(data_consent_at=None)
    client.force_login(user)
    response = client.post(reverse("community:profile"), profile_data(consent=None))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mohon berikan persetujuan Anda" in content
    assert 'value="0812 3456 7890"' in content
    user.refresh_from_db()
    assert user.data_consent_at is None
    assert user.phone == ""


def test_profile_with_a_bad_phone_says_so_in_indonesian(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("community:profile"), profile_data(phone="021-12"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Nomor ini terlalu pendek atau terlalu panjang" in content
    assert 'value="021-12"' in content


def test_profile_needs_login(client):
    response = client.get(reverse("community:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_header_links_to_my_account(client):
    client.force_login(UserFactory())
    content = client.get(reverse("community:my_groups")).content.decode()
    assert f'href="{reverse("community:profile")}"' in content
    assert "Akun saya" in content


def test_incomplete_profile_goes_to_the_profile_after_log_in(client):
    user = UserFactory(data_consent_at=None)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"].startswith(reverse("community:profile"))
    client.logout()
    done = UserFactory()
    response = client.post(reverse("account_login"), {"login": done.email, "password": PASSWORD})
    assert response["Location"] == "/"


# --- Own data -------------------------------------------------------------------------------


def test_download_my_data(client, open_group, approval_group):
    user = UserFactory(phone="+6281234567890")
    member_of(open_group, user)
    member_of(approval_group, user, status="pending")
    other = UserFactory()
    member_of(open_group, other)
    client.force_login(user)
    response = client.get(reverse("community:download_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["phone"] == "+6281234567890"
    assert data["profile"]["data_consent_at"]
    assert {(m["group"], m["status"]) for m in data["memberships"]} == {
        (open_group.title, "active"),
        (approval_group.title, "pending"),
    }
    assert other.email not in response.content.decode()


def test_other_apps_add_their_part_to_the_download(client):
    user = UserFactory()
    personal_data.register("test_section", lambda u: [{"who": u.email}])
    try:
        client.force_login(user)
        data = json.loads(client.get(reverse("community:download_data")).content)
    finally:
        personal_data.unregister("test_section")
    assert data["test_section"] == [{"who": user.email}]


def test_delete_account_needs_the_right_confirmation(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("community:delete_account"), {"confirm": "bukan-saya"})
    assert response.status_code == 200
    assert "Tidak ada yang dihapus" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def delete_in_two_steps(client, confirm):
    """The form (e-mail or password), then the final confirmation page's button."""
    import re as regex

    page = client.post(reverse("community:delete_account"), {"confirm": confirm})
    assert page.status_code == 200
    token = regex.search(r'name="final" value="([^"]+)"', page.content.decode()).group(1)
    return client.post(reverse("community:delete_account"), {"final": token})


@pytest.mark.parametrize("confirm", ["email", "password"])
def test_delete_account(client, open_group, confirm, django_capture_on_commit_callbacks):
    user = UserFactory()
    neighbour = UserFactory()
    member_of(open_group, user)
    member_of(open_group, neighbour)
    client.force_login(user)
    value = user.email.upper() if confirm == "email" else PASSWORD
    with django_capture_on_commit_callbacks(execute=True):
        response = delete_in_two_steps(client, value)
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Membership.objects.filter(user_id=user.pk).exists()
    assert Membership.objects.filter(user=neighbour, status="active").count() == 1
    assert "_auth_user_id" not in client.session
    assert mail.outbox == []  # the group still has... no leader was involved


def test_deleting_the_only_leader_returns_the_group_to_staff(
    client, approval_group, make_group, django_capture_on_commit_callbacks
):
    staff = StaffFactory()
    leader = leader_of(approval_group)
    co_led_group = make_group(title="Kelompok Lain")
    leader_of(co_led_group, leader)
    other_leader = leader_of(co_led_group)  # this group keeps a leader: no e-mail
    member = member_of(approval_group)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        delete_in_two_steps(client, leader.email)
    assert not User.objects.filter(pk=leader.pk).exists()
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert approval_group.title in mail.outbox[0].subject
    assert Membership.objects.filter(user=member, group=approval_group, status="active").exists()
    assert not Membership.objects.filter(user_id=leader.pk).exists()
    assert Membership.objects.filter(group=co_led_group, user=other_leader).exists()


def test_the_events_app_releases_its_data_before_deletion():
    from community.signals import account_deleting

    seen = []

    def receiver(sender, user, **kwargs):
        seen.append((user.pk, User.objects.filter(pk=user.pk).exists()))

    account_deleting.connect(receiver)
    try:
        user = UserFactory()
        user_id = user.pk
        personal_data.delete_account(user)
    finally:
        account_deleting.disconnect(receiver)
    assert seen == [(user_id, True)]


# --- Password and e-mail pages --------------------------------------------------------------


def test_password_reset_from_the_email_link(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/akun/sandi/reset/kunci/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    response = client.get(link.group(1))
    assert response.status_code == 302  # allauth moves the key into the session
    form_url = response["Location"]
    page = client.get(form_url).content.decode()
    assert "Kata sandi baru" in page or "Kata sandi" in page
    response = client.post(
        form_url, {"password1": "sandi-baru-warga-9", "password2": "sandi-baru-warga-9"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("sandi-baru-warga-9")


@pytest.mark.parametrize("name", ["account_email", "account_change_password"])
def test_account_pages_use_the_site_layout(client, name):
    client.force_login(UserFactory())
    response = client.get(reverse(name))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="site-header"' in content
    assert "Kata Kunci" not in content


def test_staff_roles_may_change_memberships_in_the_admin():
    from django.contrib.auth.models import Group

    staff = Group.objects.filter(name="Staf Humas").first()
    if staff is None:
        pytest.skip("the staff roles migration did not run")
    codenames = set(staff.permissions.values_list("codename", flat=True))
    assert {"view_membership", "change_membership"} <= codenames


def test_account_pages_show_the_account_menu(client):
    client.force_login(UserFactory())
    content = client.get(reverse("account_change_password")).content.decode()
    assert 'class="account-nav"' in content
    assert f'href="{reverse("community:my_groups")}"' in content
