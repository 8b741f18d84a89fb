"""A mobile app's whole journey through allauth's headless API and the community API,
authenticated by the app session token (X-Session-Token)."""

import re
from urllib.parse import unquote

import pytest
from django.core import mail

from community.models import CommunityGroupPage, Membership, User
from tests.factories.community import leader_of

pytestmark = pytest.mark.django_db
APP = "/_allauth/app/v1"


def key_from_mail():
    match = re.search(r"/akun/konfirmasi-email/([^/\s]+)/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return unquote(match.group(1))


def test_sign_up_verify_log_in_and_use_the_api(client, open_group, make_group):
    approval = make_group(title="Jahit Berkah", join_policy=CommunityGroupPage.JoinPolicy.APPROVAL)
    leader = leader_of(approval)

    # 1. sign up: the account exists, e-mail verification is pending
    response = client.post(
        f"{APP}/auth/signup",
        {"email": "Rina@Contoh.id", "password": "jahit-berkah-2026", "display_name": "Rina"},
        content_type="application/json",
    )
    assert response.status_code == 401, response.content
    body = response.json()
    pending = [f["id"] for f in body["data"]["flows"] if f.get("is_pending")]
    assert pending == ["verify_email"]
    token = body["meta"]["session_token"]
    user = User.objects.get(email="rina@contoh.id")
    assert user.display_name == "Rina"

    # the API refuses an unverified session
    assert client.get("/api/me/", HTTP_X_SESSION_TOKEN=token).status_code == 401

    # 2. verify the e-mail with the key from the message
    response = client.post(
        f"{APP}/auth/email/verify",
        {"key": key_from_mail()},
        content_type="application/json",
        HTTP_X_SESSION_TOKEN=token,
    )
    assert response.status_code == 200, response.content
    token = response.json()["meta"]["session_token"]

    # 3. log in again from scratch (a new device)
    response = client.post(
        f"{APP}/auth/login",
        {"email": "rina@contoh.id", "password": "jahit-berkah-2026"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    token = response.json()["meta"]["session_token"]
    headers = {"HTTP_X_SESSION_TOKEN": token}

    # 4. the community API with the token: no cookie, no CSRF
    client.cookies.clear()
    me = client.get("/api/me/", **headers).json()
    assert me["email"] == "rina@contoh.id"
    assert me["profile_complete"] is False

    response = client.post(f"/api/groups/{open_group.pk}/membership/", **headers)
    assert response.status_code == 403
    assert response.json()["code"] == "profile_incomplete"

    response = client.patch(
        "/api/me/",
        {"consent": True, "phone": "+62 812 1111 2222"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["profile_complete"] is True
    assert response.json()["phone"] == "+6281211112222"

    assert client.post(f"/api/groups/{open_group.pk}/membership/", **headers).json() == {
        "status": "active",
        "role": "member",
    }
    assert (
        client.post(f"/api/groups/{approval.pk}/membership/", **headers).json()["status"]
        == "pending"
    )
    detail = client.get(f"/api/groups/{approval.pk}/", **headers).json()
    assert detail["my_membership"]["status"] == "pending"
    groups = client.get("/api/me/groups/", **headers).json()
    assert {g["status"] for g in groups} == {"active", "pending"}

    # 5. the leader approves through the API, with their own token
    response = client.post(
        f"{APP}/auth/login",
        {"email": leader.email, "password": "rahasia-warga-123"},
        content_type="application/json",
    )
    leader_headers = {"HTTP_X_SESSION_TOKEN": response.json()["meta"]["session_token"]}
    request = Membership.objects.get(group=approval, user__email="rina@contoh.id")
    response = client.post(
        f"/api/groups/{approval.pk}/requests/{request.pk}/approve",
        {"message": "Selamat bergabung, Bu Rina"},
        content_type="application/json",
        **leader_headers,
    )
    assert response.json() == {"status": "active", "role": "member"}
    detail = client.get(f"/api/groups/{approval.pk}/", **headers).json()
    assert detail["my_membership"]["status"] == "active"
    assert detail["my_membership"]["message"] == "Selamat bergabung, Bu Rina"


def test_a_bad_token_is_401_json(client, open_group):
    response = client.post(
        f"/api/groups/{open_group.pk}/membership/", HTTP_X_SESSION_TOKEN="tidak-sah"
    )
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    response = client.get(f"/api/groups/{open_group.pk}/", HTTP_X_SESSION_TOKEN="tidak-sah")
    assert response.status_code == 401


def test_headless_signup_requires_the_name(client):
    response = client.post(
        f"{APP}/auth/signup",
        {"email": "tanpa.nama@contoh.id", "password": "jahit-berkah-2026"},
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(e.get("param") == "display_name" for e in errors)
    assert not User.objects.filter(email="tanpa.nama@contoh.id").exists()
