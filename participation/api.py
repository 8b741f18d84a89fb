"""The participation API: /api/proposals/, /api/complaints/, /api/surveys/.

The same rules (participation.proposals, .complaints, .surveys) and the same reads as
the HTML pages. Creating a proposal or a complaint takes a form (multipart/form-data),
so a photo can come along; everything else is JSON."""

from datetime import date, datetime

from django.core.paginator import Paginator
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from config.api_auth import optional_auth, resident_auth
from config.api_schemas import error_responses
from config.client_ip import client_ip
from config.errors import DomainError, NotFoundError
from events.models import EventPage
from pages.models import Area, ProgramPage
from participation import complaints as complaint_rules
from participation import proposals as proposal_rules
from participation import surveys as survey_rules
from participation.models import Category, Complaint, Proposal

proposals_router = Router(tags=["proposals"])
complaints_router = Router(tags=["complaints"])
surveys_router = Router(tags=["surveys"])


# --- Proposals ------------------------------------------------------------------------------


class LinkOut(Schema):
    id: int
    title: str
    url: str | None


class AnswerOut(Schema):
    status: str
    status_label: str
    body: str
    created_at: datetime


class ProposalOut(Schema):
    id: int
    title: str | None = Field(description="Empty when staff hid the proposal")
    description: str | None
    category: str
    category_label: str
    status: str
    status_label: str
    area: str
    area_slug: str
    support_count: int
    photo_url: str | None
    created_at: datetime
    hidden: bool
    hidden_reason: str
    program: LinkOut | None
    event: LinkOut | None
    url: str
    supported: bool | None = Field(None, description="Whether the caller supports it")


class ProposalDetailOut(ProposalOut):
    answers: list[AnswerOut]


class ProposalListOut(Schema):
    count: int
    page: int
    pages: int
    results: list[ProposalOut]


class ProposalQuery(Schema):
    q: str | None = Field(None, max_length=200)
    status: Proposal.Status | None = None
    category: Category | None = None
    area: str | None = Field(None, description="Area slug (its RWs count too)")
    sort: str = Field("terbaru", pattern="^(terbaru|dukungan)$", description="terbaru or dukungan")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=100)


class ProposalIn(Schema):
    title: str = Field(..., max_length=500)
    description: str = Field(..., max_length=10_000)
    category: str
    area: str = Field(..., description="Slug of the RW")


class SupportOut(Schema):
    supported: bool
    support_count: int


def _link(page):
    if page is None:
        return None
    return {"id": page.pk, "title": page.title, "url": page.url}


def proposal_data(p, supported=None):
    hidden = p.is_hidden
    return {
        "id": p.pk,
        "title": None if hidden else p.title,
        "description": None if hidden else p.description,
        "category": p.category,
        "category_label": str(Category(p.category).label),
        "status": p.status,
        "status_label": str(Proposal.Status(p.status).label),
        "area": str(p.area),
        "area_slug": p.area.slug,
        "support_count": p.support_count,
        "photo_url": p.photo.url if p.photo and not hidden else None,
        "created_at": p.created_at,
        "hidden": hidden,
        "hidden_reason": p.hidden_reason if hidden else "",
        "program": _link(p.program) if p.program_id else None,
        "event": _link(p.event) if p.event_id else None,
        "url": p.get_absolute_url(),
        "supported": supported,
    }


def _area(slug, required=False):
    if not slug:
        if required:
            raise DomainError(_t("Choose your RW."), "invalid_area", 422)
        return None
    area = Area.objects.filter(slug=slug).select_related("parent").first()
    if area is None:
        raise DomainError(_t("Unknown area."), "invalid_area", 422)
    return area


def _t(message):
    from django.utils.translation import gettext

    return gettext(message)


@proposals_router.get("/", response=ProposalListOut, auth=optional_auth, url_name="proposal_list")
def list_proposals(request, filters: Query[ProposalQuery]):
    """Published proposals (not hidden), newest first or most supported first."""
    qs = proposal_rules.listing(
        status=filters.status,
        category=filters.category,
        area=_area(filters.area),
        q=filters.q,
        sort=filters.sort,
    ).select_related("program", "event")
    paginator = Paginator(qs, filters.page_size)
    page = paginator.get_page(filters.page)
    items = list(page.object_list) if filters.page <= paginator.num_pages else []
    mine = proposal_rules.supported_ids(request.auth, [p.pk for p in items])
    known = request.auth.is_authenticated
    return {
        "count": paginator.count,
        "page": filters.page,
        "pages": paginator.num_pages,
        "results": [proposal_data(p, (p.pk in mine) if known else None) for p in items],
    }


@proposals_router.post(
    "/",
    response={201: ProposalDetailOut, **error_responses(401, 403, 429)},
    auth=resident_auth,
    url_name="proposal_create",
)
def create_proposal(request, payload: Form[ProposalIn], photo: File[UploadedFile] = None):
    """Submit a proposal (a verified resident with consent). multipart/form-data;
    `photo` optional (JPEG/PNG/WebP, at most 5 MB; stored without EXIF/GPS)."""
    proposal = proposal_rules.submit(
        request.auth,
        title=payload.title,
        description=payload.description,
        category=payload.category,
        area=_area(payload.area, required=True),
        photo=photo,
    )
    proposal = proposal_rules.get_public(proposal.pk)
    return Status(201, {**proposal_data(proposal, False), "answers": []})


@proposals_router.get(
    "/{int:proposal_id}/",
    response={200: ProposalDetailOut, **error_responses(404)},
    auth=optional_auth,
    url_name="proposal",
)
def get_proposal(request, proposal_id: int):
    proposal = proposal_rules.get_public(proposal_id)
    supported = (
        proposal_rules.has_supported(proposal, request.auth)
        if request.auth.is_authenticated
        else None
    )
    answers = [
        {
            "status": a.status,
            "status_label": str(Proposal.Status(a.status).label),
            "body": a.body,
            "created_at": a.created_at,
        }
        for a in proposal.answers.all()
    ]
    return {**proposal_data(proposal, supported), "answers": answers}


@proposals_router.post(
    "/{int:proposal_id}/support/",
    response={200: SupportOut, **error_responses(401, 403, 404, 409)},
    auth=resident_auth,
    url_name="proposal_support",
)
def support(request, proposal_id: int):
    """Support a proposal (once each; repeating it is harmless)."""
    count = proposal_rules.support(proposal_rules.get_public(proposal_id), request.auth)
    return {"supported": True, "support_count": count}


@proposals_router.delete(
    "/{int:proposal_id}/support/",
    response={200: SupportOut, **error_responses(401, 404)},
    auth=resident_auth,
)
def withdraw(request, proposal_id: int):
    """Withdraw my support."""
    count = proposal_rules.withdraw_support(proposal_rules.get_public(proposal_id), request.auth)
    return {"supported": False, "support_count": count}


# --- Complaints -----------------------------------------------------------------------------


class ComplaintUpdateOut(Schema):
    kind: str
    kind_label: str
    body: str
    created_at: datetime


class ComplaintOut(Schema):
    code: str
    subject: str
    about: str
    title: str
    status: str
    status_label: str
    submitted_at: datetime
    verify_due: date
    answer_due: date
    close_due: date | None
    overdue: bool
    can_reopen: bool
    url: str


class ComplaintDetailOut(ComplaintOut):
    description: str
    photo_url: str | None
    updates: list[ComplaintUpdateOut]


class ComplaintIn(Schema):
    subject: Complaint.Subject
    title: str = Field(..., max_length=500)
    description: str = Field(..., max_length=10_000)
    program: int | None = Field(None, description="Program page id (subject=program)")
    event: int | None = Field(None, description="Event page id (subject=event)")
    service: str = Field("", max_length=500, description="The service (subject=service)")


def complaint_data(c):
    return {
        "code": c.code,
        "subject": c.subject,
        "about": c.about,
        "title": c.title,
        "status": c.status,
        "status_label": str(Complaint.Status(c.status).label),
        "submitted_at": c.submitted_at,
        "verify_due": c.verify_due,
        "answer_due": c.answer_due,
        "close_due": c.close_due,
        "overdue": c.is_overdue(),
        "can_reopen": complaint_rules.can_reopen(c),
        "url": c.get_absolute_url(),
    }


def complaint_detail(c):
    return {
        **complaint_data(c),
        "description": c.description,
        # Private: the view that checks the caller may read this complaint.
        "photo_url": reverse("participation:complaint_photo", args=[c.code]) if c.photo else None,
        "updates": [
            {
                "kind": u.kind,
                "kind_label": str(u.get_kind_display()),
                "body": u.body,
                "created_at": u.created_at,
            }
            for u in c.updates.all()
        ],
    }


@complaints_router.get(
    "/",
    response={200: list[ComplaintOut], **error_responses(401)},
    auth=resident_auth,
    url_name="complaint_list",
)
def my_complaints(request):
    """The caller's own complaints, newest first."""
    qs = complaint_rules.visible_to(request.auth).filter(reporter=request.auth)
    return [complaint_data(c) for c in qs.select_related("program", "event")]


@complaints_router.post(
    "/",
    response={201: ComplaintDetailOut, **error_responses(401, 403, 429)},
    auth=resident_auth,
    url_name="complaint_create",
)
def create_complaint(request, payload: Form[ComplaintIn], photo: File[UploadedFile] = None):
    """Send a complaint about a program, an activity or a service (multipart/form-data).
    The answer carries its tracking code, e.g. ADU-2026-000123."""
    program = event = None
    if payload.subject == Complaint.Subject.PROGRAM:
        program = ProgramPage.objects.live().filter(pk=payload.program or 0).first()
    if payload.subject == Complaint.Subject.EVENT:
        event = EventPage.objects.live().filter(pk=payload.event or 0).first()
    complaint = complaint_rules.submit(
        request.auth,
        subject=payload.subject,
        title=payload.title,
        description=payload.description,
        program=program,
        event=event,
        service=payload.service,
        photo=photo,
    )
    return Status(201, complaint_detail(complaint_rules.get_for(request.auth, complaint.code)))


@complaints_router.get(
    "/{code}/",
    response={200: ComplaintDetailOut, **error_responses(401, 404)},
    auth=resident_auth,
    url_name="complaint",
)
def get_complaint(request, code: str):
    """One complaint by its tracking code: the reporter's own (staff: any)."""
    return complaint_detail(complaint_rules.get_for(request.auth, code))


# --- Surveys --------------------------------------------------------------------------------


class QuestionOut(Schema):
    id: int
    text: str
    help_text: str
    kind: str
    required: bool
    choices: list[dict[str, str]]


class SurveyOut(Schema):
    id: int
    title: str
    intro: str
    opens_at: datetime
    closes_at: datetime
    is_open: bool
    audience: str
    allow_anonymous: bool
    results_public: bool
    url: str


class SurveyDetailOut(SurveyOut):
    questions: list[QuestionOut]
    answered: bool | None = None


class ResponseIn(Schema):
    answers: dict[str, str | int | list[str]] = Field(
        ..., description="{question id: value}; a list of choice keys for multiple choice"
    )
    area: str | None = Field(None, description="Anonymous answers: the slug of your RW")
    website: str = Field("", description="Leave empty (a trap for robots)")


class ResponseOut(Schema):
    id: int
    survey: int


Cell = int | float | str | None


class ResultRowOut(Schema):
    key: str
    label: str
    total: Cell
    cells: list[Cell]


class ResultQuestionOut(Schema):
    id: int
    text: str
    kind: str
    respondents: Cell
    columns: list[str]
    rows: list[ResultRowOut]


class ResultsOut(Schema):
    survey: int
    respondents: Cell
    small_cell_rule: str
    questions: list[ResultQuestionOut]


def survey_data(s):
    return {
        "id": s.pk,
        "title": s.title,
        "intro": s.intro,
        "opens_at": s.opens_at,
        "closes_at": s.closes_at,
        "is_open": s.is_open(),
        "audience": s.audience,
        "allow_anonymous": s.allow_anonymous,
        "results_public": s.results_public,
        "url": s.get_absolute_url(),
    }


@surveys_router.get("/", response=list[SurveyOut], auth=optional_auth, url_name="survey_list")
def list_surveys(request):
    """Open surveys (closing soonest first), then closed ones with public results."""
    open_, closed = survey_rules.listed()
    return [survey_data(s) for s in [*open_, *closed]]


@surveys_router.get(
    "/{int:survey_id}/",
    response={200: SurveyDetailOut, **error_responses(404)},
    auth=optional_auth,
    url_name="survey",
)
def get_survey(request, survey_id: int):
    survey = _visible_survey(survey_id)
    data = survey_data(survey)
    data["questions"] = [
        {
            "id": q.pk,
            "text": q.text,
            "help_text": q.help_text,
            "kind": q.kind,
            "required": q.required,
            "choices": [{"key": k, "label": v} for k, v in q.choice_pairs()]
            if q.has_choices
            else [],
        }
        for q in survey.questions.all()
    ]
    if request.auth.is_authenticated:
        data["answered"] = survey_rules.has_responded(survey, request.auth)
    return data


def _visible_survey(survey_id):
    from django.utils import timezone

    survey = survey_rules.get_survey(survey_id)
    if survey.opens_at > timezone.now():
        raise NotFoundError(_t("Survey not found."), "not_found")
    return survey


@surveys_router.post(
    "/{int:survey_id}/responses/",
    response={201: ResponseOut, **error_responses(400, 401, 403, 404, 409, 429)},
    auth=optional_auth,
    url_name="survey_respond",
)
def respond(request, survey_id: int, payload: ResponseIn):
    """Answer a survey: once per resident; anonymously only where staff allow it."""
    survey = _visible_survey(survey_id)
    response = survey_rules.respond(
        survey,
        request.auth,
        payload.answers,
        area=_area(payload.area) if not request.auth.is_authenticated else None,
        address=client_ip(request),
        honeypot=payload.website,
    )
    return Status(201, {"id": response.pk, "survey": survey.pk})


@surveys_router.get(
    "/{int:survey_id}/results/",
    response={200: ResultsOut, **error_responses(403, 404)},
    auth=optional_auth,
    url_name="survey_results",
)
def results(request, survey_id: int):
    """Results per question by RW. Any count of 1 to 4 people reads "< 5"."""
    survey = _visible_survey(survey_id)
    survey_rules.require_results(survey, request.auth)
    data = survey_rules.results(survey)
    return {
        "survey": survey.pk,
        "respondents": data["respondents"],
        "small_cell_rule": "< 5",
        "questions": [
            {
                "id": item["question"].pk,
                "text": item["question"].text,
                "kind": item["kind"],
                "respondents": item["respondents"],
                "columns": [str(c) for c in item["columns"]],
                "rows": [
                    {
                        "key": r["key"],
                        "label": str(r["label"]),
                        "total": r["total"],
                        "cells": r["cells"],
                    }
                    for r in item["rows"]
                ],
            }
            for item in data["questions"]
        ],
    }
