"""The Wagtail admin: dashboard, import (preview, then save), workflow buttons, and the
ledger's read-only approved entries."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accountability.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_dashboard_for_staff_only(client, staff, resident, make_entry):
    make_entry(status="submitted", amount=123_456)
    client.force_login(resident)
    assert client.get("/admin/dana/").status_code in (302, 403, 404)
    client.force_login(staff)
    response = client.get("/admin/dana/", {"tahun": timezone.localdate().year})
    assert response.status_code == 200
    assert "Rp 123.456" in response.content.decode()


def test_approved_entry_cannot_be_edited_in_the_admin(client, staff, make_entry):
    entry = make_entry()
    draft = make_entry(status="draft")
    client.force_login(staff)
    assert client.get(reverse("ledger_entries:edit", args=[draft.pk])).status_code == 200
    response = client.get(reverse("ledger_entries:edit", args=[entry.pk]))
    assert response.status_code in (302, 403)
    response = client.post(reverse("ledger_entries:edit", args=[entry.pk]), {"amount": 1})
    assert response.status_code in (302, 403)
    assert LedgerEntry.objects.get(pk=entry.pk).amount == 1_000_000
    assert client.get(reverse("ledger_entries:delete", args=[draft.pk])).status_code in (
        302,
        403,
    )


def test_workflow_buttons(client, staff, moderator, make_entry):
    entry = make_entry(status="draft")
    client.force_login(staff)
    url = f"/admin/dana/entri/{entry.pk}/"
    assert "approve" not in client.get(url).content.decode()
    client.post(url, {"action": "submit"})
    client.post(url, {"action": "approve"})
    assert LedgerEntry.objects.get(pk=entry.pk).status == "submitted"
    client.force_login(moderator)
    client.post(url, {"action": "approve"})
    assert LedgerEntry.objects.get(pk=entry.pk).status == "approved"
    client.force_login(staff)
    client.post(url, {"action": "reverse", "reason": "Dobel"})
    assert LedgerEntry.objects.filter(reverses=entry).exists()


def test_import_preview_then_confirm(client, staff, program, areas):
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    good = (
        "ref,tanggal,jenis,jumlah,rw,kk,jiwa\n"
        f"X-1,{day},penyaluran,1000000,RW 01,4,12\n"
        f"X-2,{day},penyaluran,2000000,RW 02,6,20\n"
    ).encode()
    client.force_login(staff)
    response = client.post(
        "/admin/dana/impor/",
        {"program": program.pk, "file": SimpleUploadedFile("bku.csv", good)},
    )
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.is_valid and not LedgerEntry.objects.exists()
    response = client.post(
        "/admin/dana/impor/", {"program": program.pk, "sha256": preview.sha256, "confirm": "1"}
    )
    assert response.status_code == 302
    assert LedgerEntry.objects.filter(status="submitted").count() == 2
    bad = good.replace(b"2000000", b"dua juta").replace(b"X-1", b"X-9")
    response = client.post(
        "/admin/dana/impor/", {"program": program.pk, "file": SimpleUploadedFile("b.csv", bad)}
    )
    assert not response.context["preview"].is_valid
    assert "dua juta" in response.content.decode()
    assert LedgerEntry.objects.count() == 2


@pytest.mark.parametrize(
    "name",
    [
        "funding_lines",
        "ledger_entries",
        "indicator_results",
        "indicators",
        "indicator_targets",
        "indicator_actuals",
    ],
)
def test_viewsets_list_and_add_for_staff(client, staff, resident, make_entry, name):
    make_entry()
    client.force_login(staff)
    assert client.get(reverse(f"{name}:index")).status_code == 200
    assert client.get(reverse(f"{name}:add")).status_code == 200
    client.force_login(resident)
    assert client.get(reverse(f"{name}:index")).status_code in (302, 403)


def test_admin_form_refuses_a_future_date(client, staff, program, areas):
    client.force_login(staff)
    response = client.post(
        reverse("ledger_entries:add"),
        {
            "program": program.pk,
            "kind": "disbursement",
            "occurred_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "amount": "1000000",
            "area": areas["rw1"].pk,
            "households_reached": 1,
            "people_reached": 1,
        },
    )
    assert response.status_code == 200
    assert "masa depan" in response.content.decode()
    assert not LedgerEntry.objects.exists()


def test_transparency_groups_many_rws_by_kelurahan(client, make_entry, areas):
    from pages.models import Area
    from tests.factories.pages import AreaFactory

    for n in range(3, 40):
        rw = AreaFactory(
            name=f"RW {n:02d}", slug=f"pl-rw-{n}", level=Area.Level.RW, parent=areas["kelurahan"]
        )
        make_entry(area=rw, amount=1000, households_reached=1)
    html = client.get("/transparansi/").content.decode()
    assert "Menurut kelurahan" in html and '<th scope="row">RW 39' not in html
    assert "Kelurahan Pondok Labu</a></th>" in html
    html = client.get("/transparansi/", {"wilayah": "pondok-labu"}).content.decode()
    assert '<th scope="row">RW 39, Kelurahan Pondok Labu</th>' in html


def test_moderator_approves_indicator_figures_from_the_dashboard(client, staff, moderator, program):
    from accountability.models import Indicator, IndicatorActual, Result

    result = Result.objects.create(program=program, level="outcome", title="Usaha jahit")
    indicator = Indicator.objects.create(result=result, title="Peserta berusaha")
    actual = IndicatorActual.objects.create(
        indicator=indicator, period_start="2026-01-01", value=4, created_by=staff
    )
    client.force_login(staff)
    assert "Peserta berusaha" in client.get("/admin/dana/").content.decode()
    client.post(f"/admin/dana/capaian/{actual.pk}/setujui/")
    assert IndicatorActual.objects.get().status == "submitted"
    client.force_login(moderator)
    client.post(f"/admin/dana/capaian/{actual.pk}/setujui/")
    assert IndicatorActual.objects.get().status == "approved"


def test_admin_form_refuses_a_return_with_reach(client, staff, program, areas):
    from django.utils.html import escape

    from accountability.models import return_reach_error

    client.force_login(staff)
    response = client.post(
        reverse("ledger_entries:add"),
        {
            "program": program.pk,
            "kind": "return",
            "occurred_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
            "amount": "-250000",
            "area": areas["rw1"].pk,
            "households_reached": 1,
            "people_reached": 3,
        },
    )
    assert response.status_code == 200
    assert escape(str(return_reach_error("return", 1, 3))) in response.content.decode()
    assert not LedgerEntry.objects.exists()
