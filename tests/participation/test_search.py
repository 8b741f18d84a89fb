"""Published proposals appear in the site search (the search page); hidden ones do not."""

import pytest

from participation import proposals as rules
from tests.factories.participation import ProposalFactory

pytestmark = pytest.mark.django_db


def test_proposals_in_search(client, staff):
    shown = ProposalFactory(
        title="Bank sampah di setiap RW", description="Tabungan sampah plastik."
    )
    hidden = ProposalFactory(title="Bank sampah palsu", description="Iklan.")
    rules.hide(hidden, staff, "Iklan.")
    page = client.get("/cari/", {"q": "sampah"})
    body = page.content.decode()
    assert shown.title in body and hidden.title not in body
    assert "Bank sampah" not in client.get("/cari/", {"q": "posyandu"}).content.decode()


def test_the_api_answers_the_same_proposals_as_the_page(client, staff):
    """/api/search/ lists the proposals /cari/ shows (one read, in search.service), on
    the first page only, and a hidden proposal leaves both at once (the content version
    moves when it is hidden, so no cached answer keeps it)."""
    shown = ProposalFactory(title="Bank sampah di setiap RW", description="Tabungan sampah.")
    other = ProposalFactory(title="Bank sampah sekolah", description="Untuk murid SD.")
    answer = client.get("/api/search/", {"q": "sampah"}).json()
    assert {p["title"] for p in answer["proposals"]} == {shown.title, other.title}
    hit = next(p for p in answer["proposals"] if p["id"] == shown.pk)
    assert hit["url"] == shown.get_absolute_url() and hit["support_count"] == 0
    assert client.get("/api/search/", {"q": "sampah", "page": "2"}).json()["proposals"] == []

    rules.hide(other, staff, "Ganda.")
    answer = client.get("/api/search/", {"q": "sampah"}).json()
    assert [p["title"] for p in answer["proposals"]] == [shown.title]
    assert other.title not in client.get("/cari/", {"q": "sampah"}).content.decode()
