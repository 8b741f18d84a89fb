"""Import disbursements from the CSV or XLSX files staff already keep.

`preview(program, name, data)` reads every row and lists its problems in Indonesian;
`import_file(user, program, name, data)` saves the rows, all or nothing, only when every
row is valid, as entries waiting for a moderator's approval. Importing the same file
twice adds nothing: the file's SHA-256 is unique (ImportBatch), and each row's
reference ("ref") is stored as `<program id>:<ref>`, unique across the ledger, so the
same rows in another file are refused too.

Columns (header row, any order; docs/accountability.md and docs/contoh-impor-penyaluran.csv):
ref, tanggal, jenis, jumlah, rw, kk, jiwa, satuan, kuantitas, keterangan, bukti.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accountability.ledger import ACTION_IMPORT, require_staff
from accountability.models import (
    MAX_AMOUNT,
    ApprovalStatus,
    ImportBatch,
    LedgerEntry,
    return_reach_error,
)
from config.errors import DomainError

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
COLUMNS = [
    "ref",
    "tanggal",
    "jenis",
    "jumlah",
    "rw",
    "kk",
    "jiwa",
    "satuan",
    "kuantitas",
    "keterangan",
    "bukti",
]
REQUIRED = ["ref", "tanggal", "jumlah", "rw"]
KINDS = {
    "": LedgerEntry.Kind.DISBURSEMENT,
    "penyaluran": LedgerEntry.Kind.DISBURSEMENT,
    "disbursement": LedgerEntry.Kind.DISBURSEMENT,
    "komitmen": LedgerEntry.Kind.COMMITMENT,
    "commitment": LedgerEntry.Kind.COMMITMENT,
    "belanja": LedgerEntry.Kind.EXPENDITURE,
    "expenditure": LedgerEntry.Kind.EXPENDITURE,
    "pengembalian": LedgerEntry.Kind.RETURN,
    "return": LedgerEntry.Kind.RETURN,
}
INTEGER = re.compile(r"^-?\d+$")
THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


@dataclass
class Row:
    number: int
    values: dict
    errors: list = field(default_factory=list)
    entry: dict = field(default_factory=dict)


@dataclass
class Preview:
    file_name: str
    sha256: str
    rows: list
    errors: list  # problems of the whole file

    @property
    def is_valid(self):
        return not self.errors and bool(self.rows) and not any(r.errors for r in self.rows)

    @property
    def problem_rows(self):
        return [r for r in self.rows if r.errors]


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def _read_table(name, data):
    """[[cell, ...], ...] from CSV (UTF-8, comma or semicolon) or XLSX."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise DomainError(
                _("The XLSX file cannot be read: is it really an Excel file?"), "bad_file"
            ) from error
        sheet = book.worksheets[0]
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
        book.close()
        return table
    if lower.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise DomainError(_("Save the CSV file as UTF-8."), "bad_file") from error
        dialect = (
            ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        )
        return list(csv.reader(io.StringIO(text), delimiter=dialect))
    raise DomainError(_("Upload a .csv or .xlsx file."), "bad_file")


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_amount(value):
    """An amount in whole rupiah from a cell or an API field: 1500000, 1500000.0,
    "1.500.000" or "Rp 1.500.000". The one reading of an amount for the import and the
    API; raises DomainError with a message saying why (codes amount_not_whole,
    amount_not_a_number, amount_too_large)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise DomainError(_("Amount: enter whole rupiah, without cents."), "amount_not_whole")
        number = int(value)
    else:
        text = _text(value).replace(" ", "")
        if text.lower().startswith("rp"):
            text = text[2:]
        if THOUSANDS.match(text):
            text = text.replace(".", "")
        if not INTEGER.match(text):
            raise DomainError(
                _('Amount: "%(v)s" is not a whole number of rupiah.') % {"v": _text(value)},
                "amount_not_a_number",
            )
        number = int(text)
    if abs(number) > MAX_AMOUNT:
        raise DomainError(
            _("Amount: too large (at most Rp 1.000.000.000.000.000)."), "amount_too_large"
        )
    return number


def _parse_amount(value, row):
    try:
        return parse_amount(value)
    except DomainError as error:
        row.errors.append(error.message)
        return None


def _parse_date(value, row):
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = _text(value)
        day = None
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
            try:
                day = datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        if day is None:
            row.errors.append(
                _('Date: "%(v)s" is not a date (use 2026-03-31 or 31/03/2026).') % {"v": text}
            )
            return None
    if day > timezone.localdate():
        row.errors.append(_("Date: %(d)s is in the future.") % {"d": day.isoformat()})
        return None
    return day


def _parse_count(value, label, row):
    text = _text(value)
    if not text:
        return 0
    if not INTEGER.match(text) or int(text) < 0:
        row.errors.append(
            _('%(f)s: "%(v)s" is not zero or a positive whole number.') % {"f": label, "v": text}
        )
        return None
    return int(text)


def _area_lookup(program):
    """{key: area} for the RWs and kelurahan the file may name: by slug anywhere, and by
    name ("RW 03") among those of the program's kelurahan."""
    from pages.models import Area

    lookup = {}
    served = [a.pk for a in program.areas.all()]
    related = set()
    for area in Area.objects.filter(pk__in=served):
        related.update(area.related_ids())
    levels = (Area.Level.RW, Area.Level.VILLAGE)
    for area in Area.objects.filter(pk__in=related, level__in=levels).select_related("parent"):
        lookup.setdefault(area.name.lower(), area)
        lookup[str(area).lower()] = area
    return lookup, levels


def preview(program, name, data):
    if len(data) > MAX_BYTES:
        raise DomainError(_("The file is too large (at most 5 MB)."), "too_large")
    digest = sha256(data)
    table = [r for r in _read_table(name, data) if any(_text(c) for c in r)]
    result = Preview(file_name=name, sha256=digest, rows=[], errors=[])
    if ImportBatch.objects.filter(sha256=digest).exists():
        result.errors.append(_("This file has already been imported; nothing new to add."))
    if not table:
        result.errors.append(_("The file is empty."))
        return result
    header = [_text(c).lower() for c in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        result.errors.append(
            _("Columns missing in the header row: %(c)s.") % {"c": ", ".join(missing)}
        )
        return result
    if len(table) - 1 > MAX_ROWS:
        result.errors.append(_("At most %(n)s rows per file.") % {"n": MAX_ROWS})
        return result

    from pages.models import Area

    lookup, levels = _area_lookup(program)
    slugs = {}
    wanted = {_text(r[header.index("rw")]) for r in table[1:] if len(r) > header.index("rw")}
    for area in Area.objects.filter(slug__in=wanted, level__in=levels).select_related("parent"):
        slugs[area.slug] = area
    refs_seen = {}
    for number, cells in enumerate(table[1:], start=2):
        values = {col: (cells[i] if i < len(cells) else None) for i, col in enumerate(header)}
        row = Row(number=number, values={c: _text(values.get(c)) for c in COLUMNS})
        ref = _text(values.get("ref"))
        if not ref:
            row.errors.append(_("Ref: each row needs its own reference (receipt number)."))
        elif ref in refs_seen:
            row.errors.append(
                _('Ref: "%(r)s" is repeated (also on row %(n)s).') % {"r": ref, "n": refs_seen[ref]}
            )
        else:
            refs_seen[ref] = number
        kind = KINDS.get(_text(values.get("jenis")).lower())
        if kind is None:
            row.errors.append(
                _('Kind: "%(v)s" is unknown (penyaluran, komitmen, belanja, pengembalian).')
                % {"v": _text(values.get("jenis"))}
            )
        amount = _parse_amount(values.get("jumlah"), row)
        if amount is not None and kind is not None:
            if kind == LedgerEntry.Kind.RETURN and amount > 0:
                amount = -amount  # a return is negative, however the sheet writes it
            elif kind != LedgerEntry.Kind.RETURN and amount < 0:
                row.errors.append(_('Amount: cannot be negative (use kind "pengembalian").'))
        day = _parse_date(values.get("tanggal"), row)
        rw_text = _text(values.get("rw"))
        area = slugs.get(rw_text) or lookup.get(rw_text.lower())
        if area is None:
            row.errors.append(
                _('RW: "%(v)s" is not an RW or kelurahan this program serves.') % {"v": rw_text}
            )
        households = _parse_count(values.get("kk"), "KK", row)
        people = _parse_count(values.get("jiwa"), _("People"), row)
        message = return_reach_error(kind, households, people)
        if message:
            row.errors.append(message)
        unit = _text(values.get("satuan"))
        quantity = (
            _parse_count(values.get("kuantitas"), _("Quantity"), row)
            if _text(values.get("kuantitas"))
            else None
        )
        if bool(unit) != (quantity is not None):
            row.errors.append(_("In-kind aid: give both the unit and the quantity."))
        evidence = _text(values.get("bukti"))
        if evidence:
            try:
                URLValidator()(evidence)
            except ValidationError:
                row.errors.append(_('Evidence: "%(v)s" is not a web address.') % {"v": evidence})
        if not row.errors:
            row.entry = {
                "kind": kind,
                "occurred_on": day,
                "amount": amount,
                "area": area,
                "households_reached": households,
                "people_reached": people,
                "unit": unit,
                "quantity": quantity,
                "description": _text(values.get("keterangan"))[:250],
                "evidence_url": evidence,
                "external_ref": f"{program.pk}:{ref}"[:80],
            }
        result.rows.append(row)

    refs = [r.entry["external_ref"] for r in result.rows if r.entry]
    known = set(
        LedgerEntry.objects.filter(external_ref__in=refs).values_list("external_ref", flat=True)
    )
    for row in result.rows:
        if row.entry and row.entry["external_ref"] in known:
            row.errors.append(_("Ref: this row is already in the ledger (imported before)."))
            row.entry = {}
    return result


def import_file(user, program, name, data):
    """Save every row as an entry waiting for approval, or nothing. Returns the batch."""
    require_staff(user)
    result = preview(program, name, data)
    if not result.is_valid:
        raise DomainError(
            _("Nothing was imported: fix the problems listed and upload the file again."),
            "invalid_file",
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                program=program,
                file_name=name[:200],
                sha256=result.sha256,
                rows=len(result.rows),
                imported_by=user,
            )
            LedgerEntry.objects.bulk_create(
                [
                    LedgerEntry(
                        program=program,
                        import_batch=batch,
                        created_by=user,
                        status=ApprovalStatus.SUBMITTED,
                        submitted_at=now,
                        **row.entry,
                    )
                    for row in result.rows
                ]
            )
            log(batch, ACTION_IMPORT, user=user, data={"rows": batch.rows, "file": name})
    except IntegrityError as error:
        raise DomainError(
            _("This file (or some of its rows) has already been imported."), "duplicate", 409
        ) from error
    return batch
