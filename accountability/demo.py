"""Demo funding, ledger and indicators for the demo programs (after pages, community,
events: INSTALLED_APPS order). Reconciled figures for this year:

- BLT Kelurahan: APBN Rp 180.000.000 for 100 households (Rp 300.000 a month, six
  months) in two stages per RW; stage 3 of RW 01 waits for approval.
- Bantuan Sembako Lansia: APBD Provinsi Rp 75.000.000, 250 paket sembako (Rp 300.000
  each); one entry corrected by a reversing entry, 3 parcels not collected (a return).
- Pelatihan Menjahit: CSR from PT Sinar Sehat Nusantara, 10 sewing machines (in kind)
  and the trainer's fee; computed indicators (enrolled, completed) with targets and one
  manual outcome waiting for approval.
- Posyandu Balita: Dana Kelurahan and community self-help (swadaya).

Idempotent: entries are found again by their `external_ref` ("demo:..."), funding by
its document number, indicators by title. Dates never lie in the future.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from accountability.indicators import period_start
from accountability.models import (
    ApprovalStatus,
    FundingLine,
    Indicator,
    IndicatorActual,
    IndicatorTarget,
    LedgerEntry,
    Result,
)
from pages.models import Area, Partner, ProgramPage

BLT_HOUSEHOLDS = {1: 20, 2: 18, 3: 16, 4: 17, 5: 15, 6: 14}  # 100 households, RW 01-06
SEMBAKO = {  # (area slug, parcels, households)
    "kebon-jeruk-rw-01": (60, 60),
    "kebon-jeruk-rw-02": (55, 55),
    "kebon-jeruk-rw-03": (45, 45),
    "sukabumi-utara-rw-01": (50, 50),
    "sukabumi-utara-rw-02": (40, 40),
}


def _day(today, month, day):
    """This year's date, never after today (seeding in January keeps dates past)."""
    return min(date(today.year, month, day), today - timedelta(days=1))


class Ledger:
    def __init__(self, today, staff, moderator):
        self.today, self.staff, self.moderator = today, staff, moderator
        self.created = 0

    def entry(self, ref, program, *, status=ApprovalStatus.APPROVED, **fields):
        existing = LedgerEntry.objects.filter(external_ref=f"demo:{ref}").first()
        if existing is not None:
            return existing
        now = timezone.now()
        entry = LedgerEntry.objects.create(
            program=program,
            external_ref=f"demo:{ref}",
            created_by=self.staff,
            status=status,
            submitted_at=now if status != ApprovalStatus.DRAFT else None,
            approved_by=self.moderator if status == ApprovalStatus.APPROVED else None,
            approved_at=now if status == ApprovalStatus.APPROVED else None,
            **fields,
        )
        self.created += 1
        return entry


def _funding(program, document_number, **fields):
    line, _created = FundingLine.objects.get_or_create(
        program=program, document_number=document_number, defaults=fields
    )
    return line


def seed(command):
    programs = {
        p.slug: p
        for p in ProgramPage.objects.filter(
            slug__in=[
                "blt-kelurahan",
                "bantuan-sembako-lansia",
                "pelatihan-menjahit",
                "posyandu-balita",
            ]
        )
    }
    if not programs:
        command.stdout.write("Program demo tidak ditemukan; demo dana & capaian dilewati.")
        return
    areas = {a.slug: a for a in Area.objects.all()}
    User = get_user_model()
    staff = User.objects.filter(email="humas@balai.local").first()
    moderator = User.objects.filter(email="moderator@balai.local").first()
    today = timezone.localdate()
    year = today.year
    book = Ledger(today, staff, moderator)

    blt = programs.get("blt-kelurahan")
    if blt and all(f"pondok-labu-rw-{n:02d}" in areas for n in BLT_HOUSEHOLDS):
        line = _funding(
            blt,
            f"DIPA-BLT/{year}/031",
            source_kind="apbn",
            fiscal_year=year,
            amount=180_000_000,
            description="BLT Dana Kelurahan: Rp 300.000 per KPM per bulan selama 6 bulan",
        )
        book.entry(
            "blt-commit",
            blt,
            funding=line,
            kind="commitment",
            occurred_on=_day(today, 1, 10),
            amount=180_000_000,
            area=areas["pondok-labu"],
            description=f"SK Lurah Pondok Labu No. 7/{year} tentang penerima BLT (100 KPM)",
        )
        for stage, month in ((1, 3), (2, 6)):
            for rw, households in BLT_HOUSEHOLDS.items():
                book.entry(
                    f"blt-{stage}-rw{rw}",
                    blt,
                    funding=line,
                    kind="disbursement",
                    occurred_on=_day(today, month, 5 + rw),
                    amount=households * 900_000,
                    area=areas[f"pondok-labu-rw-{rw:02d}"],
                    households_reached=households,
                    people_reached=households * 3 + rw,
                    description=f"Penyaluran BLT tahap {stage} (3 bulan) RW {rw:02d}",
                )
        book.entry(
            "blt-3-rw1",
            blt,
            status=ApprovalStatus.SUBMITTED,
            funding=line,
            kind="disbursement",
            occurred_on=_day(today, 9, 8),
            amount=BLT_HOUSEHOLDS[1] * 900_000,
            area=areas["pondok-labu-rw-01"],
            households_reached=BLT_HOUSEHOLDS[1],
            people_reached=63,
            description="Penyaluran BLT tahap 3 RW 01 (menunggu persetujuan)",
        )

    sembako = programs.get("bantuan-sembako-lansia")
    if sembako and all(slug in areas for slug in SEMBAKO):
        line = _funding(
            sembako,
            f"DPA-Dinsos/{year}/2.07.01",
            source_kind="apbd_provinsi",
            fiscal_year=year,
            amount=75_000_000,
            description="Paket sembako lansia sebatang kara, 250 paket @ Rp 300.000",
        )
        book.entry(
            "sembako-commit",
            sembako,
            funding=line,
            kind="commitment",
            occurred_on=_day(today, 2, 3),
            amount=75_000_000,
            area=areas["kelurahan-kebon-jeruk"],
            description="Kontrak penyedia paket sembako (250 paket)",
        )
        wrong = None
        for i, (slug, (parcels, households)) in enumerate(SEMBAKO.items()):
            if i == 0:
                # Typed as 600 parcels first, corrected by a reversing entry.
                wrong = book.entry(
                    f"sembako-{slug}-salah",
                    sembako,
                    funding=line,
                    kind="disbursement",
                    occurred_on=_day(today, 4, 14),
                    amount=180_000_000,
                    area=areas[slug],
                    households_reached=600,
                    people_reached=600,
                    unit="paket sembako",
                    quantity=600,
                    description="Penyaluran sembako (salah ketik jumlah paket)",
                )
                book.entry(
                    f"sembako-{slug}-balik",
                    sembako,
                    funding=line,
                    kind="disbursement",
                    occurred_on=_day(today, 4, 15),
                    amount=-180_000_000,
                    area=areas[slug],
                    households_reached=-600,
                    people_reached=-600,
                    unit="paket sembako",
                    quantity=-600,
                    reverses=wrong,
                    description=f"Pembalik entri #{wrong.pk}: salah ketik jumlah paket",
                )
            book.entry(
                f"sembako-{slug}",
                sembako,
                funding=line,
                kind="disbursement",
                occurred_on=_day(today, 4, 15 + i),
                amount=parcels * 300_000,
                area=areas[slug],
                households_reached=households,
                people_reached=households,
                unit="paket sembako",
                quantity=parcels,
                description=f"Penyaluran {parcels} paket sembako lansia",
            )
        book.entry(
            "sembako-return",
            sembako,
            funding=line,
            kind="return",
            occurred_on=_day(today, 5, 2),
            amount=-900_000,
            area=areas["sukabumi-utara-rw-02"],
            households_reached=0,
            people_reached=0,
            unit="paket sembako",
            quantity=3,
            description="3 paket tidak diambil (penerima pindah); nilainya dikembalikan ke kas",
        )
        book.entry(
            "sembako-susulan",
            sembako,
            status=ApprovalStatus.SUBMITTED,
            funding=line,
            kind="disbursement",
            occurred_on=_day(today, 10, 1),
            amount=900_000,
            area=areas["sukabumi-utara-rw-01"],
            households_reached=3,
            people_reached=3,
            unit="paket sembako",
            quantity=3,
            description="Penyaluran susulan 3 paket (menunggu persetujuan)",
        )

    sewing = programs.get("pelatihan-menjahit")
    if sewing and "pondok-labu-rw-03" in areas:
        partner = Partner.objects.filter(name="PT Sinar Sehat Nusantara").first()
        line = _funding(
            sewing,
            f"PKS-CSR/SSN/{year}/04",
            source_kind="csr",
            partner=partner,
            fiscal_year=year,
            amount=24_000_000,
            description="Perjanjian kerja sama CSR: mesin jahit dan honor pelatih",
        )
        book.entry(
            "jahit-commit",
            sewing,
            funding=line,
            kind="commitment",
            occurred_on=_day(today, 5, 20),
            amount=24_000_000,
            area=areas["pondok-labu-rw-03"],
            description="Komitmen CSR PT Sinar Sehat Nusantara",
        )
        book.entry(
            "jahit-mesin",
            sewing,
            funding=line,
            kind="disbursement",
            occurred_on=_day(today, 6, 2),
            amount=15_000_000,
            area=areas["pondok-labu-rw-03"],
            households_reached=10,
            people_reached=10,
            unit="mesin jahit",
            quantity=10,
            description="10 mesin jahit untuk kelas menjahit (barang)",
            evidence_url="https://balai.local/dokumen/bast-mesin-jahit.pdf",
        )
        book.entry(
            "jahit-honor",
            sewing,
            funding=line,
            kind="expenditure",
            occurred_on=_day(today, 7, 30),
            amount=6_000_000,
            area=areas["pondok-labu-rw-03"],
            description="Honor pelatih menjahit (6 pertemuan)",
        )
        _sewing_indicators(sewing, today, staff)

    posyandu = programs.get("posyandu-balita")
    if posyandu and "pondok-labu-rw-05" in areas:
        line = _funding(
            posyandu,
            f"DPA-Kel/{year}/PMT",
            source_kind="dana_kelurahan",
            fiscal_year=year,
            amount=12_000_000,
            description="Pemberian makanan tambahan (PMT) balita",
        )
        _funding(
            posyandu,
            f"Swadaya-RW05/{year}",
            source_kind="swadaya",
            fiscal_year=year,
            amount=1_500_000,
            description="Iuran warga RW 05 untuk timbangan dan meja posyandu",
        )
        book.entry(
            "posyandu-commit",
            posyandu,
            funding=line,
            kind="commitment",
            occurred_on=_day(today, 1, 15),
            amount=12_000_000,
            area=areas["pondok-labu"],
            description="Rencana PMT balita satu tahun",
        )
        for month in range(2, 11, 2):
            book.entry(
                f"posyandu-pmt-{month}",
                posyandu,
                funding=line,
                kind="expenditure",
                occurred_on=_day(today, month, 12),
                amount=2_000_000,
                area=areas["pondok-labu-rw-05"],
                households_reached=45,
                people_reached=52,
                description="Belanja bahan PMT (bubur kacang hijau, telur, buah)",
            )

    command.stdout.write(
        f"Dana & capaian: {FundingLine.objects.count()} sumber dana, "
        f"{LedgerEntry.objects.count()} transaksi ({book.created} baru; "
        f"{LedgerEntry.objects.awaiting_approval().count()} menunggu persetujuan) — "
        "lihat /transparansi/ dan /data/."
    )


def _sewing_indicators(program, today, staff):
    output, _ = Result.objects.get_or_create(
        program=program, level="output", title="Ibu rumah tangga terampil menjahit"
    )
    outcome, _ = Result.objects.get_or_create(
        program=program, level="outcome", title="Peserta memperoleh penghasilan dari menjahit"
    )
    quarter = period_start(today, "quarter")
    previous = period_start(quarter - timedelta(days=1), "quarter")
    specs = [
        (output, "Peserta terdaftar", "enrolled", "number", [(previous, 20), (quarter, 20)]),
        (
            output,
            "Peserta tuntas (hadir minimal ambang sesi)",
            "completed",
            "number",
            [(previous, 15), (quarter, 15)],
        ),
        (
            output,
            "Tingkat kehadiran",
            "attendance_rate",
            "percentage",
            [(previous, 80), (quarter, 85)],
        ),
        (
            outcome,
            "Peserta yang menerima pesanan jahit",
            "manual",
            "number",
            [(previous, 5), (quarter, 8)],
        ),
    ]
    for result, title, source, measure, targets in specs:
        indicator, _ = Indicator.objects.get_or_create(
            result=result,
            title=title,
            defaults={"source": source, "measure": measure, "period": "quarter", "baseline": 0},
        )
        for start, value in targets:
            IndicatorTarget.objects.get_or_create(
                indicator=indicator, period_start=start, defaults={"value": value}
            )
        if source == "manual" and not indicator.actuals.exists():
            IndicatorActual.objects.create(
                indicator=indicator,
                period_start=previous,
                value=4,
                note="Hasil wawancara kader PKK dengan peserta",
                status=ApprovalStatus.APPROVED,
                created_by=staff,
            )
            IndicatorActual.objects.create(
                indicator=indicator,
                period_start=quarter,
                value=7,
                note="Rekap pesanan jahit dari 7 peserta (menunggu persetujuan)",
                status=ApprovalStatus.SUBMITTED,
                created_by=staff,
            )
