"""Production settings refuse to start without a secret and pass `check --deploy`."""

import base64
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        # The browser tests allow async-unsafe calls in this process; production never does.
        if key
        not in {
            "DJANGO_SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    # A fresh key, as a deployment makes one (docs/certificates.md): production refuses the
    # published throwaway key of dev and test.
    environment.setdefault("BALAI_SIGNING_KEY", base64.b64encode(secrets.token_bytes(32)).decode())
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


# What a real deployment sets besides the secret (docs/configuration.md).
DEPLOYMENT = {
    "DATABASE_URL": "postgres://balai@127.0.0.1:5432/balai",
    "EMAIL_HOST": "smtp.example.org",
    "SITE_BASE_URL": "https://balai.example.org",
}


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["-c", "import django; django.setup()"])
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run(["-c", "import django; django.setup()"], DJANGO_SECRET_KEY="short")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_refuses_a_secret_key_check_deploy_would_warn_about():
    result = run(["-c", "import django; django.setup()"], DJANGO_SECRET_KEY="x" * 49, **DEPLOYMENT)
    assert result.returncode != 0
    assert "50 characters" in result.stderr


@pytest.mark.parametrize("missing", sorted(DEPLOYMENT))
def test_production_refuses_to_start_without_its_services(missing):
    env = {**DEPLOYMENT, missing: ""}
    result = run(
        ["-c", "import django; django.setup()"], DJANGO_SECRET_KEY=secrets.token_urlsafe(50), **env
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_make_help_lists_every_target():
    makefile = (ROOT / "Makefile").read_text()
    documented = re.findall(r"^([\w-]+):.*## ", makefile, re.MULTILINE)
    assert "e2e" in documented
    listed = subprocess.run(
        ["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout
    for target in documented:
        assert f"make {target} " in listed, target


def test_check_deploy_passes_with_a_secret():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        **DEPLOYMENT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_is_not_in_debug_mode():
    result = run(
        [
            "-c",
            "from django.conf import settings; print(settings.DEBUG, settings.LANGUAGE_CODE,"
            " settings.TIME_ZONE)",
        ],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_DEBUG="1",
        **DEPLOYMENT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "id", "Asia/Jakarta"]


def test_production_refuses_to_start_without_a_signing_key():
    result = run(
        ["-c", "import django; django.setup()"],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        BALAI_SIGNING_KEY="",
        **DEPLOYMENT,
    )
    assert result.returncode != 0
    assert "BALAI_SIGNING_KEY" in result.stderr


def test_production_refuses_a_signing_key_that_is_not_one():
    result = run(
        ["-c", "import django; django.setup()"],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        BALAI_SIGNING_KEY="rahasia",
        **DEPLOYMENT,
    )
    assert result.returncode != 0
    assert "BALAI_SIGNING_KEY" in result.stderr


@pytest.mark.parametrize(
    "secret",
    [
        "abcd" * 13,  # 52 characters, 4 different ones
        "django-insecure-" + "q8Zr2mW5tLx0cV7bN4kJ9hG3fD6sA1pE" * 2,  # startproject's kind
    ],
    ids=["few_different_characters", "django_insecure_prefix"],
)
def test_production_refuses_every_secret_key_check_deploy_warns_about(secret):
    result = run(["-c", "import django; django.setup()"], DJANGO_SECRET_KEY=secret, **DEPLOYMENT)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def _throwaway_as_pem():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from events.badges import THROWAWAY_SIGNING_KEY

    seed = base64.b64decode(THROWAWAY_SIGNING_KEY)
    return (
        Ed25519PrivateKey.from_private_bytes(seed)
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


def _rsa_pem():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.mark.parametrize("which", ["throwaway", "throwaway_urlsafe", "throwaway_pem", "rsa_pem"])
def test_production_refuses_the_published_key_and_keys_that_are_not_ed25519(which):
    from events.badges import THROWAWAY_SIGNING_KEY

    key = {
        "throwaway": lambda: THROWAWAY_SIGNING_KEY,
        "throwaway_urlsafe": lambda: (
            THROWAWAY_SIGNING_KEY.replace("+", "-").replace("/", "_").rstrip("=")
        ),
        "throwaway_pem": _throwaway_as_pem,
        "rsa_pem": _rsa_pem,
    }[which]()
    result = run(
        ["-c", "import django; django.setup()"],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        BALAI_SIGNING_KEY=key,
        **DEPLOYMENT,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "BALAI_SIGNING_KEY" in result.stderr


def test_production_starts_with_a_fresh_pem_key():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    pem = (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    result = run(
        ["-c", "import django; django.setup()"],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        BALAI_SIGNING_KEY=pem,
        **DEPLOYMENT,
    )
    assert result.returncode == 0, result.stderr
