"""The partners hook (pledge_delivered), the CSV/XLSX import and the open data."""

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import Workbook

from accountability import importer
from accountability.models import FundingLine, ImportBatch, LedgerEntry, return_reach_error
from config.errors import DomainError
from partners.signals import pledge_delivered
from tests.factories.pages import PartnerFactory

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "contoh-impor-penyaluran.csv"


def send_pledge(program, area, partner, pledge_id=7, **extra):
    kwargs = {
        "pledge_id": pledge_id,
        "program_id": program.pk,
        "area_id": area.pk,
        "partner_id": partner.pk,
        "source_kind": "csr",
        "value": 15_000_000,
        "unit": "mesin jahit",
        "quantity": 10,
        "delivered_on": timezone.localdate(),
        "description": "10 mesin jahit dari PT Sinar Sehat Nusantara",
        "evidence_url": "https://contoh.id/bukti.jpg",
        **extra,
    }
    pledge_delivered.send(sender=None, **kwargs)


def test_a_delivered_pledge_becomes_csr_funding_and_an_entry_awaiting_approval(program, areas):
    partner = PartnerFactory(name="PT Sinar Sehat Nusantara")
    send_pledge(program, areas["rw1"], partner)
    line = FundingLine.objects.get()
    assert (line.source_kind, line.partner, line.amount) == ("csr", partner, 15_000_000)
    entry = LedgerEntry.objects.get()
    assert entry.status == "submitted" and entry.funding == line
    assert (entry.unit, entry.quantity) == ("mesin jahit", 10)
    send_pledge(program, areas["rw1"], partner)  # the same pledge again
    assert FundingLine.objects.count() == 1 and LedgerEntry.objects.count() == 1


def test_a_pledge_without_program_is_skipped(program, areas):
    partner = PartnerFactory()
    send_pledge(program, areas["rw1"], partner, program_id=None)
    assert not LedgerEntry.objects.exists()


def csv_bytes(
    *rows, header="ref,tanggal,jenis,jumlah,rw,kk,jiwa,satuan,kuantitas,keterangan,bukti"
):
    return ("\n".join([header, *rows]) + "\n").encode()


def yesterday():
    return (timezone.localdate() - timedelta(days=1)).isoformat()


def test_import_preview_then_save_then_refuse_the_same_file(program, areas, staff):
    data = csv_bytes(
        f"BKU-001,{yesterday()},penyaluran,1.500.000,RW 01,5,17,,,Tahap 1,",
        f"BKU-002,{yesterday()},penyaluran,2500000,pondok-labu-rw-02,8,20,paket,8,Sembako,",
    )
    preview = importer.preview(program, "penyaluran.csv", data)
    assert preview.is_valid, [r.errors for r in preview.rows]
    batch = importer.import_file(staff, program, "penyaluran.csv", data)
    assert batch.rows == 2
    entries = LedgerEntry.objects.order_by("external_ref")
    assert [int(e.amount) for e in entries] == [1_500_000, 2_500_000]
    assert all(e.status == "submitted" for e in entries)
    with pytest.raises(DomainError):
        importer.import_file(staff, program, "penyaluran.csv", data)
    # The same rows in a renamed, slightly different file: refused per row.
    again = data + b"\n"
    preview = importer.preview(program, "salinan.csv", again)
    assert not preview.is_valid
    assert "sudah" in " ".join(preview.rows[0].errors)
    assert LedgerEntry.objects.count() == 2 and ImportBatch.objects.count() == 1


def test_import_with_a_broken_row_saves_nothing(program, areas, staff):
    book = Workbook()
    sheet = book.active
    sheet.append(["ref", "tanggal", "jenis", "jumlah", "rw", "kk", "jiwa"])
    sheet.append(
        ["A1", timezone.localdate() - timedelta(days=2), "penyaluran", 1000000, "RW 01", 3, 9]
    )
    sheet.append(
        ["A2", timezone.localdate() + timedelta(days=9), "penyaluran", "sejuta", "RW 99", -1, 2]
    )
    sheet.append(["A3", "kemarin", "hibah", 10**16, "RW 02", 1, 1])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    preview = importer.preview(program, "penyaluran.xlsx", data)
    assert not preview.is_valid
    assert preview.rows[0].errors == []
    row2 = " ".join(preview.rows[1].errors)
    for words in ("masa depan", "sejuta", "RW 99", "KK"):
        assert words in row2, row2
    row3 = " ".join(preview.rows[2].errors)
    assert "hibah" in row3 and "terlalu besar" in row3 and "kemarin" in row3
    with pytest.raises(DomainError):
        importer.import_file(staff, program, "penyaluran.xlsx", data)
    assert not LedgerEntry.objects.exists() and not ImportBatch.objects.exists()


def test_a_broken_xlsx_file_gets_a_clear_error(program, staff):
    with pytest.raises(DomainError) as exc:
        importer.preview(program, "rusak.xlsx", b"bukan excel")
    assert "Excel" in str(exc.value)


def test_the_sample_file_in_docs_imports(program, areas, staff):
    preview = importer.preview(program, SAMPLE.name, SAMPLE.read_bytes())
    assert preview.is_valid, [(r.number, r.errors) for r in preview.rows]


def test_only_staff_import(program, areas, resident):
    from config.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        importer.import_file(resident, program, "x.csv", csv_bytes())


def test_open_data_lists_csv_json_and_a_valid_datapackage(
    client, download, make_entry, funding, tmp_path
):
    make_entry(amount=30_000_000, households_reached=3, people_reached=12, funding=funding)
    make_entry(amount=999, status="submitted")
    index = client.get("/data/").content.decode()
    for name in ("funding", "transactions", "indicators", "people"):
        assert f"/data/{name}.csv" in index and f"/data/{name}.json" in index
    transactions = json.loads(download("/data/transactions.json").body)["rows"]
    assert len(transactions) == 1 and transactions[0]["households_reached"] == "< 5"
    csv_text = download("/data/transactions.csv").body.decode()
    assert "< 5" in csv_text and "999" not in csv_text.split("\n", 1)[1]
    assert client.get("/data/rahasia.csv").status_code == 404
    package = client.get("/data/datapackage.json").json()
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["model"]["measures"]["transactions_amount"]["currency"] == "IDR"
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            assert field["description_id"] and field["description_en"]
        resource["path"] = f"{resource['name']}.csv"
        (tmp_path / resource["path"]).write_bytes(download(f"/data/{resource['name']}.csv").body)
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    from frictionless import validate

    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_a_pledge_for_a_whole_kecamatan_records_funding_only(program, areas):
    partner = PartnerFactory()
    send_pledge(program, areas["kecamatan"], partner, pledge_id=9)
    send_pledge(program, areas["kecamatan"], partner, pledge_id=9)
    assert FundingLine.objects.filter(pledge_id=9).count() == 1
    assert not LedgerEntry.objects.exists()


def test_an_imported_return_reaches_nobody(program, areas, staff):
    data = csv_bytes(
        f"BKU-001,{yesterday()},penyaluran,1.500.000,RW 01,5,17,,,Tahap 1,",
        f"BKU-002,{yesterday()},pengembalian,250.000,RW 01,1,3,,,Tidak diambil,",
    )
    preview = importer.preview(program, "penyaluran.csv", data)
    assert preview.rows[0].errors == []
    assert preview.rows[1].errors == [str(return_reach_error("return", 1, 3))]
    with pytest.raises(DomainError):
        importer.import_file(staff, program, "penyaluran.csv", data)
    assert not LedgerEntry.objects.exists()


def test_the_sample_file_adds_reach_only_for_what_was_handed_out(program, areas, staff, moderator):
    from accountability import ledger, reports

    importer.import_file(staff, program, SAMPLE.name, SAMPLE.read_bytes())
    for entry in LedgerEntry.objects.all():
        ledger.approve(moderator, entry)
    assert LedgerEntry.objects.get(kind="return").households_reached == 0
    money = reports.program_money(program)
    assert money["disbursed"] == 12_500_000 + 10_000_000 - 250_000
    assert (money["households_reached"], money["people_reached"]) == (50 + 39, 142 + 115)
