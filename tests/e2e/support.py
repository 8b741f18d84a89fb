"""Helpers shared by the browser tests (not fixtures: those live in conftest.py)."""

import os
import shutil
from pathlib import Path

import pytest

# Without the background-networking flags Chromium keeps trying to reach Google's
# services; on a closed network that is noise and wasted time.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

VIEWPORTS = {
    # An inexpensive Android phone.
    "phone": {
        "viewport": {"width": 360, "height": 740},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}

# Every browser test: a real Chromium, a live server, a transactional database that
# starts from the migrated content.
BROWSER = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Kelurahan-Sehat-2024"


def find_chromium():
    """Debian's Chromium, or the browser BALAI_CHROMIUM names; None when there is none."""
    if os.environ.get("BALAI_CHROMIUM"):
        candidates = [os.environ["BALAI_CHROMIUM"]]
    else:
        names = ("chromium", "chromium-browser")
        candidates = [*(shutil.which(name) for name in names), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def make_resident(email="warga@example.com", name="Siti Aminah", *, complete=True, **fields):
    """A resident who can log in: verified e-mail, and (by default) a complete profile."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    user = get_user_model().objects.create_user(email=email, password=PASSWORD, **fields)
    if complete:
        user.display_name = name
        user.data_consent_at = timezone.now()
        user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def log_in(page, email, password=PASSWORD):
    """Log in through the form, as a person would."""
    page.goto("/akun/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def submit(form_locator):
    """Press the form's submit button and wait for the next page."""
    form_locator.locator("button[type=submit], input[type=submit]").first.click()


def serious_violations(page, context=None):
    """Run axe-core on the page; return the serious and critical violations, readable."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in {"serious", "critical"}:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} {targets}"
            )
    return found


def open_menu(page):
    """On a phone the main menu is folded behind a "Menu" button: open it."""
    summary = page.locator(".site-nav__toggle > summary")
    if summary.is_visible() and not page.locator(".site-nav__toggle[open]").count():
        summary.click()
