"""Indicators: values per period (month or quarter), computed from Balai's own data
where it can answer, never typed.

- enrolled: people with a confirmed enrollment in the program's activities, by the
  month they enrolled; each person once per period (distinct users).
- attendance_rate: attended sessions / (confirmed participants x sessions held), by the
  month of the session.
- completed: people who completed an activity (events' rule: Enrollment...completed()),
  by the month of the activity's last session.
- group_members: active members of groups tied to the program, by the month they joined.
- aid_people / aid_households: summed from approved disbursements and expenditures
  (reversals included; a return reaches nobody) by the month of the entry; may count a
  household twice (flagged).

An indicator with `needs_key` divides its figure by a survey's need
(participation.needs.needs_count) and shows a percentage.
"""

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from accountability.models import Indicator, IndicatorActual, IndicatorTarget, LedgerEntry
from accountability.reports import PEOPLE_KINDS

S = Indicator.Source


def period_start(day, period):
    if hasattr(day, "astimezone"):
        day = timezone.localtime(day).date()
    if period == Indicator.Period.QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, day.month, 1)


def period_label(start, period):
    if period == Indicator.Period.QUARTER:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start:%Y-%m}"


def _q(value):
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def computed_series(program, source, period, *, by_area=False):
    """{key: value} for one computed source, key = period start (or, when by_area, the
    area id: None for people without a home area; area_labels() names them). Counts are
    ints, rates Decimals (percent). By id, not by name: every kelurahan has an "RW 01"."""
    from community.models import Membership
    from events.models import Attendance, Enrollment, EventSession

    key_of = (
        (lambda when, area: area) if by_area else (lambda when, area: period_start(when, period))
    )

    if source == S.ENROLLED:
        rows = Enrollment.objects.filter(
            event__organising_program=program, status=Enrollment.Status.CONFIRMED
        ).values_list("requested_at", "user_id", "user__home_area_id")
        people = defaultdict(set)
        for when, user_id, area in rows:
            people[key_of(when, area)].add(user_id)
        return {k: len(v) for k, v in people.items()}

    if source == S.COMPLETED:
        last_session = dict(
            EventSession.objects.filter(event__organising_program=program)
            .values("event_id")
            .annotate(last=Max("ends_at"))
            .values_list("event_id", "last")
        )
        rows = (
            Enrollment.objects.filter(event__organising_program=program)
            .completed()
            .values_list("event_id", "user_id", "user__home_area_id")
        )
        people = defaultdict(set)
        for event_id, user_id, area in rows:
            when = last_session.get(event_id)
            if when is not None:
                people[key_of(when, area)].add(user_id)
        return {k: len(v) for k, v in people.items()}

    if source == S.ATTENDANCE_RATE:
        now = timezone.now()
        confirmed = dict(
            Enrollment.objects.filter(
                event__organising_program=program, status=Enrollment.Status.CONFIRMED
            )
            .values("event_id")
            .annotate(n=Count("pk"))
            .values_list("event_id", "n")
        )
        sessions = EventSession.objects.filter(
            event__organising_program=program, starts_at__lte=now
        ).annotate(
            present=Count(
                "attendances",
                filter=Q(attendances__enrollment__status=Enrollment.Status.CONFIRMED),
            )
        )
        expected, present = defaultdict(int), defaultdict(int)
        for session in sessions.values_list("starts_at", "event_id", "present"):
            when, event_id, n = session
            key = key_of(when, None) if not by_area else None
            expected[key] += confirmed.get(event_id, 0)
            present[key] += n
        if by_area:
            expected, present = defaultdict(int), defaultdict(int)
            per_area = (
                Attendance.objects.filter(
                    session__event__organising_program=program,
                    session__starts_at__lte=now,
                    enrollment__status=Enrollment.Status.CONFIRMED,
                )
                .values("enrollment__user__home_area_id")
                .annotate(n=Count("pk"))
            )
            held = dict(
                EventSession.objects.filter(event__organising_program=program, starts_at__lte=now)
                .order_by()
                .values("event_id")
                .annotate(n=Count("pk"))
                .values_list("event_id", "n")
            )
            enrolled = Enrollment.objects.filter(
                event__organising_program=program, status=Enrollment.Status.CONFIRMED
            ).values_list("event_id", "user__home_area_id")
            for event_id, area in enrolled:
                expected[area] += held.get(event_id, 0)
            for row in per_area:
                present[row["enrollment__user__home_area_id"]] += row["n"]
        return {k: _q(Decimal(present[k]) * 100 / expected[k]) for k in expected if expected[k]}

    if source == S.GROUP_MEMBERS:
        rows = Membership.objects.filter(
            group__related_program=program, status=Membership.Status.ACTIVE
        ).values_list("decided_at", "created_at", "user_id", "user__home_area_id")
        people = defaultdict(set)
        for decided, created, user_id, area in rows:
            people[key_of(decided or created, area)].add(user_id)
        return {k: len(v) for k, v in people.items()}

    if source in (S.AID_PEOPLE, S.AID_HOUSEHOLDS):
        field = "people_reached" if source == S.AID_PEOPLE else "households_reached"
        rows = (
            LedgerEntry.objects.public()
            .filter(program=program, kind__in=PEOPLE_KINDS)
            .values_list("occurred_on", "area_id")
        )
        rows = rows.annotate(n=Sum(field)).values_list("occurred_on", "area_id", "n")
        out = defaultdict(int)
        for when, area, n in rows:
            out[key_of(when, area)] += n or 0
        return dict(out)
    return {}


def area_labels(area_ids):
    """{area id: label} for by-area figures: the area's name ("RW 01"), with its parent's
    name ("RW 01, Kelurahan Pondok Labu") when two of these areas share a name; None
    (people without a home area) is "-". One query."""
    from pages.models import Area

    areas = list(
        Area.objects.filter(pk__in=[i for i in area_ids if i is not None]).values_list(
            "pk", "name", "parent__name"
        )
    )
    names = defaultdict(int)
    for _pk, name, _parent in areas:
        names[name] += 1
    labels = {None: "-"}
    for pk, name, parent in areas:
        labels[pk] = f"{name}, {parent}" if names[name] > 1 and parent else name
    return labels


def _needs_denominator(indicator, cache):
    if not indicator.needs_key:
        return None
    if indicator.needs_key not in cache:
        from participation.needs import needs_count

        cache[indicator.needs_key] = needs_count(indicator.needs_key)
    return cache[indicator.needs_key]


def indicator_rows(program, *, include_unapproved=False):
    """Every indicator of the program with its baseline, targets and actuals per period:

        [{"indicator", "result", "computed", "percentage", "may_double_count",
          "needs": n|None, "periods": [{"start", "label", "target", "actual",
          "on_track"}], "latest": {...}|None, "behind": bool,
          "by_area": [{"area_id", "area", "value"}] (computed indicators: the whole
          program by the residents' RW, or the ledger's RW)}]

    Fixed queries per program plus one per computed source used."""
    indicators = list(
        Indicator.objects.filter(result__program=program)
        .select_related("result")
        .order_by("result__level", "result_id", "pk")
    )
    if not indicators:
        return []
    ids = [i.pk for i in indicators]
    targets = defaultdict(dict)
    for t in IndicatorTarget.objects.filter(indicator_id__in=ids):
        targets[t.indicator_id][t.period_start] = t.value
    actuals = defaultdict(dict)
    manual = IndicatorActual.objects.filter(indicator_id__in=ids)
    if not include_unapproved:
        manual = manual.public()
    for a in manual.order_by("period_start", "pk"):
        actuals[a.indicator_id][a.period_start] = a.value  # the latest figure wins

    series_cache, needs_cache = {}, {}
    rows = []
    for ind in indicators:
        if ind.is_computed:
            key = (ind.source, ind.period)
            if key not in series_cache:
                series_cache[key] = computed_series(program, ind.source, ind.period)
            values = dict(series_cache[key])
        else:
            values = dict(actuals[ind.pk])
        needs = _needs_denominator(ind, needs_cache)
        if ind.needs_key:
            values = {
                k: (_q(Decimal(v) * 100 / needs) if needs else None) for k, v in values.items()
            }
        periods = []
        for start in sorted(set(values) | set(targets[ind.pk])):
            actual = values.get(start)
            target = targets[ind.pk].get(start)
            periods.append(
                {
                    "start": start,
                    "label": period_label(start, ind.period),
                    "target": target,
                    "actual": actual,
                    "on_track": _on_track(ind, actual, target),
                }
            )
        with_actual = [p for p in periods if p["actual"] is not None]
        latest = with_actual[-1] if with_actual else None
        today = period_start(timezone.localdate(), ind.period)
        due = [p for p in periods if p["target"] is not None and p["start"] <= today]
        behind = any(p["on_track"] is False for p in due[-1:])
        by_area = []
        if ind.is_computed and not ind.needs_key:
            key = (ind.source, "area")
            if key not in series_cache:
                series_cache[key] = computed_series(program, ind.source, ind.period, by_area=True)
            by_area = [{"area_id": pk, "value": value} for pk, value in series_cache[key].items()]
        rows.append(
            {
                "by_area": by_area,
                "indicator": ind,
                "result": ind.result,
                "computed": ind.is_computed,
                "percentage": ind.is_percentage,
                "may_double_count": ind.source in (S.AID_PEOPLE, S.AID_HOUSEHOLDS),
                "is_count_of_people": ind.source
                in (S.ENROLLED, S.COMPLETED, S.GROUP_MEMBERS, S.AID_PEOPLE, S.AID_HOUSEHOLDS)
                and not ind.needs_key,
                "needs": needs,
                "periods": periods,
                "latest": latest,
                "behind": behind,
            }
        )
    labels = area_labels({a["area_id"] for row in rows for a in row["by_area"]})
    for row in rows:
        for a in row["by_area"]:
            a["area"] = labels.get(a["area_id"], "-")
        row["by_area"].sort(key=lambda a: (a["area_id"] is None, a["area"], a["area_id"] or 0))
    return rows


def _on_track(indicator, actual, target):
    if actual is None or target is None:
        return None
    if indicator.higher_is_better:
        return Decimal(actual) >= Decimal(target)
    return Decimal(actual) <= Decimal(target)


def people_by_area_month(programs=None):
    """Enrollment and attendance aggregates per (program, RW, month), for open data:
    [{program_id, program, area, month, enrolled, attended, completed}] with distinct
    people. One query per measure."""
    from events.models import Attendance, Enrollment

    enrollments = Enrollment.objects.filter(
        status=Enrollment.Status.CONFIRMED, event__organising_program__isnull=False
    )
    attendance = Attendance.objects.filter(
        enrollment__status=Enrollment.Status.CONFIRMED,
        enrollment__event__organising_program__isnull=False,
    )
    if programs is not None:
        enrollments = enrollments.filter(event__organising_program__in=programs)
        attendance = attendance.filter(enrollment__event__organising_program__in=programs)
    cells = defaultdict(lambda: {"enrolled": set(), "attended": set(), "completed": set()})
    titles = {}

    def area_name(name, parent):
        return f"{name}, {parent}" if (name and parent) else (name or "-")

    for pid, title, when, user_id, a, p in enrollments.values_list(
        "event__organising_program_id",
        "event__organising_program__title",
        "requested_at",
        "user_id",
        "user__home_area__name",
        "user__home_area__parent__name",
    ):
        titles[pid] = title
        cells[(pid, area_name(a, p), period_start(when, "month"))]["enrolled"].add(user_id)
    for pid, when, user_id, a, p in attendance.values_list(
        "enrollment__event__organising_program_id",
        "session__starts_at",
        "enrollment__user_id",
        "enrollment__user__home_area__name",
        "enrollment__user__home_area__parent__name",
    ):
        cells[(pid, area_name(a, p), period_start(when, "month"))]["attended"].add(user_id)
    for pid, when, user_id, a, p in (
        enrollments.completed()
        .annotate(last=Max("attendances__session__starts_at"))
        .values_list(
            "event__organising_program_id",
            "last",
            "user_id",
            "user__home_area__name",
            "user__home_area__parent__name",
        )
    ):
        if when is not None:
            cells[(pid, area_name(a, p), period_start(when, "month"))]["completed"].add(user_id)
    rows = []
    for (pid, area, month), sets in sorted(
        cells.items(), key=lambda kv: (kv[0][0], kv[0][2], kv[0][1])
    ):
        rows.append(
            {
                "program_id": pid,
                "program": titles.get(pid, ""),
                "area": area,
                "month": f"{month:%Y-%m}",
                "enrolled": len(sets["enrolled"]),
                "attended": len(sets["attended"]),
                "completed": len(sets["completed"]),
            }
        )
    return rows
