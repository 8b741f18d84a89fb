"""The accountability API: /api/transparency/ and /api/programs/{id}/funding|indicators/.

Public reads show approved figures only, with counts of people under 5 as "< 5" (the
same rule as the pages and the open data). Staff record ledger entries through
/api/transparency/entries/ (the same rules as the admin: accountability.ledger); only a
moderator approves, and an approved entry answers 409 to any change.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import BeforeValidator

from accountability import importer, ledger, reports
from accountability.indicators import indicator_rows
from accountability.models import MAX_AMOUNT, FundingLine, LedgerEntry
from accountability.views import parse_filters
from community.public_counts import suppress_small
from config import content_version
from config.api_auth import resident_auth
from config.api_schemas import error_responses
from config.errors import DomainError
from pages.models import Area, ProgramPage

transparency_router = Router(tags=["transparency"])
programs_router = Router(tags=["programs"])

Count = int | str  # a count of people, or "< 5"


class FiguresOut(Schema):
    allocated: int | None = None
    committed: int
    disbursed: int
    spent: int
    households_reached: Count
    people_reached: Count
    over_committed: bool = Field(description="Disbursed more than committed: check the ledger")
    may_double_count: bool = Field(
        True, description="Reach is summed from entries: a household may be counted twice"
    )


class SourceOut(FiguresOut):
    source: str
    label: str


class AreaOut(FiguresOut):
    area_id: int
    area: str


class YearOut(FiguresOut):
    year: int


class ProgramFiguresOut(FiguresOut):
    program_id: int
    title: str
    url: str | None


class TransparencyOut(Schema):
    year: int | None
    area: str | None
    program: int | None
    totals: FiguresOut
    by_source: list[SourceOut]
    by_area: list[AreaOut]
    by_year: list[YearOut]
    by_program: list[ProgramFiguresOut]


class TransparencyQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Fiscal / calendar year")
    area: str | None = Field(None, description="Area slug (the areas inside it count too)")
    program: int | None = Field(None, description="Program page id")


def _public(row):
    return reports.public_counts(row)


@transparency_router.get("/", response={200: TransparencyOut, **error_responses()})
def transparency(request, filters: Query[TransparencyQuery]):
    """Totals, by source, by area, by year and by program (approved entries only)."""
    parsed = parse_filters({"year": filters.year, "area": filters.area, "program": filters.program})
    # The same for every caller: the rendered JSON is kept under the content version
    # (about 200 KB at city scale; building it costs more than the cached summary).
    return content_version.cached_json(
        request, "accountability:api:transparency", lambda: _transparency(parsed), TransparencyOut
    )


def _transparency(parsed):
    data = reports.cached_transparency(parsed)
    by_program = []
    for row in data["by_program"]:
        row = _public(row)
        row["url"] = row.pop("page").url
        by_program.append(row)
    return {
        "year": parsed.year,
        "area": parsed.area.slug if parsed.area else None,
        "program": parsed.program.pk if parsed.program else None,
        "totals": _public(data["totals"]),
        "by_source": [_public(r) for r in data["by_source"]],
        "by_area": [_public(r) for r in data["by_area"]],
        "by_year": [_public(r) for r in data["by_year"]],
        "by_program": by_program,
    }


class FundingLineOut(Schema):
    id: int
    source_kind: str
    source_label: str
    partner: str | None
    fiscal_year: int
    amount: int
    document_number: str
    document_url: str
    description: str


class TransactionOut(Schema):
    id: int
    kind: str
    iati_transaction_type: str
    date: dt.date
    amount: int
    area: str
    households_reached: Count
    people_reached: Count
    unit: str
    quantity: int | None
    description: str
    evidence_url: str
    reverses: int | None
    reversed_by: int | None
    status: str


class PeopleOut(Schema):
    enrolled: Count
    attended: Count
    completed: Count


class FundingOut(Schema):
    program_id: int
    title: str
    summary: FiguresOut
    people: PeopleOut
    lines: list[FundingLineOut]
    transactions: list[TransactionOut]
    transactions_count: int
    page: int
    pages: int


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(50, ge=1, le=200)


def _program(program_id):
    return get_object_or_404(ProgramPage.objects.live().public(), pk=program_id)


def transaction_data(entry):
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "iati_transaction_type": entry.iati_code,
        "date": entry.occurred_on,
        "amount": int(entry.amount),
        "area": str(entry.area),
        "households_reached": suppress_small(entry.households_reached),
        "people_reached": suppress_small(entry.people_reached),
        "unit": entry.unit,
        "quantity": entry.quantity,
        "description": entry.description,
        "evidence_url": entry.evidence_url,
        "reverses": entry.reverses_id,
        "reversed_by": getattr(entry, "reversed_by_id", None),
        "status": entry.status,
    }


@programs_router.get(
    "/{int:program_id}/funding/",
    response={200: FundingOut, **error_responses(404)},
    url_name="program_funding",
)
def program_funding(request, program_id: int, paging: Query[PageQuery]):
    """Funding lines, the ledger summary and the approved transactions (newest first)."""
    program = _program(program_id)
    from django.db.models import OuterRef, Subquery

    entries = (
        LedgerEntry.objects.public()
        .filter(program=program)
        .select_related("area__parent")
        .annotate(
            reversed_by_id=Subquery(
                LedgerEntry.objects.filter(reverses=OuterRef("pk")).values("pk")[:1]
            )
        )
        .order_by("-occurred_on", "-pk")
    )
    count = entries.count()
    size = paging.page_size
    start = (paging.page - 1) * size
    lines = FundingLine.objects.filter(program=program).select_related("partner")
    return {
        "program_id": program.pk,
        "title": program.title,
        "summary": _public(reports.program_money(program)),
        "people": {k: suppress_small(v) for k, v in reports.program_people(program).items()},
        "lines": [
            {
                "id": line.pk,
                "source_kind": line.source_kind,
                "source_label": line.get_source_kind_display(),
                "partner": line.partner.name if line.partner_id else None,
                "fiscal_year": line.fiscal_year,
                "amount": int(line.amount),
                "document_number": line.document_number,
                "document_url": line.document_url,
                "description": line.description,
            }
            for line in lines
        ],
        "transactions": [transaction_data(e) for e in entries[start : start + size]],
        "transactions_count": count,
        "page": paging.page,
        "pages": max((count + size - 1) // size, 1),
    }


class PeriodOut(Schema):
    period: str
    start: dt.date
    target: Decimal | None
    actual: Decimal | str | None


class AreaValueOut(Schema):
    area_id: int | None = Field(description="The area's id (none: no home area given)")
    area: str = Field(description='"RW 01", or "RW 01, Kelurahan ..." where two share a name')
    value: Decimal | str


class IndicatorOut(Schema):
    id: int
    title: str
    result: str
    result_level: str
    source: str
    computed: bool
    measure: str
    higher_is_better: bool
    baseline: Decimal
    needs: int | None
    may_double_count: bool
    behind_target: bool
    periods: list[PeriodOut]
    by_area: list[AreaValueOut] = Field(
        description="Computed indicators: the program's figure by the residents' RW"
    )


class IndicatorsOut(Schema):
    program_id: int
    indicators: list[IndicatorOut]


def indicator_data(row):
    ind = row["indicator"]
    periods = []
    for p in row["periods"]:
        actual = p["actual"]
        if actual is not None and row["is_count_of_people"]:
            actual = suppress_small(int(actual))
        periods.append(
            {"period": p["label"], "start": p["start"], "target": p["target"], "actual": actual}
        )
    return {
        "id": ind.pk,
        "title": ind.title,
        "result": row["result"].title,
        "result_level": row["result"].level,
        "source": ind.source,
        "computed": row["computed"],
        "measure": "percentage" if row["percentage"] else "number",
        "higher_is_better": ind.higher_is_better,
        "baseline": ind.baseline,
        "needs": row["needs"],
        "may_double_count": row["may_double_count"],
        "behind_target": row["behind"],
        "periods": periods,
        "by_area": [
            {
                "area_id": a["area_id"],
                "area": a["area"],
                "value": suppress_small(int(a["value"]))
                if row["is_count_of_people"]
                else a["value"],
            }
            for a in row["by_area"]
        ],
    }


@programs_router.get(
    "/{int:program_id}/indicators/",
    response={200: IndicatorsOut, **error_responses(404)},
    url_name="program_indicators",
)
def program_indicators(request, program_id: int):
    """Indicators with baseline, targets and actuals per period (approved figures)."""
    program = _program(program_id)
    return {
        "program_id": program.pk,
        "indicators": [indicator_data(row) for row in indicator_rows(program)],
    }


# --- Staff: record, submit, approve, reverse ---------------------------------------


def _amount(value):
    """The import's reading of an amount (accountability.importer.parse_amount): over the
    limit, with cents or not a number answers 422 {detail, code} saying why, not only
    that the field is invalid."""
    if value is None:
        return None
    try:
        return importer.parse_amount(value)
    except DomainError as error:
        raise DomainError(error.message, error.code, status=422) from error


Amount = Annotated[int, BeforeValidator(_amount)]
AMOUNT_FIELD = {
    "description": "Whole rupiah (a return is negative)",
    "json_schema_extra": {"minimum": -MAX_AMOUNT, "maximum": MAX_AMOUNT},
}


class EntryIn(Schema):
    program: int
    kind: LedgerEntry.Kind
    date: dt.date
    amount: Amount = Field(**AMOUNT_FIELD)
    area: str = Field(description="Area slug (an RW or kelurahan)")
    households_reached: int = Field(0, ge=0, le=10**7)
    people_reached: int = Field(0, ge=0, le=10**8)
    unit: str = Field("", max_length=40)
    quantity: int | None = Field(None, ge=0, le=10**9)
    description: str = Field("", max_length=250)
    evidence_url: str = Field("", max_length=200)
    funding: int | None = None
    submit: bool = False


class EntryPatch(Schema):
    date: dt.date | None = None
    amount: Amount | None = Field(None, **AMOUNT_FIELD)
    area: str | None = None
    households_reached: int | None = Field(None, ge=0, le=10**7)
    people_reached: int | None = Field(None, ge=0, le=10**8)
    description: str | None = Field(None, max_length=250)
    evidence_url: str | None = Field(None, max_length=200)


class ReverseIn(Schema):
    reason: str = Field("", max_length=200)


def _area(slug):
    area = Area.objects.filter(slug=slug).first()
    if area is None:
        raise DomainError(_('Unknown area "%(slug)s".') % {"slug": slug}, "unknown_area")
    return area


def _entry(entry_id):
    return get_object_or_404(LedgerEntry, pk=entry_id)


def _entry_fields(payload, exclude=("program", "submit")):
    data = payload.dict(exclude_unset=True, exclude=set(exclude))
    fields = {}
    for name, value in data.items():
        if name == "date":
            fields["occurred_on"] = value
        elif name == "area":
            fields["area"] = _area(value)
        elif name == "funding":
            fields["funding"] = (
                FundingLine.objects.filter(pk=value).first() if value is not None else None
            )
        elif name == "kind":
            fields["kind"] = str(value.value if hasattr(value, "value") else value)
        elif value is not None:
            fields[name] = value
    return fields


@transparency_router.post(
    "/entries/",
    response={201: TransactionOut, **error_responses(400, 401, 403, 404)},
    auth=resident_auth,
)
def create_entry(request, payload: EntryIn):
    """Record an entry (staff): a draft, or submitted for approval with `submit`."""
    program = get_object_or_404(ProgramPage, pk=payload.program)
    entry = ledger.create_entry(
        request.auth, program, submit=payload.submit, **_entry_fields(payload)
    )
    return Status(201, transaction_data(entry))


@transparency_router.patch(
    "/entries/{int:entry_id}/",
    response={200: TransactionOut, **error_responses(400, 401, 403, 404, 409)},
    auth=resident_auth,
)
def update_entry(request, entry_id: int, payload: EntryPatch):
    """Change a draft or submitted entry (staff). An approved entry answers 409."""
    entry = ledger.update_entry(request.auth, _entry(entry_id), **_entry_fields(payload))
    return transaction_data(entry)


@transparency_router.post(
    "/entries/{int:entry_id}/submit/",
    response={200: TransactionOut, **error_responses(401, 403, 404, 409)},
    auth=resident_auth,
)
def submit_entry(request, entry_id: int):
    return transaction_data(ledger.submit(request.auth, _entry(entry_id)))


@transparency_router.post(
    "/entries/{int:entry_id}/approve/",
    response={200: TransactionOut, **error_responses(401, 403, 404, 409)},
    auth=resident_auth,
)
def approve_entry(request, entry_id: int):
    """Approve a submitted entry (moderators only); it is public and final."""
    return transaction_data(ledger.approve(request.auth, _entry(entry_id)))


@transparency_router.post(
    "/entries/{int:entry_id}/reverse/",
    response={201: TransactionOut, **error_responses(401, 403, 404, 409)},
    auth=resident_auth,
)
def reverse_entry(request, entry_id: int, payload: ReverseIn):
    """Correct an approved entry with a reversing entry (staff), waiting for approval."""
    return Status(
        201, transaction_data(ledger.reverse(request.auth, _entry(entry_id), payload.reason))
    )
