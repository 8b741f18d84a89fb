"""/transparansi/ and /api/transparency/ are served from the cache to anonymous visitors,
and an approved entry shows at once (the content version moves on every ledger save)."""

import pytest
from django.urls import reverse

from accountability.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_transparency_page_is_cached_and_exact(client, funding, make_entry):
    url = reverse("accountability:transparency")
    client.get(url)  # the first page view creates the office settings (a content change)
    first = client.get(url)
    again = client.get(url)
    assert first["X-Balai-Cache"] == "miss" and again["X-Balai-Cache"] == "hit"

    make_entry(kind=LedgerEntry.Kind.DISBURSEMENT, amount=7_654_321)

    after = client.get(url)
    assert after["X-Balai-Cache"] == "miss"
    assert "7.654.321" in after.content.decode()


def test_transparency_api_is_cached_and_exact(client, funding, make_entry):
    url = "/api/transparency/"
    before = client.get(url).json()["totals"]
    assert client.get(url)["X-Balai-Cache"] == "hit"

    make_entry(kind=LedgerEntry.Kind.DISBURSEMENT, amount=1_500_000)

    after = client.get(url).json()["totals"]
    assert after != before
    assert client.get(url)["X-Balai-Cache"] == "hit"


def test_a_draft_entry_changes_nothing_public(client, funding, make_entry):
    url = "/api/transparency/"
    before = client.get(url).json()["totals"]
    make_entry(amount=2_000_000, status="draft")
    assert client.get(url).json()["totals"] == before
