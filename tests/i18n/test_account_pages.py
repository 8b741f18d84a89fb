"""The account pages residents use (allauth) and Django's form and validation messages
read one way: "Anda", "e-mail", "kata sandi", with no English left.

Each page is searched for allauth's and Django's English msgids (phrases of two words or
more, without placeholders) and for the spellings Balai does not use ("kamu", "email",
"surel", a bare "sandi", "reset", "link").
"""

import re

import pytest
from django.core import mail
from django.urls import reverse

from config import upstream_translations as ut
from tests.factories.community import PASSWORD, UserFactory
from tests.i18n.screens import visible_text

pytestmark = pytest.mark.django_db


def _english_phrases():
    phrases = set()
    for scope in ut.ALLAUTH_SCOPES + ut.DJANGO_SCOPES:
        for entry in scope.source_entries():
            text = entry.msgid.strip()
            if " " in text and not re.search(r"[%{<]", text):
                phrases.add(text)
    return phrases


ENGLISH = _english_phrases()


def assert_reads_one_way(response, *expected):
    assert response.status_code == 200
    lines = visible_text(response)
    assert sorted(line for line in lines if line in ENGLISH) == []
    text = "\n".join(lines)
    assert ut.register_problems(text) == []
    for phrase in expected:
        assert phrase in text, phrase


def test_phrase_list_is_the_real_catalogue():
    assert {"Forgot your password?", "Enter a valid email address."} <= ENGLISH


def test_login_page_and_its_error(client):
    assert_reads_one_way(client.get(reverse("account_login")), "Kata sandi", "Alamat e-mail")
    response = client.post(
        reverse("account_login"), {"login": "ani@contoh.id", "password": "bukan-ini"}
    )
    assert_reads_one_way(response, "Alamat e-mail dan/atau kata sandi yang Anda masukkan salah.")


def test_signup_page_and_its_errors(client):
    assert_reads_one_way(client.get(reverse("account_signup")), "Kata sandi (ulangi)")
    response = client.post(
        reverse("account_signup"),
        {"email": "bukan-alamat", "display_name": "", "password1": "123", "password2": "1234"},
    )
    assert_reads_one_way(
        response,
        "Masukkan alamat e-mail yang valid.",
        "Kata sandi ini terlalu umum.",
        "Kolom ini wajib diisi.",
    )


def test_signup_with_a_taken_address(client):
    UserFactory(email="ani@contoh.id")
    response = client.post(
        reverse("account_signup"),
        {
            "email": "ani@contoh.id",
            "display_name": "Ani",
            "password1": "posyandu-melati-7",
            "password2": "posyandu-melati-7",
        },
    )
    assert_reads_one_way(response, "e-mail")


def test_password_reset_pages_and_email(client):
    user = UserFactory(email="ani@contoh.id")
    page = client.get(reverse("account_reset_password"))
    assert_reads_one_way(page, "Atur ulang kata sandi")

    unknown = client.post(reverse("account_reset_password"), {"email": "x"})
    assert_reads_one_way(unknown, "Masukkan alamat e-mail yang valid.")

    sent = client.post(reverse("account_reset_password"), {"email": user.email}, follow=True)
    assert_reads_one_way(sent, "Kami telah mengirimkan e-mail kepada Anda.")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert ut.register_problems(message.subject + "\n" + message.body) == []
    assert "mengatur ulang kata sandi Anda" in message.body


def test_manage_email_and_change_password_pages(client):
    user = UserFactory(email="ani@contoh.id")
    assert client.login(email=user.email, password=PASSWORD)
    assert_reads_one_way(
        client.get(reverse("account_email")), "Tambahkan alamat e-mail", "Jadikan utama"
    )
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "bukan-ini", "password1": "12345678", "password2": "12345678"},
    )
    assert_reads_one_way(response, "Kata sandi ini seluruhnya terdiri dari angka.")
