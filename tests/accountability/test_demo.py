import io

import pytest
from django.core.management import call_command

from accountability import reports
from accountability.models import FundingLine, LedgerEntry
from pages.models import ProgramPage

pytestmark = pytest.mark.django_db


def test_demo_is_reconciled_and_idempotent(home_page, client):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (FundingLine.objects.count(), LedgerEntry.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (FundingLine.objects.count(), LedgerEntry.objects.count()) == counts
    assert LedgerEntry.objects.awaiting_approval().count() >= 2

    blt = reports.program_money(ProgramPage.objects.get(slug="blt-kelurahan"))
    assert blt["allocated"] == blt["committed"] == blt["disbursed"] == 180_000_000
    sembako = reports.program_money(ProgramPage.objects.get(slug="bantuan-sembako-lansia"))
    assert sembako["disbursed"] == 75_000_000 - 900_000
    assert not sembako["over_committed"]
    assert LedgerEntry.objects.filter(reverses__isnull=False).exists()
    sewing = ProgramPage.objects.get(slug="pelatihan-menjahit")
    assert FundingLine.objects.get(program=sewing).source_kind == "csr"

    assert client.get("/transparansi/").status_code == 200
    page = client.get(sewing.url).content.decode()
    assert 'id="dana-capaian"' in page and "Tingkat kehadiran" in page
    assert client.get(f"/api/programs/{sewing.pk}/indicators/").json()["indicators"]
