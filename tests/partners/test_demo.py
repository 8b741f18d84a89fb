import io

import pytest
from django.core.management import call_command

from partners.models import Need, PartnerInvitation, PartnerMember, Pledge
from partners.pledges import recount

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "needs": sorted(Need.objects.values_list("title", "status", "pledged_total")),
        "pledges": sorted(Pledge.objects.values_list("need__title", "partner__name", "status")),
        "members": PartnerMember.objects.count(),
        "invitations": PartnerInvitation.objects.count(),
    }


def test_demo_needs_board_is_complete_and_idempotent(home_page, client):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first
    assert "Akun mitra PT Sinar Sehat Nusantara: email csr@sinarsehat.balai.local" in out.getvalue()
    assert set(Pledge.objects.values_list("status", flat=True)) == set(Pledge.Status.values)
    assert Need.objects.open().count() >= 4 and first["members"] >= 3
    for need in Need.objects.all():
        assert (need.pledged_total, need.delivered_total) == recount(need)
    assert any(n.over_pledged for n in Need.objects.all())
    assert client.get("/kebutuhan/").status_code == 200
    sinar = PartnerMember.objects.get(user__email="csr@sinarsehat.balai.local").partner
    assert client.get(sinar.url).status_code == 200
    assert client.get("/api/hsds/services").json()["total_items"] > 0
