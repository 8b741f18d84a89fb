"""HTML views of residents' voice. Thin: the rules live in participation.proposals,
.complaints and .surveys; these views show their messages next to the form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import roles
from config.api_auth import SessionTokenAuth
from config.client_ip import client_ip
from config.errors import DomainError, NotFoundError
from config.page_cache import is_anonymous, mark_cacheable
from events.models import EventPage
from pages.models import Area, ProgramPage
from participation import complaints as complaint_rules
from participation import proposals as proposal_rules
from participation import surveys as survey_rules
from participation.common import is_verified_resident
from participation.forms import ComplaintForm, ProposalFilterForm, ProposalForm
from participation.models import AnswerTemplate, Complaint

# --- Proposals ------------------------------------------------------------------------------


def proposal_list(request):
    form = ProposalFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    proposals = proposal_rules.listing(
        status=data.get("status") or None,
        category=data.get("category") or None,
        area=data.get("wilayah"),
        q=data.get("q") or None,
        sort=data.get("urut") or "terbaru",
    )
    page = Paginator(proposals, 12).get_page(request.GET.get("halaman"))
    mine = proposal_rules.supported_ids(request.user, [p.pk for p in page.object_list])
    if is_anonymous(request):
        mark_cacheable(request)  # the same page for every visitor (config.page_cache)
    return render(
        request,
        "participation/proposal_list.html",
        {"filter_form": form, "proposals": page, "supported": mine, "section": "usulan"},
    )


@login_required
def proposal_create(request):
    form = ProposalForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposal_rules.submit(
                request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                category=form.cleaned_data["category"],
                area=form.cleaned_data["area"],
                photo=form.cleaned_data.get("photo"),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. Your proposal is published."))
            return redirect(proposal)
    return render(
        request,
        "participation/proposal_form.html",
        {"form": form, "can_take_part": is_verified_resident(request.user), "section": "usulan"},
    )


def _proposal(proposal_id):
    try:
        return proposal_rules.get_public(proposal_id)
    except NotFoundError:
        raise Http404 from None


def proposal_detail(request, proposal_id):
    proposal = _proposal(proposal_id)
    is_staff = roles.is_staff(request.user)
    context = {
        "proposal": proposal,
        "answers": proposal.answers.all(),
        "supported": proposal_rules.has_supported(proposal, request.user),
        "is_staff": is_staff,
        "section": "usulan",
    }
    if is_staff:
        template = AnswerTemplate.objects.filter(pk=request.GET.get("templat") or 0).first()
        context.update(
            next_statuses=[
                (s, proposal.Status(s).label) for s in proposal_rules.next_statuses(proposal)
            ],
            answer_templates=AnswerTemplate.objects.all(),
            chosen_template=template,
            programs=ProgramPage.objects.live().order_by("title"),
            events=EventPage.objects.live().order_by("title"),
        )
    return render(request, "participation/proposal_detail.html", context)


@require_POST
def proposal_support(request, proposal_id):
    proposal = _proposal(proposal_id)
    if not request.user.is_authenticated:
        return redirect_to_login(proposal.get_absolute_url())
    try:
        if request.POST.get("action") == "withdraw":
            proposal_rules.withdraw_support(proposal, request.user)
            messages.success(request, _("Your support was withdrawn."))
        else:
            proposal_rules.support(proposal, request.user)
            messages.success(request, _("Thank you for your support."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(proposal)


@require_POST
def proposal_answer(request, proposal_id):
    proposal = _proposal(proposal_id)
    if not roles.is_staff(request.user):
        raise PermissionDenied
    program = ProgramPage.objects.filter(pk=request.POST.get("program") or 0).first()
    event = EventPage.objects.filter(pk=request.POST.get("event") or 0).first()
    try:
        if request.POST.get("action") == "hide":
            proposal_rules.hide(proposal, request.user, request.POST.get("reason", ""))
            messages.success(request, _("The proposal is hidden."))
        elif request.POST.get("action") == "unhide":
            proposal_rules.unhide(proposal, request.user)
            messages.success(request, _("The proposal is shown again."))
        else:
            proposal_rules.answer(
                proposal,
                request.user,
                status=request.POST.get("status", ""),
                body=request.POST.get("body", ""),
                program=program,
                event=event,
            )
            messages.success(request, _("The answer is published; supporters are told by e-mail."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(proposal)


# --- Complaints -----------------------------------------------------------------------------


@login_required
def complaint_list(request):
    if request.GET.get("kode"):
        return redirect("participation:complaint", code=request.GET["kode"].strip().upper()[:20])
    complaints = Complaint.objects.filter(reporter=request.user).select_related("program", "event")
    return render(
        request,
        "participation/complaint_list.html",
        {"complaints": complaints, "today": timezone.localdate(), "section": "pengaduan"},
    )


@login_required
def complaint_create(request):
    form = ComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = complaint_rules.submit(
                request.user,
                subject=data["subject"],
                title=data["title"],
                description=data["description"],
                program=data.get("program"),
                event=data.get("event"),
                service=data.get("service", ""),
                photo=data.get("photo"),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your complaint was received. Its tracking code is %(code)s.")
                % {"code": complaint.code},
            )
            return redirect(complaint)
    return render(
        request,
        "participation/complaint_form.html",
        {"form": form, "can_take_part": is_verified_resident(request.user), "section": "pengaduan"},
    )


def _complaint(request, code):
    try:
        return complaint_rules.get_for(request.user, code)
    except NotFoundError:
        raise Http404 from None


@login_required
def complaint_detail(request, code):
    complaint = _complaint(request, code)
    is_reporter = complaint.reporter_id == request.user.pk
    return render(
        request,
        "participation/complaint_detail.html",
        {
            "complaint": complaint,
            "updates": complaint.updates.select_related("author"),
            "is_reporter": is_reporter,
            "is_staff": roles.is_staff(request.user),
            "can_reopen": is_reporter and complaint_rules.can_reopen(complaint),
            "overdue": complaint.is_overdue(),
            "section": "pengaduan",
        },
    )


def complaint_photo(request, code):
    """The photo sent with a complaint, for the people who may read the complaint
    (complaints.get_for: the reporter and staff); anyone else, signed in or not, gets
    404. The file lives in private storage (config/storage.py), never under /media/.
    The API's photo_url points here, so an app may send its X-Session-Token instead
    of a session cookie."""
    user = request.user
    if not user.is_authenticated and request.headers.get("X-Session-Token"):
        user = SessionTokenAuth()(request) or user
    try:
        complaint = complaint_rules.get_for(user, code)
    except DomainError:
        raise Http404 from None
    if not complaint.photo:
        raise Http404
    try:
        photo = complaint.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Private to caches by config.middleware.PRIVATE_PATHS, like the complaint page.
    return FileResponse(photo, content_type="image/jpeg")


COMPLAINT_ACTIONS = {
    "reply": lambda c, u, body: complaint_rules.reply(c, u, body),
    "confirm": lambda c, u, body: complaint_rules.confirm_resolved(c, u),
    "reopen": lambda c, u, body: complaint_rules.reopen(c, u, body),
    "verify": lambda c, u, body: complaint_rules.verify(c, u, body),
    "answer": lambda c, u, body: complaint_rules.answer(c, u, body),
}


@login_required
@require_POST
def complaint_action(request, code):
    complaint = _complaint(request, code)
    action = COMPLAINT_ACTIONS.get(request.POST.get("action"))
    if action is None:
        messages.error(request, _("Unknown action."))
        return redirect(complaint)
    try:
        action(complaint, request.user, request.POST.get("body", ""))
        messages.success(request, _("Saved."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(complaint)


@login_required
def complaint_queue(request):
    """Staff: open complaints, the overdue ones first."""
    if not roles.is_staff(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    open_ = list(
        Complaint.objects.open().select_related("program", "event").order_by("submitted_at")
    )
    open_.sort(key=lambda c: (not c.is_overdue(today), c.submitted_at))
    return render(
        request,
        "participation/complaint_queue.html",
        {"complaints": open_, "today": today, "section": "pengaduan"},
    )


def complaint_figures(request):
    """Public: per program, how many complaints and how fast the office answers."""
    return render(
        request,
        "participation/complaint_figures.html",
        {
            "overall": complaint_rules.overall_figures(),
            "programs": complaint_rules.figures_by_program(),
            "section": "pengaduan",
        },
    )


def program_figures(request, program_id):
    program = ProgramPage.objects.live().public().filter(pk=program_id).first()
    if program is None:
        raise Http404
    return render(
        request,
        "participation/program_figures.html",
        {
            "program": program,
            "figures": complaint_rules.program_figures(program),
            "section": "pengaduan",
        },
    )


# --- Surveys --------------------------------------------------------------------------------


def survey_list(request):
    open_, closed = survey_rules.listed()
    return render(
        request,
        "participation/survey_list.html",
        {"open_surveys": open_, "closed_surveys": closed, "section": "survei"},
    )


def _survey(survey_id):
    try:
        survey = survey_rules.get_survey(survey_id)
    except NotFoundError:
        raise Http404 from None
    if survey.opens_at > timezone.now():
        raise Http404
    return survey


def survey_detail(request, survey_id):
    survey = _survey(survey_id)
    submitted = {}
    error = None
    if request.method == "POST":
        submitted = {
            str(q.pk): request.POST.getlist(f"q_{q.pk}")
            if q.kind == q.Kind.MULTIPLE
            else request.POST.get(f"q_{q.pk}", "")
            for q in survey.questions.all()
        }
        area = None
        if not request.user.is_authenticated and request.POST.get("wilayah"):
            area = Area.objects.filter(slug=request.POST["wilayah"], level=Area.Level.RW).first()
        try:
            survey_rules.respond(
                survey,
                request.user,
                submitted,
                area=area,
                address=client_ip(request),
                honeypot=request.POST.get("website", ""),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Thank you: your answers were saved."))
            return redirect("participation:survey", survey_id=survey.pk)
    problem = survey_rules.answer_problem(survey, request.user)
    questions = []
    for q in survey.questions.all():
        value = submitted.get(str(q.pk), [] if q.kind == q.Kind.MULTIPLE else "")
        questions.append(
            {"q": q, "value": value, "values": value if isinstance(value, list) else [value]}
        )
    return render(
        request,
        "participation/survey_detail.html",
        {
            "survey": survey,
            "questions": questions,
            "problem": problem,
            "error": error,
            "answered": survey_rules.has_responded(survey, request.user),
            "can_see_results": survey_rules.can_see_results(survey, request.user),
            "rws": Area.objects.filter(level=Area.Level.RW)
            .select_related("parent")
            .order_by("parent__name", "name")
            if not request.user.is_authenticated
            else [],
            "scale": ["1", "2", "3", "4", "5"],
            "section": "survei",
        },
    )


def survey_results(request, survey_id):
    survey = _survey(survey_id)
    if not survey_rules.can_see_results(survey, request.user):
        raise PermissionDenied
    return render(
        request,
        "participation/survey_results.html",
        {
            "survey": survey,
            "results": survey_rules.results(survey),
            "is_staff": roles.is_staff(request.user),
            "section": "survei",
        },
    )


@login_required
def survey_csv(request, survey_id):
    survey = _survey(survey_id)
    if not roles.is_staff(request.user):
        raise PermissionDenied
    response = HttpResponse(survey_rules.csv_export(survey), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survei-{survey.pk}.csv"'
    return response
