"""Redis down: log-in, sign-up and password reset keep working (rate limits degrade),
and the outage is logged once, not as a traceback per call."""

import logging

import pytest
from django.core.cache import caches
from django.urls import reverse

from config import cache as resilient
from tests.factories.community import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: every connection is refused at once.
DEAD_REDIS = {
    "default": {
        "BACKEND": "config.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }
}
PRODUCTION_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}


@pytest.fixture
def redis_down(settings):
    resilient._breakers.clear()
    settings.CACHES = DEAD_REDIS
    settings.ACCOUNT_RATE_LIMITS = PRODUCTION_LIMITS
    yield
    resilient._breakers.clear()


def test_log_in_works_while_redis_is_down(client, redis_down, caplog):
    user = UserFactory()
    caplog.set_level(logging.DEBUG)
    for _ in range(5):
        client.logout()
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )
        assert response.status_code == 302, response.status_code
        assert client.session["_auth_user_id"] == str(user.pk)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert "Redis" in warnings[0].getMessage()
    assert not any(r.exc_info for r in caplog.records)


def test_sign_up_and_password_reset_work_while_redis_is_down(client, redis_down):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "baru@contoh.id",
            "display_name": "Warga Baru",
            "password1": "posyandu-melati-7",
            "password2": "posyandu-melati-7",
        },
    )
    assert response.status_code == 302
    client.logout()
    user = UserFactory()
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302


def test_headless_log_in_works_while_redis_is_down(client, redis_down):
    user = UserFactory()
    response = client.post(
        "/_allauth/app/v1/auth/login",
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content


def test_the_breaker_skips_redis_until_it_retries(redis_down, monkeypatch):
    cache = caches["default"]
    assert cache.get("x") is None  # the first call finds Redis down
    calls = []
    monkeypatch.setattr(type(cache.client._client), "get", lambda *a, **k: calls.append(a) or None)
    assert cache.get("x", "default") == "default"
    assert calls == []  # answered without touching the network
    assert cache.add("lock", True) is True  # locks degrade to "acquired"
