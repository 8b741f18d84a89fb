"""Fixtures shared by every test: the site tree, media in a temporary folder."""

import os

import pytest
from django.core.cache import caches
from wagtail.models import Site

from pages.models import HomePage


def pytest_collection_modifyitems(config, items):
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    # A transactional test (threads, a live server) ends by emptying every table, which
    # would take the site tree, staff groups and workflow that migrations create away from
    # the tests after it. Serialized rollback puts them back.
    restore_after = pytest.mark.django_db(transaction=True, serialized_rollback=True)
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        marker = item.get_closest_marker("django_db")
        transactional = marker is not None and marker.kwargs.get("transaction")
        if transactional or "live_server" in item.fixturenames:
            item.add_marker(restore_after, append=False)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BALAI_PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Caches start empty: Wagtail caches renditions by image id, and ids repeat between tests."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def home_page(db):
    """The home page the first migrations create, as the default site's root."""
    return HomePage.objects.get(depth=2)


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)
