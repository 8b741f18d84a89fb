"""Survey rules: who may answer, one response per resident, anonymous answers where
staff allow them (rate-limited, with a honeypot), and the results per question by RW
with the small-cell rule (community.public_counts.suppress_small)."""

import csv
import hashlib
import io
from collections import Counter, defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from community import roles
from community.membership import is_active_member
from community.public_counts import suppress_small
from config.errors import DomainError, NotFoundError, PermissionDeniedError
from events.exports import csv_safe  # the one spreadsheet-formula guard (roster export)
from pages.models import Area
from participation.common import plain_text, require_resident
from participation.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse

Q_ = SurveyQuestion.Kind
ANONYMOUS_PER_DAY = 5  # per network address and survey
TEXT_MAX = {Q_.SHORT_TEXT: 200, Q_.LONG_TEXT: 2000}
NUMBER_RANGE = (-1_000_000_000, 1_000_000_000)


def with_questions(queryset=None):
    queryset = queryset if queryset is not None else Survey.objects.all()
    return queryset.prefetch_related(
        Prefetch("questions", SurveyQuestion.objects.order_by("sort_order", "pk"))
    ).select_related("area", "group")


def get_survey(survey_id):
    survey = with_questions().filter(pk=survey_id).first()
    if survey is None:
        raise NotFoundError(_("Survey not found."), "not_found")
    return survey


def listed(now=None):
    """Open surveys first (closing soonest), then closed ones with public results."""
    now = now or timezone.now()
    surveys = list(
        Survey.objects.filter(opens_at__lte=now)
        .select_related("area", "group")
        .annotate(responses_total=Count("responses"))
        .order_by("-closes_at", "-pk")
    )
    open_ = sorted([s for s in surveys if s.is_open(now)], key=lambda s: s.closes_at)
    closed = [s for s in surveys if not s.is_open(now) and s.results_public]
    return open_, closed


# --- Who may answer ------------------------------------------------------------------------


def in_audience(survey, user):
    if survey.audience == Survey.Audience.EVERYONE:
        return True
    if not user.is_authenticated:
        return False
    if survey.audience == Survey.Audience.AREA:
        if not (survey.area_id and user.home_area_id):
            return False
        return user.home_area_id in {survey.area_id, *survey.area.descendant_ids()}
    if survey.audience == Survey.Audience.GROUP:
        return bool(survey.group_id) and is_active_member(survey.group, user)
    return False


def has_responded(survey, user):
    return (
        user.is_authenticated and SurveyResponse.objects.filter(survey=survey, user=user).exists()
    )


def answer_problem(survey, user, now=None):
    """Why this person may not answer now (a DomainError), or None."""
    now = now or timezone.now()
    if now < survey.opens_at:
        return DomainError(_("This survey is not open yet."), "not_open_yet", 409)
    if now >= survey.closes_at:
        return DomainError(_("This survey is closed."), "survey_closed", 409)
    if not user.is_authenticated:
        if survey.allow_anonymous and survey.audience == Survey.Audience.EVERYONE:
            return None
        return DomainError(_("Please log in first."), "not_authenticated", 401)
    try:
        require_resident(user)
    except DomainError as error:
        return error
    if not in_audience(survey, user):
        return PermissionDeniedError(_("This survey is for another audience."), "not_in_audience")
    if has_responded(survey, user):
        return DomainError(_("You have already answered this survey."), "already_answered", 409)
    return None


def client_hash(address):
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


# --- Answering ---------------------------------------------------------------------------


def _clean_answer(question, raw):
    """(value, choice list, number) from what was sent; raises DomainError."""
    label = question.text
    values = raw if isinstance(raw, list | tuple) else ([] if raw in (None, "") else [raw])
    values = [str(v).strip() for v in values if str(v).strip()]
    if not values:
        if question.required:
            raise DomainError(_("Please answer: %(q)s") % {"q": label}, "required", 422)
        return None
    invalid = DomainError(
        _("This answer is not valid: %(q)s") % {"q": label}, "invalid_answer", 422
    )
    if question.kind in (Q_.SHORT_TEXT, Q_.LONG_TEXT):
        text = plain_text(values[0], TEXT_MAX[question.kind], label, required=question.required)
        return [(text, "", None)] if text else None
    if question.kind == Q_.NUMBER:
        try:
            number = int(values[0].replace(".", "").replace(",", ""))
        except ValueError:
            raise invalid from None
        if not NUMBER_RANGE[0] <= number <= NUMBER_RANGE[1]:
            raise invalid
        return [(str(number), "", number)]
    if question.kind == Q_.SCALE:
        if values[0] not in {"1", "2", "3", "4", "5"}:
            raise invalid
        return [(values[0], "", int(values[0]))]
    pairs = dict(question.choice_pairs())
    by_label = {label_: slug for slug, label_ in pairs.items()}
    chosen = []
    for value in values:
        slug = value if value in pairs else by_label.get(value)
        if slug is None:
            raise invalid
        if slug not in chosen:
            chosen.append(slug)
    if question.kind == Q_.SINGLE and len(chosen) != 1:
        raise invalid
    return [(pairs[slug], slug, None) for slug in chosen]


def respond(survey, user, answers, *, area=None, address="", honeypot="", now=None):
    """Record one response. `answers` maps question id (int or str) to a value or a
    list of values (choice slugs or labels). Anonymous callers pass `address` (for the
    rate limit) and may name their RW (`area`). Returns the SurveyResponse."""
    now = now or timezone.now()
    problem = answer_problem(survey, user, now)
    if problem is not None:
        raise problem
    if honeypot:
        raise DomainError(_("Your answer could not be accepted."), "rejected", 400)
    answers = {str(k): v for k, v in (answers or {}).items()}
    questions = list(survey.questions.all())
    known = {str(q.pk) for q in questions}
    if set(answers) - known:
        raise DomainError(
            _("An answer names a question this survey does not have."), "invalid_answer", 422
        )
    cleaned = []
    for question in questions:
        rows = _clean_answer(question, answers.get(str(question.pk)))
        for value, choice, number in rows or []:
            cleaned.append(
                SurveyAnswer(question=question, value=value, choice=choice, number=number)
            )
    anonymous = not user.is_authenticated
    digest = client_hash(address) if anonymous else ""
    if anonymous:
        recent = SurveyResponse.objects.filter(
            survey=survey,
            user__isnull=True,
            client_hash=digest,
            created_at__gte=now - timedelta(days=1),
        ).count()
        if recent >= ANONYMOUS_PER_DAY:
            raise DomainError(
                _("Too many answers from this connection today. Please try again tomorrow."),
                "rate_limited",
                429,
            )
    if not anonymous:
        area = user.home_area
    if area is not None and area.level != Area.Level.RW:
        area = None
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                user=None if anonymous else user,
                area=area,
                client_hash=digest,
                created_at=now,
            )
            for row in cleaned:
                row.response = response
            SurveyAnswer.objects.bulk_create(cleaned)
    except IntegrityError:
        raise DomainError(
            _("You have already answered this survey."), "already_answered", 409
        ) from None
    return response


# --- Results -------------------------------------------------------------------------------


def can_see_results(survey, user, now=None):
    if roles.is_staff(user):
        return True
    return survey.results_public and survey.opens_at <= (now or timezone.now())


def require_results(survey, user):
    if not can_see_results(survey, user):
        raise PermissionDeniedError(
            _("The results of this survey are not public."), "results_private"
        )


UNKNOWN_RW = "-"


def results(survey):
    """Per question: rows (a choice or a scale point) x columns (total, then each RW),
    every cell a count of people through the small-cell rule. Three queries."""
    questions = list(survey.questions.all())
    responses = dict(SurveyResponse.objects.filter(survey=survey).values_list("pk", "area_id"))
    area_ids = {a for a in responses.values() if a}
    areas = {a.pk: a for a in Area.objects.filter(pk__in=area_ids).select_related("parent")}
    columns = sorted(areas.values(), key=lambda a: a.name)
    column_keys = [a.pk for a in columns]
    if any(a is None for a in responses.values()):
        column_keys.append(None)
    answers = defaultdict(list)
    for question_id, response_id, choice, number in SurveyAnswer.objects.filter(
        response__survey=survey
    ).values_list("question_id", "response_id", "choice", "number"):
        answers[question_id].append((responses.get(response_id), choice, number, response_id))

    out = []
    for question in questions:
        rows_in = answers.get(question.pk, [])
        respondents = {r for *_x, r in rows_in}
        item = {
            "question": question,
            "respondents": suppress_small(len(respondents)),
            "columns": [_column_label(areas.get(k)) for k in column_keys],
            "rows": [],
            "kind": question.kind,
        }
        if question.has_choices or question.kind == Q_.SCALE:
            options = (
                question.choice_pairs()
                if question.has_choices
                else [(str(n), str(n)) for n in range(1, 6)]
            )
            counts = Counter()
            total = Counter()
            for area_id, choice, number, _r in rows_in:
                key = choice if question.has_choices else str(number)
                counts[(key, area_id)] += 1
                total[key] += 1
            for slug, label in options:
                item["rows"].append(
                    {
                        "key": slug,
                        "label": label,
                        "total": suppress_small(total[slug]),
                        "raw_total": total[slug],
                        "cells": [suppress_small(counts[(slug, k)]) for k in column_keys],
                    }
                )
            item["chart"] = bar_chart(item["rows"])
        elif question.kind == Q_.NUMBER:
            by_area = defaultdict(list)
            for area_id, _c, number, _r in rows_in:
                by_area[area_id].append(number)
            everyone = [n for values in by_area.values() for n in values]
            item["rows"].append(
                {
                    "key": "count",
                    "label": _("Answers"),
                    "total": suppress_small(len(everyone)),
                    "cells": [suppress_small(len(by_area[k])) for k in column_keys],
                }
            )
            item["rows"].append(
                {
                    "key": "average",
                    "label": _("Average"),
                    "total": _average(everyone),
                    "cells": [_average(by_area[k]) for k in column_keys],
                }
            )
        else:  # text: only how many answered; the texts are for staff (CSV)
            by_area = Counter(area_id for area_id, *_x in rows_in)
            item["rows"].append(
                {
                    "key": "count",
                    "label": _("Answers"),
                    "total": suppress_small(len(rows_in)),
                    "cells": [suppress_small(by_area[k]) for k in column_keys],
                }
            )
        out.append(item)
    return {"respondents": suppress_small(len(responses)), "questions": out}


def _column_label(area):
    return area.name if area is not None else _("RW unknown")


def _average(values):
    # An average of fewer than five people would tell about someone: shown as "< 5".
    if len(values) < 5:
        return suppress_small(len(values)) if values else None
    return round(sum(values) / len(values), 1)


def bar_chart(rows, width=100):
    """Bars for an SVG chart: the same numbers as the table; a small cell has no bar."""
    numeric = [r["total"] for r in rows if isinstance(r["total"], int)]
    top = max(numeric, default=0) or 1
    bars = []
    for n, row in enumerate(rows):
        value = row["total"]
        bar_width = round(width * value / top, 1) if isinstance(value, int) else 0
        bars.append({"label": row["label"], "display": value, "width": bar_width, "y": n * 28})
    return {"bars": bars, "height": max(len(bars) * 28, 28)}


def csv_export(survey):
    """Every response, one row each, for staff: no names, e-mails or user ids."""
    questions = list(survey.questions.all())
    out = io.StringIO()
    writer = csv.writer(out)
    # Every cell through csv_safe: answers are typed by anyone (anonymous answers too),
    # and staff open this file in a spreadsheet.
    writer.writerow(
        [
            csv_safe(c)
            for c in (_("Response"), _("Submitted at"), _("RW"), *[q.text for q in questions])
        ]
    )
    responses = (
        SurveyResponse.objects.filter(survey=survey)
        .select_related("area")
        .prefetch_related("answers")
        .order_by("created_at", "pk")
    )
    for n, response in enumerate(responses, 1):
        values = defaultdict(list)
        for a in response.answers.all():
            values[a.question_id].append(a.value)
        writer.writerow(
            [
                n,
                timezone.localtime(response.created_at).strftime("%Y-%m-%d %H:%M"),
                csv_safe(response.area.name if response.area_id else ""),
                *[csv_safe("; ".join(values[q.pk])) for q in questions],
            ]
        )
    return out.getvalue()
