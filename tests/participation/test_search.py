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
