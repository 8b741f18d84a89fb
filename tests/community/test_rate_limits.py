"""allauth's rate limits are on (cache-backed) and answer in Indonesian."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories.community import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip", "signup": "2/m/ip"}
    cache.clear()
    yield
    cache.clear()


def test_repeated_wrong_passwords_are_slowed_down(client):
    user = UserFactory()
    url = reverse("account_login")
    for _ in range(3):
        response = client.post(url, {"login": user.email, "password": "salah-terus"})
        assert response.status_code == 200
    # even the right password is refused for a while, with a clear message
    response = client.post(url, {"login": user.email, "password": PASSWORD})
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_headless_signups_are_limited_per_ip(client):
    url = "/_allauth/app/v1/auth/signup"
    codes = [
        client.post(
            url,
            {"email": f"bot{i}@contoh.id", "password": "jahit-berkah-2026", "display_name": "B"},
            content_type="application/json",
        ).status_code
        for i in range(3)
    ]
    assert codes[:2] == [401, 401]  # created, verification pending
    assert codes[2] == 429
