"""Download my data and account deletion cover residents' voice."""

import pytest

pytestmark = pytest.mark.django_db


def test_download_my_data_has_my_participation(client, resident, rw):
    from participation import complaints, proposals

    proposals.submit(
        resident, title="Pojok baca", description="Rak buku.", category="pendidikan", area=rw
    )
    complaints.submit(
        resident, subject="service", service="KTP", title="Antre lama", description="Dua jam."
    )
    from community.personal_data import export

    data = export(resident)["participation"]
    assert data["proposals"][0]["title"] == "Pojok baca"
    assert data["complaints"][0]["title"] == "Antre lama"


def test_deleting_an_account_takes_its_supports_off_the_count(resident, other_resident):
    from community.personal_data import delete_account
    from participation import proposals
    from tests.factories.participation import ProposalFactory

    proposal = ProposalFactory(author=resident)
    proposals.support(proposal, other_resident)
    delete_account(other_resident)
    proposal.refresh_from_db()
    assert proposal.support_count == 0
