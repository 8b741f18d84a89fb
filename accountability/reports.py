"""Reads: money and reach summaries for the public pages, the API, the dashboard and the
open data alike (one way to read each figure). Each function costs a fixed number of
grouped queries, however many programs and transactions there are.

Terms (the same everywhere):
- allocated: the sum of the funding lines;
- committed: commitments; disbursed: disbursements plus returns (negative); spent:
  expenditures. Reversals carry their original's kind, so they net out inside it.
- households/people reached: summed from disbursements and expenditures (a return
  reaches nobody). An entry counts the people it reached; two entries may count the
  same household, so these are flagged `may_double_count` (Balai's own enrollment
  figures count each person once).
- over_committed: disbursed > committed, shown next to the figures, never hidden.
"""

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from accountability.models import FundingLine, LedgerEntry, SourceKind
from community.public_counts import suppress_small
from config import content_version
from pages.models import Area

REACH_KINDS = (LedgerEntry.Kind.DISBURSEMENT, LedgerEntry.Kind.RETURN)
# Whom the aid reached: disbursements and expenditures (supplementary food for toddlers
# reaches people too). A commitment (a promise) reaches nobody yet, and a return (money
# coming back) reaches nobody: returns carry 0 (models.return_reach_error) and are left
# out here, so no return recorded before that rule can add to the reach either.
PEOPLE_KINDS = (LedgerEntry.Kind.DISBURSEMENT, LedgerEntry.Kind.EXPENDITURE)


def _int(value):
    return int(value or 0)


def _money_sums():
    return {
        "committed": Sum("amount", filter=Q(kind=LedgerEntry.Kind.COMMITMENT)),
        "disbursed": Sum("amount", filter=Q(kind__in=REACH_KINDS)),
        "spent": Sum("amount", filter=Q(kind=LedgerEntry.Kind.EXPENDITURE)),
        "households": Sum("households_reached", filter=Q(kind__in=PEOPLE_KINDS)),
        "people": Sum("people_reached", filter=Q(kind__in=PEOPLE_KINDS)),
        "entries": Count("pk"),
    }


def _figures(allocated, row):
    committed = _int(row.get("committed"))
    disbursed = _int(row.get("disbursed"))
    return {
        "allocated": _int(allocated),
        "committed": committed,
        "disbursed": disbursed,
        "spent": _int(row.get("spent")),
        "households_reached": _int(row.get("households")),
        "people_reached": _int(row.get("people")),
        "over_committed": disbursed > committed,
        "entries": _int(row.get("entries")),
    }


def public_counts(figures):
    """The figures with their counts of people suppressed (< 5), for publishing."""
    out = dict(figures)
    for key in ("households_reached", "people_reached"):
        if key in out:
            out[key] = suppress_small(out[key])
    return out


class Filters:
    """year / area (with the areas inside it) / program, as /transparansi/ and the API
    take them."""

    def __init__(self, year=None, area=None, program=None):
        self.year, self.area, self.program = year, area, program
        self._area_ids = None

    def area_ids(self):
        if self._area_ids is None and self.area is not None:
            self._area_ids = [self.area.pk, *self.area.descendant_ids()]
        return self._area_ids

    def entries(self, queryset=None):
        qs = (queryset if queryset is not None else LedgerEntry.objects).public()
        if self.year:
            qs = qs.filter(occurred_on__year=self.year)
        if self.program is not None:
            qs = qs.filter(program=self.program)
        if self.area is not None:
            qs = qs.filter(area_id__in=self.area_ids())
        return qs

    def funding(self):
        qs = FundingLine.objects.all()
        if self.year:
            qs = qs.filter(fiscal_year=self.year)
        if self.program is not None:
            qs = qs.filter(program=self.program)
        if self.area is not None:
            # Funding has no place of its own: the lines of programs serving the area
            # (an IN subquery, so a program serving two of those areas counts once).
            from pages.models import ProgramPage

            serving = ProgramPage.objects.filter(areas__in=self.area.related_ids()).values("pk")
            qs = qs.filter(program_id__in=serving)
        return qs


CACHE_SECONDS = 300


def cached_transparency(filters):
    """`transparency(filters)`, cached under the site's content version
    (config.content_version: any funding or ledger save bumps it, see
    accountability.apps), at most CACHE_SECONDS."""
    version = content_version.current()  # before the data
    key = "accountability:transparency:{}:{}:{}:{}".format(
        version,
        filters.year or "",
        filters.area.pk if filters.area else "",
        filters.program.pk if filters.program else "",
    )
    data = cache.get(key)
    if data is None:
        data = transparency(filters)
        cache.set(key, data, CACHE_SECONDS)
    return data


def transparency(filters):
    """Totals, by source, by area (RW or kelurahan), by year and by program."""
    entries = filters.entries()
    funding = filters.funding()

    totals = _figures(funding.aggregate(s=Sum("amount"))["s"], entries.aggregate(**_money_sums()))

    allocated_by_source = dict(
        funding.order_by().values_list("source_kind").annotate(s=Sum("amount"))
    )
    # Grouped by the small keys only (funding line, area), names joined in Python: a
    # GROUP BY over the ledger without joins stays fast at city scale.
    by_funding = list(entries.order_by().values("funding_id").annotate(**_money_sums()))
    kinds = dict(
        FundingLine.objects.filter(pk__in=[r["funding_id"] for r in by_funding if r["funding_id"]])
        .order_by()
        .values_list("pk", "source_kind")
    )
    by_source_rows = {}
    for row in by_funding:
        kind = kinds.get(row["funding_id"])
        merged = by_source_rows.setdefault(kind, {})
        for key, value in row.items():
            if key != "funding_id":
                merged[key] = (merged.get(key) or 0) + (value or 0)
    by_source = []
    for kind, label in [*SourceKind.choices, (None, _unassigned_label())]:
        allocated = allocated_by_source.get(kind)
        row = by_source_rows.get(kind, {})
        if allocated is None and not row:
            continue
        by_source.append({"source": kind or "", "label": str(label), **_figures(allocated, row)})

    area_rows = list(entries.order_by().values("area_id").annotate(**_money_sums()))
    areas = Area.objects.select_related("parent").in_bulk([r["area_id"] for r in area_rows])
    by_area = []
    for row in sorted(area_rows, key=lambda r: _area_sort_key(areas[r["area_id"]])):
        area = areas[row["area_id"]]
        figures = _figures(None, row)
        del figures["allocated"]
        by_area.append({"area_id": area.pk, "area": str(area), **figures})

    allocated_by_year = dict(
        funding.order_by().values_list("fiscal_year").annotate(s=Sum("amount"))
    )
    entry_years = {
        row["year"]: row
        for row in entries.order_by()
        .annotate(year=ExtractYear("occurred_on"))
        .values("year")
        .annotate(**_money_sums())
    }
    by_year = [
        {"year": year, **_figures(allocated_by_year.get(year), entry_years.get(year, {}))}
        for year in sorted(set(allocated_by_year) | set(entry_years), reverse=True)
    ]

    by_program = program_figures(filters)
    return {
        "totals": totals,
        "by_source": by_source,
        "by_area": by_area,
        "by_year": by_year,
        "by_program": by_program,
    }


def program_figures(filters, programs=None):
    """[{program_id, title, url_path, figures...}] for every program with money, two
    grouped queries plus one for the titles."""
    from pages.models import ProgramPage

    allocated = dict(
        filters.funding().order_by().values_list("program_id").annotate(s=Sum("amount"))
    )
    rows = {
        row["program_id"]: row
        for row in filters.entries().order_by().values("program_id").annotate(**_money_sums())
    }
    ids = set(allocated) | set(rows)
    if programs is not None:
        ids &= {p.pk for p in programs}
    pages = ProgramPage.objects.filter(pk__in=ids).only("pk", "title", "url_path", "slug")
    out = []
    for page in sorted(pages, key=lambda p: p.title):
        out.append(
            {
                "program_id": page.pk,
                "title": page.title,
                "page": page,
                **_figures(allocated.get(page.pk), rows.get(page.pk, {})),
            }
        )
    return out


def program_money(program, year=None, include_unapproved=False):
    """One program's money and reach, approved entries only unless asked (staff)."""
    entries = LedgerEntry.objects.filter(program=program)
    if not include_unapproved:
        entries = entries.public()
    funding = FundingLine.objects.filter(program=program)
    if year:
        entries = entries.filter(occurred_on__year=year)
        funding = funding.filter(fiscal_year=year)
    return _figures(funding.aggregate(s=Sum("amount"))["s"], entries.aggregate(**_money_sums()))


def people_by_program(program_ids):
    """{program_id: {enrolled, attended, completed}} for the programs' activities, each
    person once (distinct users), with events' completion rule
    (Enrollment...completed()). Three grouped queries, however many programs."""
    from events.models import Attendance, Enrollment

    ids = list(program_ids)
    out = {pk: {"enrolled": 0, "attended": 0, "completed": 0} for pk in ids}
    confirmed = Enrollment.objects.filter(
        event__organising_program__in=ids, status=Enrollment.Status.CONFIRMED
    )
    for pk, n in (
        confirmed.order_by()
        .values_list("event__organising_program")
        .annotate(n=Count("user_id", distinct=True))
    ):
        out[pk]["enrolled"] = n
    for pk, n in (
        Attendance.objects.filter(
            enrollment__event__organising_program__in=ids,
            enrollment__status=Enrollment.Status.CONFIRMED,
        )
        .order_by()
        .values_list("enrollment__event__organising_program")
        .annotate(n=Count("enrollment__user_id", distinct=True))
    ):
        out[pk]["attended"] = n
    for pk, n in (
        confirmed.completed()
        .order_by()
        .values_list("event__organising_program")
        .annotate(n=Count("user_id", distinct=True))
    ):
        out[pk]["completed"] = n
    return out


def program_people(program):
    return people_by_program([program.pk])[program.pk]


def awaiting_approval_counts():
    return LedgerEntry.objects.awaiting_approval().count()


def _area_sort_key(area):
    return (area.parent.name if area.parent_id else "", area.name)


def _unassigned_label():
    from django.utils.translation import gettext_lazy as _

    return _("No funding line")


def years_available():
    years = set(FundingLine.objects.order_by().values_list("fiscal_year", flat=True).distinct())
    years |= {d.year for d in LedgerEntry.objects.public().dates("occurred_on", "year")}
    return sorted(years, reverse=True)
