"""Public pages (/transparansi/, /data/), the program page section, and the staff
dashboard and import pages in the Wagtail admin. Views stay thin: figures come from
accountability.reports / indicators, the rules from accountability.ledger / importer."""

import json

from django.core.cache import cache
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accountability import charts, importer, opendata, reports
from accountability.indicators import indicator_rows
from accountability.models import ApprovalStatus, IndicatorActual, LedgerEntry
from community.public_counts import suppress_small
from community.roles import is_moderator, is_staff
from config import content_version
from config.errors import DomainError
from config.page_cache import is_anonymous, mark_cacheable, set_status
from pages.models import Area, ProgramPage


def _int_param(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 2000 <= number <= 2100 else None


def parse_filters(params):
    """Filters from ?tahun=&wilayah=&program= (unknown values are ignored)."""
    year = _int_param(params.get("tahun") or params.get("year"))
    area_slug = params.get("wilayah") or params.get("area")
    area = Area.objects.filter(slug=area_slug).first() if area_slug else None
    program = None
    program_id = params.get("program")
    if program_id and str(program_id).isdigit() and len(str(program_id)) < 12:
        program = ProgramPage.objects.live().public().filter(pk=int(program_id)).first()
    return reports.Filters(year=year, area=area, program=program)


def money_chart_rows(rows, label_key):
    return [
        {"label": row[label_key], "allocated": row.get("allocated"), "disbursed": row["disbursed"]}
        for row in rows
    ]


# A phone-sized page: beyond these, the page summarises (the API and /data/ keep all).
MAX_AREA_ROWS = 30
MAX_PROGRAM_ROWS = 30
MAX_PROGRAM_CHOICES = 60


def by_kelurahan(rows):
    """RW rows summed into their kelurahan (counts are summed before suppression)."""
    areas = Area.objects.select_related("parent").in_bulk([r["area_id"] for r in rows])
    out = {}
    for row in rows:
        area = areas.get(row["area_id"])
        if area is not None and area.level == Area.Level.RW and area.parent_id:
            area = area.parent
        key = area.pk if area else None
        merged = out.setdefault(
            key,
            {
                "area_id": key,
                "area": area.name if area else "-",
                "slug": area.slug if area else "",
                "committed": 0,
                "disbursed": 0,
                "spent": 0,
                "households_reached": 0,
                "people_reached": 0,
                "entries": 0,
                "over_committed": False,
            },
        )
        for field in ("committed", "disbursed", "spent", "households_reached", "people_reached"):
            merged[field] += row[field]
    return sorted(out.values(), key=lambda r: r["area"])


def area_choices():
    """The RWs and kelurahan with approved entries, for the area filter (a DISTINCT over
    the ledger's area ids, then the few areas themselves)."""
    ids = LedgerEntry.objects.public().order_by().values_list("area_id", flat=True).distinct()
    areas = list(Area.objects.filter(pk__in=list(ids)).select_related("parent"))
    kelurahan = {a.pk: a for a in areas if a.level == Area.Level.VILLAGE}
    kelurahan.update(
        {a.parent.pk: a.parent for a in areas if a.level == Area.Level.RW and a.parent_id}
    )
    rws = sorted(
        (a for a in areas if a.level == Area.Level.RW), key=lambda a: (str(a.parent), a.name)
    )
    return {
        "kelurahan_choices": sorted(kelurahan.values(), key=lambda a: a.name),
        "area_choices": rws,
    }


@require_GET
def transparency(request):
    filters = parse_filters(request.GET)
    data = reports.cached_transparency(filters)
    by_area = data["by_area"]
    within_kelurahan = filters.area is not None and filters.area.level >= Area.Level.VILLAGE
    areas_grouped = len(by_area) > MAX_AREA_ROWS and not within_kelurahan
    if areas_grouped:
        by_area = by_kelurahan(by_area)
    by_program = sorted(data["by_program"], key=lambda r: -r["allocated"] - r["disbursed"])
    series = [("allocated", _("Allocated")), ("disbursed", _("Disbursed"))]
    program_count = len(by_program)
    programs = None
    if program_count <= MAX_PROGRAM_CHOICES:
        programs = sorted(
            ((r["program_id"], r["title"]) for r in data["by_program"]), key=lambda p: p[1]
        )
    context = {
        "filters": filters,
        "totals": reports.public_counts(data["totals"]),
        "by_source": [reports.public_counts(r) for r in data["by_source"]],
        "by_area": [reports.public_counts(r) for r in by_area],
        "areas_grouped": areas_grouped,
        "by_year": [reports.public_counts(r) for r in data["by_year"]],
        "by_program": [reports.public_counts(r) for r in by_program[:MAX_PROGRAM_ROWS]],
        "program_count": program_count,
        "programs_cut": program_count > MAX_PROGRAM_ROWS,
        "source_chart": charts.bars(
            series, money_chart_rows(data["by_source"], "label"), formatter=charts.short_rupiah
        ),
        "area_chart": charts.bars(
            [("disbursed", _("Disbursed"))],
            money_chart_rows(by_area, "area"),
            formatter=charts.short_rupiah,
        ),
        "years": reports.years_available(),
        **area_choices(),
        "programs": programs,
    }
    if is_anonymous(request):
        mark_cacheable(request)  # the same page for every visitor (config.page_cache)
    return render(request, "accountability/transparency.html", context)


def program_section(page, request):
    """The "Dana & capaian" section of a program page (registered in pages.sections).
    None when the program has no money, no indicators and no participants yet."""
    money = reports.program_money(page)
    people = reports.program_people(page)
    indicators = indicator_rows(page)
    if not (money["allocated"] or money["entries"] or indicators or people["enrolled"]):
        return None
    reached = money["people_reached"]
    money_public = reports.public_counts(money)
    people_public = {k: suppress_small(v) for k, v in people.items()}
    reached_text = _("%(h)s households / %(p)s people") % {
        "h": money_public["households_reached"],
        "p": money_public["people_reached"],
    }
    money_chart = charts.bars(
        [("value", "")],
        [
            {"label": _("Allocated"), "value": money["allocated"]},
            {"label": _("Disbursed"), "value": money["disbursed"]},
            {"label": _("Reached"), "value": reached_text},
        ],
        formatter=charts.short_rupiah,
    )
    people_chart = charts.bars(
        [("value", "")],
        [
            {"label": _("Enrolled"), "value": people_public["enrolled"]},
            {"label": _("Attended"), "value": people_public["attended"]},
            {"label": _("Completed"), "value": people_public["completed"]},
        ],
    )
    for row in indicators:
        if row["is_count_of_people"]:
            for period in row["periods"]:
                if period["actual"] is not None:
                    period["actual"] = suppress_small(int(period["actual"]))
    return {
        "page": page,
        "money": money_public,
        "reached_raw": reached,
        "people": people_public,
        "money_chart": money_chart,
        "people_chart": people_chart,
        "indicators": indicators,
        "api_url": f"/api/programs/{page.pk}/funding/",
    }


# --- Open data ------------------------------------------------------------------


@require_GET
def data_index(request):
    datasets = [
        {
            "name": name,
            "title": spec["title"],
            "description_id": spec["description_id"],
            "description_en": spec["description_en"],
            "fields": spec["fields"],
        }
        for name, spec in opendata.DATASETS.items()
    ]
    if is_anonymous(request):
        mark_cacheable(request)
    return render(request, "accountability/data_index.html", {"datasets": datasets})


EXPORT_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


@require_GET
def dataset(request, name, fmt):
    """One open-data file, streamed (bounded memory whatever the ledger's size) and kept
    in the cache under the content version (every funding or ledger change bumps it),
    with an ETag for a conditional GET."""
    if name not in opendata.DATASETS:
        raise Http404
    pieces = opendata.csv_pieces if fmt == "csv" else opendata.json_pieces
    body = content_version.CachedStream(f"balai:data:{name}.{fmt}", lambda: pieces(name))
    not_modified = get_conditional_response(request, etag=body.etag)
    if not_modified is not None:
        not_modified["ETag"] = body.etag
        set_status(request, "hit")
        return not_modified
    set_status(request, body.status)
    response = StreamingHttpResponse(body, content_type=EXPORT_CONTENT_TYPES[fmt])
    if body.length is not None:
        response["Content-Length"] = body.length
    if fmt == "csv":
        response["Content-Disposition"] = f'inline; filename="{name}.csv"'
    response["ETag"] = body.etag
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def datapackage(request):
    package = opendata.datapackage(
        base_url=request.build_absolute_uri(reverse("accountability:data_index"))
    )
    response = HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- Staff: dashboard and import (Wagtail admin) ----------------------------------


def _staff_only(request):
    if not is_staff(request.user):
        raise Http404


def dashboard(request):
    _staff_only(request)
    filters = parse_filters(request.GET)
    programs = reports.program_figures(filters)
    people = reports.people_by_program([row["program_id"] for row in programs])
    indicators_behind = []
    for row in programs:
        page = row["page"]
        for ind in indicator_rows(page, include_unapproved=True):
            if ind["behind"]:
                indicators_behind.append({"program": page, **ind})
    for row in programs:
        row["people"] = people[row["program_id"]]
    waiting = (
        LedgerEntry.objects.awaiting_approval()
        .select_related("program", "area__parent", "created_by")
        .order_by("submitted_at")[:50]
    )
    return render(
        request,
        "accountability/admin/dashboard.html",
        {
            "filters": filters,
            "programs": programs,
            "waiting": waiting,
            "waiting_count": LedgerEntry.objects.awaiting_approval().count(),
            "waiting_actuals": IndicatorActual.objects.filter(status=ApprovalStatus.SUBMITTED)
            .select_related("indicator__result__program")
            .order_by("period_start")[:50],
            "can_approve": is_moderator(request.user),
            "indicators_behind": indicators_behind,
            "years": reports.years_available(),
            "areas": Area.objects.filter(level__in=(Area.Level.VILLAGE, Area.Level.RW))
            .select_related("parent")
            .order_by("parent__name", "name"),
            "header_title": _("Funding and results"),
        },
    )


IMPORT_CACHE = "accountability-import:{}"


def import_view(request):
    _staff_only(request)
    programs = ProgramPage.objects.order_by("title").only("pk", "title")
    context = {"programs": programs, "preview": None, "error": None}
    if request.method == "POST":
        program = get_object_or_404(ProgramPage, pk=request.POST.get("program") or 0)
        context["program"] = program
        try:
            if request.POST.get("confirm"):
                cached = cache.get(IMPORT_CACHE.format(request.POST.get("sha256", "")))
                if not cached:
                    raise DomainError(_("The preview has expired: upload the file again."))
                name, data = cached
                batch = importer.import_file(request.user, program, name, data)
                cache.delete(IMPORT_CACHE.format(batch.sha256))
                from django.contrib import messages

                messages.success(
                    request,
                    _("%(n)s rows imported; they now wait for a moderator's approval.")
                    % {"n": batch.rows},
                )
                return redirect("accountability_admin:dashboard")
            upload = request.FILES.get("file")
            if upload is None:
                raise DomainError(_("Choose a CSV or XLSX file."))
            data = upload.read()
            result = importer.preview(program, upload.name, data)
            if result.is_valid:
                cache.set(IMPORT_CACHE.format(result.sha256), (upload.name, data), 3600)
            context["preview"] = result
        except DomainError as error:
            context["error"] = error.message
    return render(request, "accountability/admin/import.html", context)
