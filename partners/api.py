"""The partners API: the needs board (/api/needs/) and Open Referral HSDS 3.1 (/api/hsds/).

The needs endpoints read the same querysets and filters as /kebutuhan/ and change
pledges only through partners.pledges. The HSDS endpoints live in partners.hsds.
"""

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from config.api_auth import optional_auth, resident_auth
from config.api_schemas import error_responses
from config.errors import DomainError, PermissionDeniedError
from partners import pledges as rules
from partners.filters import NeedFilter
from partners.models import Need, Pledge

needs_router = Router(tags=["needs"])
hsds_router = Router(tags=["hsds"])


class ProgramRef(Schema):
    id: int
    title: str
    url: str | None


class AreaRef(Schema):
    id: int
    name: str
    slug: str


class PartnerRef(Schema):
    id: int
    name: str
    kind: str
    url: str


class PublicPledgeOut(Schema):
    id: int
    partner: PartnerRef
    amount: int
    amount_display: str
    status: str
    status_label: str
    pledged_at: datetime
    delivered_on: date | None


class NeedOut(Schema):
    id: int
    title: str
    url: str
    kind: str
    kind_label: str
    unit: str
    amount: int = Field(..., description="Asked: whole rupiah for cash, units otherwise")
    pledged: int
    delivered: int
    remaining: int
    over_pledged: int
    deadline: date | None
    is_open: bool
    status: str
    evidence_required: bool
    program: ProgramRef | None
    area: AreaRef | None


class NeedDetailOut(NeedOut):
    description: str
    pledges: list[PublicPledgeOut]
    my_pledges: list["MyPledgeOut"] = Field(
        default_factory=list, description="The caller's partner's pledges (partner accounts)"
    )


class NeedListOut(Schema):
    count: int
    page: int
    pages: int
    results: list[NeedOut]


class MyPledgeOut(Schema):
    id: int
    need_id: int
    amount: int
    amount_display: str
    status: str
    status_label: str
    note: str
    pledged_at: datetime
    confirmed_at: datetime | None
    delivered_on: date | None
    cancel_reason: str


NeedDetailOut.model_rebuild()


class PledgeIn(Schema):
    amount: int = Field(..., description="Whole rupiah for cash, units for goods or people")
    note: str = Field("", max_length=2000)


class NeedQuery(Schema):
    program: int | None = Field(None, description="Program page id")
    area: str | None = Field(None, description="Area slug (matches the RWs inside it)")
    kind: str | None = Field(None, description="cash, goods or people")
    open: bool | None = Field(None, description="Only needs open for pledges")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)


def need_data(need):
    program = need.program
    return {
        "id": need.pk,
        "title": need.title,
        "url": need.url,
        "kind": need.kind,
        "kind_label": str(need.get_kind_display()),
        "unit": need.unit,
        "amount": need.amount,
        "pledged": need.pledged_total,
        "delivered": need.delivered_total,
        "remaining": need.remaining,
        "over_pledged": need.over_pledged,
        "deadline": need.deadline,
        "is_open": need.is_open(),
        "status": need.status,
        "evidence_required": need.evidence_required,
        "program": {"id": program.pk, "title": program.title, "url": program.url}
        if program
        else None,
        "area": {"id": need.area.pk, "name": str(need.area), "slug": need.area.slug}
        if need.area_id
        else None,
    }


def public_pledge_data(pledge):
    partner = pledge.partner
    return {
        "id": pledge.pk,
        "partner": {
            "id": partner.pk,
            "name": partner.name,
            "kind": partner.kind,
            "url": partner.url,
        },
        "amount": pledge.amount,
        "amount_display": pledge.amount_display,
        "status": pledge.status,
        "status_label": str(pledge.get_status_display()),
        "pledged_at": pledge.created_at,
        "delivered_on": pledge.delivered_on,
    }


def my_pledge_data(pledge):
    return {
        "id": pledge.pk,
        "need_id": pledge.need_id,
        "amount": pledge.amount,
        "amount_display": pledge.amount_display,
        "status": pledge.status,
        "status_label": str(pledge.get_status_display()),
        "note": pledge.note,
        "pledged_at": pledge.created_at,
        "confirmed_at": pledge.confirmed_at,
        "delivered_on": pledge.delivered_on,
        "cancel_reason": pledge.cancel_reason,
    }


def _errors(errors):
    return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())


@needs_router.get(
    "/", response={200: NeedListOut, **error_responses()}, auth=optional_auth, url_name="needs"
)
def list_needs(request, filters: Query[NeedQuery]):
    """Published needs (open first by deadline), with pledged, delivered and remaining."""
    parsed = {
        "program": filters.program,
        "wilayah": filters.area,
        "jenis": filters.kind,
        "terbuka": "on" if filters.open else None,
    }
    data = {k: v for k, v in parsed.items() if v not in (None, "")}
    need_filter = NeedFilter(data, queryset=Need.objects.public(), request=request)
    if not need_filter.is_valid():
        raise DomainError(_errors(need_filter.errors), "invalid_filter", 422)
    queryset = need_filter.qs.for_listing().board_order()
    count = queryset.count()
    size = filters.page_size
    pages = max((count + size - 1) // size, 1)
    start = (filters.page - 1) * size
    results = [need_data(n) for n in queryset[start : start + size]] if start < count else []
    return {"count": count, "page": filters.page, "pages": pages, "results": results}


@needs_router.get(
    "/{int:need_id}/",
    response={200: NeedDetailOut, **error_responses(404)},
    auth=optional_auth,
    url_name="need",
)
def get_need(request, need_id: int):
    need = get_object_or_404(Need.objects.public().for_listing(), pk=need_id)
    data = need_data(need)
    pledges = Pledge.objects.on_need_page(need)
    data["description"] = need.description
    data["pledges"] = [public_pledge_data(p) for p in pledges]
    partner = rules.partner_of(request.auth)
    if partner is not None:
        mine = Pledge.objects.filter(need=need, partner=partner).select_related("need")
        data["my_pledges"] = [my_pledge_data(p) for p in mine]
    return data


@needs_router.post(
    "/{int:need_id}/pledges/",
    response={201: MyPledgeOut, **error_responses(401, 403, 404, 409)},
    auth=resident_auth,
    url_name="pledges",
)
def create_pledge(request, need_id: int, payload: PledgeIn):
    """A partner account pledges to an open need (over-pledging is allowed and shown).
    403 `not_a_partner` for other accounts; 409 `need_closed`; 422 `invalid_amount`."""
    need = get_object_or_404(Need.objects.public(), pk=need_id)
    pledge = rules.pledge(need, request.auth, payload.amount, payload.note)
    return Status(201, my_pledge_data(pledge))


class MyPledgeListOut(Schema):
    partner: PartnerRef
    results: list[MyPledgeOut]


@needs_router.get(
    "/pledges/",
    response={200: MyPledgeListOut, **error_responses(401, 403)},
    auth=resident_auth,
    url_name="my_pledges",
)
def my_pledges(request):
    """The caller's partner's pledges, newest first (partner accounts only)."""
    partner = rules.partner_of(request.auth)
    if partner is None:
        raise PermissionDeniedError(
            _("Only partner accounts have pledges. Ask the kelurahan office for an invitation."),
            "not_a_partner",
        )
    pledges = (
        Pledge.objects.filter(partner=partner).select_related("need").order_by("-created_at", "-pk")
    )
    return {
        "partner": {
            "id": partner.pk,
            "name": partner.name,
            "kind": partner.kind,
            "url": partner.url,
        },
        "results": [my_pledge_data(p) for p in pledges],
    }


# The HSDS endpoints register themselves on hsds_router.
from partners import hsds  # noqa: E402, F401
