"""Cek kelayakan: the resident's self-check, the checklist, saved answers, and the
staff check of an applicant. Thin views over eligibility.engine.

The self-check works without JavaScript and without storing anything: each step is a
plain POST form that carries the earlier answers as hidden fields. Answers are stored
only when a logged-in resident chooses to save them, with consent.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from community.roles import is_kader, is_staff
from config.errors import DomainError
from eligibility import checklist as sheet
from eligibility import engine
from eligibility import facts as F
from eligibility.forms import FactsForm, SaveCheckForm, facts_as_data
from eligibility.models import SavedCheck

MAX_QUESTIONS = len(F.FACTS)


def _form(compiled, data=None):
    return FactsForm(data, area_choices=compiled.area_choices())


def _asked(data, valid_keys):
    raw = (data.get("asked") or "").split(",")
    return [key for key in raw if key in valid_keys]


def _results_context(outcomes, facts=None):
    groups = [
        (engine.ELIGIBLE, _("Likely eligible")),
        (engine.UNKNOWN, _("Need to know more")),
        (engine.NOT_ELIGIBLE, _("Not eligible")),
    ]
    selection = sheet.for_outcomes(outcomes)
    return {
        "outcome_groups": [
            (status, label, [o for o in outcomes if o.status == status]) for status, label in groups
        ],
        "counts": engine.summary(outcomes),
        "checklist_url": sheet.url(selection),
        "checklist_left_out": selection.left_out,
        "likely_ids": list(selection.program_ids),
    }


@require_http_methods(["GET", "POST"])
def self_check(request):
    compiled = engine.compiled_rules()
    if request.method == "GET" or "start" in request.POST:
        form = _form(compiled)
        first = engine.next_question(F.Facts(), [], compiled)
        if first is None:
            return render(request, "eligibility/self_check_empty.html")
        form.hide_all_but(first.key)
        return render(
            request,
            "eligibility/self_check_step.html",
            {
                "form": form,
                "fact": first,
                "field": form[first.key],
                "asked": "",
                "number": 1,
                "max_questions": MAX_QUESTIONS,
                "intro": request.method == "GET",
            },
        )

    form = _form(compiled, request.POST)
    asked = _asked(request.POST, F.BY_KEY)
    current = request.POST.get("current")
    if current not in F.BY_KEY:
        current = None
    if not form.is_valid():
        # Show the question again with its error (an earlier answer that no longer
        # validates was tampered with: ask it again the same way).
        broken = current if current in form.errors else next(iter(form.errors), None)
        if broken in F.BY_KEY:
            form.hide_all_but(broken)
            asked = [k for k in asked if k != broken]
            return render(
                request,
                "eligibility/self_check_step.html",
                {
                    "form": form,
                    "fact": F.BY_KEY[broken],
                    "field": form[broken],
                    "asked": ",".join(asked),
                    "number": len(asked) + 1,
                    "max_questions": MAX_QUESTIONS,
                },
                status=422,
            )
        return redirect("eligibility:self_check")
    if current and current not in asked:
        asked.append(current)
    facts = form.facts()
    try:
        following = engine.next_question(facts, asked, compiled)
        outcomes = engine.evaluate(facts, compiled)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("eligibility:self_check")
    if following is not None and len(asked) < MAX_QUESTIONS:
        next_form = _form(compiled, {**facts_as_data(facts)})
        next_form.is_valid()
        next_form.hide_all_but(following.key)
        return render(
            request,
            "eligibility/self_check_step.html",
            {
                "form": next_form,
                "fact": following,
                "field": next_form[following.key],
                "asked": ",".join(asked),
                "number": len(asked) + 1,
                "max_questions": MAX_QUESTIONS,
                "fresh": True,
            },
        )
    saved_form = _form(compiled, facts_as_data(facts))
    saved_form.is_valid()
    saved_form.hide_all_but(None)
    return render(
        request,
        "eligibility/self_check_result.html",
        {
            **_results_context(outcomes, facts),
            "answers_form": saved_form,
            "save_form": SaveCheckForm(),
            "answered": _answered(facts, compiled),
        },
    )


def _answered(facts, compiled):
    """The answers in words, for the resident to check (never in a URL)."""
    rows = []
    for fact in F.FACTS:
        value = getattr(facts, fact.key)
        if value is None:
            continue
        if fact.kind == F.YES_NO:
            shown = _("Yes") if value else _("No")
        elif fact.kind == F.CHOICE:
            shown = dict(fact.choices).get(value, value)
        elif fact.kind == F.AREA:
            shown = compiled.area_names.get(value, "")
        elif fact.key == "income_per_member":
            shown = "Rp" + f"{value:,}".replace(",", ".")
        else:
            shown = f"{value} {fact.unit}"
        rows.append((fact.label, shown))
    return rows


def checklist(request):
    """What to bring, for the programs in ?program=...; prints on one page (at most
    eligibility.checklist.MAX_PROGRAMS programs, and says when some were left out)."""
    selection = sheet.read(request.GET)
    programs, documents = engine.documents_for(selection.program_ids)
    return render(
        request,
        "eligibility/checklist.html",
        {"programs": programs, "documents": documents, "left_out": selection.left_out},
    )


@login_required
@require_POST
def save(request):
    compiled = engine.compiled_rules()
    form = _form(compiled, request.POST)
    consent = SaveCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Your answers could not be read. Please start again."))
        return redirect("eligibility:self_check")
    facts = form.facts()
    if not consent.is_valid():
        outcomes = engine.evaluate(facts, compiled)
        form.hide_all_but(None)
        return render(
            request,
            "eligibility/self_check_result.html",
            {
                **_results_context(outcomes, facts),
                "answers_form": form,
                "save_form": consent,
                "answered": _answered(facts, compiled),
            },
            status=422,
        )
    outcomes = engine.evaluate(facts, compiled)
    SavedCheck.objects.create(
        user=request.user,
        facts=facts.known(),
        program_ids=[o.program.id for o in outcomes if o.status == engine.ELIGIBLE],
        consent_at=timezone.now(),
    )
    messages.success(request, _("Your answers are saved. You can delete them at any time."))
    return redirect("eligibility:saved")


@login_required
def saved(request):
    compiled = engine.compiled_rules()
    checks = []
    for check in SavedCheck.objects.filter(user=request.user):
        facts = F.Facts(**{k: v for k, v in check.facts.items() if k in F.BY_KEY})
        try:
            outcomes = engine.evaluate(facts, compiled)
        except DomainError:
            outcomes = []  # an area deleted since: show the answers only
        checks.append((check, _answered(facts, compiled), _results_context(outcomes)))
    return render(request, "eligibility/saved.html", {"checks": checks})


@login_required
@require_POST
def delete_saved(request, check_id):
    check = get_object_or_404(SavedCheck, pk=check_id, user=request.user)
    check.delete()
    messages.success(request, _("Your saved answers were deleted."))
    return redirect("eligibility:saved")


@login_required
@require_http_methods(["GET", "POST"])
def staff_check(request):
    """A staff member (or kader) checks an applicant with the same engine; nothing is
    stored."""
    if not (is_staff(request.user) or is_kader(request.user)):
        raise PermissionDenied
    compiled = engine.compiled_rules()
    form = _form(compiled, request.POST if request.method == "POST" else None)
    context = {"form": form}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            facts = form.facts()
            try:
                outcomes = engine.evaluate(facts, compiled)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = 422
            else:
                context.update(_results_context(outcomes, facts), checked=True)
        else:
            status = 422
    return render(request, "eligibility/staff_check.html", context, status=status)
