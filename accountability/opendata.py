"""Open data at /data/: each dataset at a stable URL as CSV and JSON, described by one
datapackage.json (Frictionless Data Package; money per the Fiscal Data Package: currency
IDR, direction, phase), every column explained in Indonesian and English, CC BY 4.0.

Only public figures: approved transactions, counts of people with small cells as "< 5"
(the missing value the schema declares, so a validator reads it as "withheld").
"""

import csv
import functools
import io
import json

from django.core.serializers.json import DjangoJSONEncoder

from accountability.indicators import indicator_rows, people_by_area_month
from accountability.models import FundingLine, Indicator, LedgerEntry
from community.public_counts import SUPPRESSED, suppress_small
from events.exports import csv_safe

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def F(name, type_, id_text, en_text, **extra):
    return {
        "name": name,
        "type": type_,
        "description": f"{id_text} / {en_text}",
        "description_id": id_text,
        "description_en": en_text,
        **extra,
    }


# Rows are read as plain values (no model instances: a ProgramPage instance parses its
# StreamFields, which cost about 0.2 ms a row), CHUNK rows per fetch, in a constant
# number of queries whatever the number of rows.
CHUNK = 2000


def _area_labels(area_ids):
    """{area id: its name as the site writes it (Area.__str__)}, for the few areas used."""
    from pages.models import Area

    return {
        area.pk: str(area) for area in Area.objects.filter(pk__in=area_ids).select_related("parent")
    }


def _funding_rows():
    qs = FundingLine.objects.order_by("fiscal_year", "pk").values_list(
        "pk",
        "program_id",
        "program__title",
        "source_kind",
        "partner__name",
        "fiscal_year",
        "amount",
        "document_number",
        "document_url",
        "description",
    )
    for pk, program_id, title, source, partner, year, amount, number, url, text in qs.iterator(
        chunk_size=CHUNK
    ):
        yield {
            "id": pk,
            "program_id": program_id,
            "program": title,
            "source_kind": source,
            "partner": partner or "",
            "fiscal_year": year,
            "amount": int(amount),
            "currency": "IDR",
            "document_number": number,
            "document_url": url,
            "description": text,
        }


def _transaction_rows():
    public = LedgerEntry.objects.public()
    areas = _area_labels(public.order_by().values("area_id").distinct())
    iati = LedgerEntry.IATI_CODES
    qs = public.order_by("occurred_on", "pk").values_list(
        "pk",
        "program_id",
        "program__title",
        "funding_id",
        "funding__source_kind",
        "kind",
        "occurred_on",
        "amount",
        "area_id",
        "households_reached",
        "people_reached",
        "unit",
        "quantity",
        "reverses_id",
        "description",
    )
    for (
        pk,
        program_id,
        title,
        funding_id,
        source,
        kind,
        occurred_on,
        amount,
        area_id,
        households,
        people,
        unit,
        quantity,
        reverses_id,
        text,
    ) in qs.iterator(chunk_size=CHUNK):
        yield {
            "id": pk,
            "program_id": program_id,
            "program": title,
            "funding_id": funding_id,
            "source_kind": source or "",
            "kind": kind,
            "iati_transaction_type": iati[kind],
            "date": occurred_on.isoformat(),
            "amount": int(amount),
            "currency": "IDR",
            "area": areas[area_id],
            "households_reached": suppress_small(households),
            "people_reached": suppress_small(people),
            "unit": unit,
            "quantity": quantity,
            "reverses_id": reverses_id,
            "description": text,
        }


def _indicator_rows():
    from pages.models import ProgramPage

    program_ids = (
        Indicator.objects.order_by().values_list("result__program_id", flat=True).distinct()
    )
    for program in ProgramPage.objects.filter(pk__in=program_ids).order_by("pk"):
        for row in indicator_rows(program):
            ind = row["indicator"]
            for period in row["periods"]:
                actual = period["actual"]
                if actual is not None and row["is_count_of_people"]:
                    actual = suppress_small(int(actual))
                yield {
                    "program_id": program.pk,
                    "program": program.title,
                    "result": row["result"].title,
                    "result_level": row["result"].level,
                    "indicator_id": ind.pk,
                    "indicator": ind.title,
                    "source": ind.source,
                    "measure": "percentage" if row["percentage"] else "number",
                    "higher_is_better": ind.higher_is_better,
                    "baseline": str(ind.baseline),
                    "period": period["label"],
                    "target": None if period["target"] is None else str(period["target"]),
                    "actual": None if actual is None else str(actual),
                }


def _people_rows():
    for row in people_by_area_month():
        yield {
            **row,
            "enrolled": suppress_small(row["enrolled"]),
            "attended": suppress_small(row["attended"]),
            "completed": suppress_small(row["completed"]),
        }


DATASETS = {
    "funding": {
        "title": "Sumber dana program / Program funding",
        "description_id": "Setiap baris adalah satu sumber dana sebuah program per tahun anggaran.",
        "description_en": "Each row is one funding line of a program for a fiscal year.",
        "rows": _funding_rows,
        "fiscal": {"direction": "expenditure", "phase": "approved"},
        "fields": [
            F("id", "integer", "Nomor baris dana", "Funding line id"),
            F("program_id", "integer", "ID halaman program", "Program page id"),
            F("program", "string", "Nama program", "Program name"),
            F(
                "source_kind",
                "string",
                "Jenis sumber dana (apbn, apbd_provinsi, apbd_kota, dana_kelurahan, csr, "
                "ngo, swadaya)",
                "Kind of source",
            ),
            F("partner", "string", "Mitra pemberi dana (bila ada)", "Funding partner, if any"),
            F(
                "fiscal_year",
                "year",
                "Tahun anggaran",
                "Fiscal year",
                columnType="date:fiscal-year",
            ),
            F(
                "amount",
                "integer",
                "Jumlah dalam rupiah penuh",
                "Amount in whole rupiah",
                columnType="value",
            ),
            F("currency", "string", "Mata uang (IDR)", "Currency (IDR)"),
            F("document_number", "string", "Nomor dokumen (DPA/SK)", "Legal document number"),
            F("document_url", "string", "Tautan dokumen", "Document link"),
            F("description", "string", "Keterangan", "Description"),
        ],
    },
    "transactions": {
        "title": "Transaksi buku besar / Ledger transactions",
        "description_id": "Transaksi yang sudah disetujui moderator (IATI: komitmen, penyaluran, "
        "belanja, pengembalian). Koreksi tercatat sebagai transaksi pembalik.",
        "description_en": "Approved transactions (IATI: commitment, disbursement, expenditure, "
        "return). A correction is a reversing transaction.",
        "rows": _transaction_rows,
        "fiscal": {"direction": "expenditure", "phase": "executed"},
        "fields": [
            F("id", "integer", "Nomor transaksi", "Transaction id"),
            F("program_id", "integer", "ID halaman program", "Program page id"),
            F("program", "string", "Nama program", "Program name"),
            F("funding_id", "integer", "Nomor baris dana (bila ada)", "Funding line id, if any"),
            F("source_kind", "string", "Jenis sumber dana", "Kind of source"),
            F(
                "kind",
                "string",
                "Jenis transaksi (commitment, disbursement, expenditure, return)",
                "Transaction kind",
            ),
            F(
                "iati_transaction_type",
                "string",
                "Kode jenis transaksi IATI",
                "IATI TransactionType code",
            ),
            F("date", "date", "Tanggal transaksi", "Transaction date", columnType="date:generic"),
            F(
                "amount",
                "integer",
                "Jumlah dalam rupiah penuh (negatif: pengembalian/pembalik)",
                "Amount in whole rupiah (negative: return/reversal)",
                columnType="value",
            ),
            F("currency", "string", "Mata uang (IDR)", "Currency (IDR)"),
            F("area", "string", "Wilayah (RW atau kelurahan)", "Area (RW or kelurahan)"),
            F(
                "households_reached",
                "integer",
                'Keluarga penerima ("< 5" disamarkan; bisa terhitung ganda antar transaksi)',
                'Households reached ("< 5" withheld; may double count across entries)',
            ),
            F(
                "people_reached",
                "integer",
                'Jiwa penerima ("< 5" disamarkan; bisa terhitung ganda antar transaksi)',
                'People reached ("< 5" withheld; may double count across entries)',
            ),
            F("unit", "string", "Satuan bantuan barang", "Unit of in-kind aid"),
            F("quantity", "integer", "Jumlah barang", "Quantity of in-kind aid"),
            F(
                "reverses_id",
                "integer",
                "Transaksi yang dibalik (koreksi)",
                "Transaction this one reverses",
            ),
            F("description", "string", "Keterangan", "Description"),
        ],
    },
    "indicators": {
        "title": "Indikator dan capaian / Indicators and results",
        "description_id": "Target dan capaian per periode untuk setiap indikator program.",
        "description_en": "Targets and actuals per period of every program indicator.",
        "rows": _indicator_rows,
        "fields": [
            F("program_id", "integer", "ID halaman program", "Program page id"),
            F("program", "string", "Nama program", "Program name"),
            F("result", "string", "Hasil yang dituju", "Result"),
            F("result_level", "string", "Tingkat hasil (output/outcome)", "Result level"),
            F("indicator_id", "integer", "Nomor indikator", "Indicator id"),
            F("indicator", "string", "Nama indikator", "Indicator"),
            F(
                "source",
                "string",
                "Sumber angka (manual atau dihitung Balai)",
                "Source of the figures (manual or computed by Balai)",
            ),
            F("measure", "string", "Ukuran (number/percentage)", "Measure"),
            F("higher_is_better", "boolean", "Makin tinggi makin baik", "Higher is better"),
            F("baseline", "number", "Nilai awal", "Baseline"),
            F("period", "string", "Periode (YYYY-MM atau YYYY-Qn)", "Period"),
            F("target", "number", "Target periode", "Target for the period"),
            F("actual", "number", 'Capaian periode ("< 5" disamarkan)', 'Actual ("< 5" withheld)'),
        ],
    },
    "people": {
        "title": "Peserta per RW dan bulan / Participants by RW and month",
        "description_id": "Jumlah orang (sekali per orang) yang terdaftar, hadir, dan tuntas "
        "mengikuti kegiatan program, per RW tempat tinggal dan bulan.",
        "description_en": "People (each once) enrolled, attending and completing program "
        "activities, by home RW and month.",
        "rows": _people_rows,
        "fields": [
            F("program_id", "integer", "ID halaman program", "Program page id"),
            F("program", "string", "Nama program", "Program name"),
            F("area", "string", "RW tempat tinggal peserta", "Participants' home RW"),
            F("month", "yearmonth", "Bulan", "Month"),
            F("enrolled", "integer", 'Terdaftar ("< 5" disamarkan)', 'Enrolled ("< 5" withheld)'),
            F("attended", "integer", "Hadir minimal sekali", "Attended at least once"),
            F(
                "completed",
                "integer",
                "Tuntas sesuai ambang kegiatan",
                "Completed (event's threshold)",
            ),
        ],
    },
}


def field_names(name):
    return [f["name"] for f in DATASETS[name]["fields"]]


def rows(name):
    return DATASETS[name]["rows"]()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A CSV cell: booleans as true/false, None empty, and text that a spreadsheet
    would run as a formula (a partner's pledge description, an imported row) guarded
    the way the roster export guards names (events.exports.csv_safe). JSON keeps the
    text as it is."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return csv_safe(value)
    return value


def csv_pieces(name, rows_per_piece=CHUNK):
    """The CSV text in pieces of `rows_per_piece` rows (the header first): what
    /data/<name>.csv streams."""
    names = field_names(name)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for n, row in enumerate(rows(name), 1):
        writer.writerow([_cell(row[k]) for k in names])
        if n % rows_per_piece == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def as_csv(name):
    return "".join(csv_pieces(name))


def json_pieces(name, rows_per_piece=CHUNK):
    """`{"name", "license", "rows": [...]}` in pieces, the same text json.dumps writes
    for the whole document (DjangoJSONEncoder, UTF-8 kept as is)."""
    dumps = functools.partial(json.dumps, cls=DjangoJSONEncoder, ensure_ascii=False)
    pending = [f'{{"name": {dumps(name)}, "license": {dumps(LICENSE["name"])}, "rows": [']
    for n, row in enumerate(rows(name)):
        pending.append(", " + dumps(row) if n else dumps(row))
        if len(pending) >= rows_per_piece:
            yield "".join(pending)
            pending = []
    pending.append("]}")
    yield "".join(pending)


def datapackage(base_url=""):
    resources = []
    measures = {}
    for name, spec in DATASETS.items():
        resource = {
            "name": name,
            "title": spec["title"],
            "description": f"{spec['description_id']} / {spec['description_en']}",
            "path": f"{base_url}{name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "profile": "tabular-data-resource",
            "licenses": [LICENSE],
            "schema": {
                "fields": [dict(f) for f in spec["fields"]],
                "missingValues": ["", SUPPRESSED],
            },
        }
        if "fiscal" in spec:
            measures[f"{name}_amount"] = {
                "source": "amount",
                "resource": name,
                "currency": "IDR",
                "factor": 1,
                **spec["fiscal"],
            }
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": "balai-transparansi",
        "title": "Balai: dana dan capaian program / program funding and results",
        "description": (
            "Data terbuka sumber dana, transaksi yang disetujui, indikator, dan peserta "
            'program kesejahteraan sosial kelurahan. Angka orang di bawah 5 ditulis "< 5". '
            "/ Open data on funding, approved transactions, indicators and participants."
        ),
        "licenses": [LICENSE],
        "resources": resources,
        "model": {"measures": measures, "dimensions": {}},
    }
