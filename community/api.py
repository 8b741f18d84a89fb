"""The community API: groups and memberships (/api/groups/) and the resident (/api/me/).

Thin: every change goes through community.membership (the same rules the HTML views
use); DomainError becomes {"detail", "code"} with its 4xx status (config/api.py).
"""

from datetime import datetime

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from community import membership as rules
from community import personal_data
from community.filters import GroupFilter, area_slug
from community.forms import DeleteAccountForm, ProfileForm
from community.models import CommunityGroupPage, Membership
from config import content_version
from config.api_auth import optional_auth, resident_auth
from config.api_schemas import BodyIn, error_responses
from config.errors import DomainError, NotFoundError
from pages.models import Area

router = Router(tags=["groups"])
user_router = Router(tags=["me"])

MAX_PAGE_SIZE = 50


# --- Schemas --------------------------------------------------------------------------


class AreaOut(Schema):
    id: int
    name: str
    slug: str


class GroupItem(Schema):
    id: int
    title: str
    url: str | None
    kind: str
    kind_label: str
    summary: str
    area: AreaOut | None
    meeting_schedule: str
    join_policy: str
    member_limit: int | None
    member_count: int
    is_full: bool


class GroupList(Schema):
    count: int
    page: int
    pages: int
    results: list[GroupItem]


class MyMembership(Schema):
    id: int
    status: str
    role: str
    message: str
    requested_at: datetime
    decided_at: datetime | None


class ProgramRef(Schema):
    id: int
    title: str


class GroupDetail(GroupItem):
    description: str
    leaders: list[str]
    related_program: ProgramRef | None
    tags: list[str]
    join_state: str = Field(
        description="join, request, pending, member, leader, declined or full: what the "
        "join button should say to this caller"
    )
    my_membership: MyMembership | None
    can_manage: bool


class MembershipStatus(Schema):
    status: str
    role: str


class DecisionIn(BodyIn):
    message: str = Field("", max_length=500)


class PersonOut(Schema):
    membership_id: int
    name: str
    email: str
    phone: str
    home_area: str | None
    role: str
    status: str
    requested_at: datetime
    decided_at: datetime | None


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    phone: str
    home_area: AreaOut | None
    data_consent_at: datetime | None
    profile_complete: bool
    email_reminders: bool
    email_group_updates: bool


class MeIn(BodyIn):
    display_name: str | None = None
    phone: str | None = None
    home_area: str | int | None = Field(None, description="area slug or id; empty to clear")
    consent: bool | None = Field(None, description="consent to personal data processing")
    email_reminders: bool | None = None
    email_group_updates: bool | None = None


class MyGroupOut(Schema):
    group: ProgramRef
    url: str | None
    status: str
    role: str
    message: str
    requested_at: datetime
    decided_at: datetime | None


class DeleteIn(BodyIn):
    confirm: str = Field(min_length=1, description="your e-mail address or your password")


# --- Helpers --------------------------------------------------------------------------


def _area(area):
    return {"id": area.pk, "name": str(area), "slug": area.slug} if area else None


def _group_item(request, group, member_count):
    return {
        "id": group.pk,
        "title": group.title,
        "url": group.get_url(request),
        "kind": group.kind,
        "kind_label": str(group.get_kind_display()),
        "summary": group.summary,
        "area": _area(group.area),
        "meeting_schedule": group.meeting_schedule,
        "join_policy": group.join_policy,
        "member_limit": group.member_limit,
        "member_count": member_count,
        "is_full": group.is_full_at(member_count),
    }


def _membership_out(m):
    if m is None:
        return None
    return {
        "id": m.pk,
        "status": m.status,
        "role": m.role,
        "message": m.message,
        "requested_at": m.created_at,
        "decided_at": m.decided_at,
    }


def _public_group(group_id):
    group = CommunityGroupPage.objects.lookup(group_id)
    if group is None:
        raise NotFoundError(_("Group not found."), "not_found")
    return group


def _managed_group(request, group_id):
    group = _public_group(group_id)
    if not rules.can_manage(group, request.user):
        raise rules.NotLeaderError()
    return group


def _form_errors(form):
    errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
    first = next(iter(errors.values()))[0]
    return {"detail": first, "code": "invalid", "errors": errors}


# --- Groups ---------------------------------------------------------------------------


@router.get(
    "/",
    response={200: GroupList, **error_responses(400, 401)},
    auth=optional_auth,
    summary="List groups",
)
def list_groups(
    request,
    q: str = "",
    kind: str = "",
    area: str = Query("", description="area slug or id: matches the area, around and inside"),
    page: int = Query(1, ge=1),
    page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
):
    # The same for every caller: served from the cache under the content version.
    return content_version.cached_json(
        request,
        "community:api:groups",
        lambda: _group_list(request, q, kind, area, page, page_size),
        schema=GroupList,
    )


def _group_list(request, q, kind, area, page, page_size):
    groups = CommunityGroupPage.objects.live().public().for_listing().order_by("title", "pk")
    group_filter = GroupFilter({"q": q, "jenis": kind, "wilayah": area_slug(area)}, queryset=groups)
    if not group_filter.is_valid():
        raise DomainError(
            _("Unknown filter value: %(fields)s.")
            % {"fields": ", ".join(group_filter.errors.keys())},
            "invalid_filter",
            422,
        )
    paginator = Paginator(group_filter.qs, page_size)
    page_obj = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": page_obj.number,
        "pages": paginator.num_pages,
        "results": [_group_item(request, g, g.member_count) for g in page_obj.object_list],
    }


@router.get(
    "/{int:group_id}/",
    response={200: GroupDetail, **error_responses(401, 404)},
    auth=optional_auth,
    summary="One group",
)
def group_detail(request, group_id: int):
    group = _public_group(group_id)
    user = request.auth
    mine = rules.membership_for(group, user)
    count = rules.active_count(group)
    program = group.related_program
    return {
        **_group_item(request, group, count),
        "description": group.description,
        "leaders": [leader.get_full_name() for leader in group.leaders()],
        "related_program": {"id": program.pk, "title": program.title} if program else None,
        "tags": [tag.name for tag in group.tags.all()],
        "join_state": rules.join_state(group, mine, count),
        "my_membership": _membership_out(mine),
        "can_manage": rules.can_manage(group, user),
    }


@router.post(
    "/{int:group_id}/membership/",
    response={200: MembershipStatus, **error_responses(401, 403, 404, 409)},
    auth=resident_auth,
    summary="Join a group (or ask to); repeating it returns the current state",
)
def join_group(request, group_id: int):
    membership = rules.join(_public_group(group_id), request.user)
    return {"status": membership.status, "role": membership.role}


@router.delete(
    "/{int:group_id}/membership/",
    response={200: MembershipStatus, **error_responses(401, 404, 409)},
    auth=resident_auth,
    summary="Leave a group or withdraw a request",
)
def leave_group(request, group_id: int):
    membership = rules.leave(_public_group(group_id), request.user)
    return {"status": membership.status, "role": membership.role}


def _person(m):
    user = m.user
    return {
        "membership_id": m.pk,
        "name": user.get_full_name(),
        "email": user.email,
        "phone": user.phone,
        "home_area": str(user.home_area) if user.home_area_id else None,
        "role": m.role,
        "status": m.status,
        "requested_at": m.created_at,
        "decided_at": m.decided_at,
    }


def _people(group, status):
    memberships = (
        Membership.objects.filter(group=group, status=status)
        .select_related("user__home_area__parent")
        .order_by("role", "created_at")
    )
    return [_person(m) for m in memberships]


@router.get(
    "/{int:group_id}/members/",
    response={200: list[PersonOut], **error_responses(401, 403, 404)},
    auth=resident_auth,
    summary="The roster with contact details (this group's leaders and staff only)",
)
def roster(request, group_id: int):
    return _people(_managed_group(request, group_id), Membership.Status.ACTIVE)


@router.get(
    "/{int:group_id}/requests/",
    response={200: list[PersonOut], **error_responses(401, 403, 404)},
    auth=resident_auth,
    summary="Pending requests to join (this group's leaders and staff only)",
)
def pending_requests(request, group_id: int):
    return _people(_managed_group(request, group_id), Membership.Status.PENDING)


def _decision_message(request):
    """The optional body {"message": "..."} (JSON, or a form field); none is fine."""
    if request.content_type != "application/json":
        return (request.POST.get("message") or "")[:500]
    if not request.body.strip():
        return ""
    try:
        data = DecisionIn.model_validate_json(request.body)
    except ValueError:
        raise DomainError(
            _('Send an empty body or JSON like {"message": "..."} (at most 500 characters).'),
            "invalid",
            422,
        ) from None
    return data.message


DECISION_BODY = {
    "requestBody": {
        "required": False,
        "content": {"application/json": {"schema": DecisionIn.model_json_schema()}},
    }
}


def _decide(request, group_id, membership_id, action):
    group = _managed_group(request, group_id)
    membership = Membership.objects.filter(pk=membership_id, group=group).first()
    if membership is None:
        raise NotFoundError(_("Request not found."), "not_found")
    membership = action(membership, request.user, _decision_message(request))
    return {"status": membership.status, "role": membership.role}


@router.post(
    "/{int:group_id}/requests/{int:membership_id}/approve",
    response={200: MembershipStatus, **error_responses(401, 403, 404, 409)},
    auth=resident_auth,
    summary="Approve a request (leaders and staff)",
    openapi_extra=DECISION_BODY,
)
def approve_request(request, group_id: int, membership_id: int):
    return _decide(request, group_id, membership_id, rules.approve)


@router.post(
    "/{int:group_id}/requests/{int:membership_id}/decline",
    response={200: MembershipStatus, **error_responses(401, 403, 404, 409)},
    auth=resident_auth,
    summary="Decline a request, with an optional message (leaders and staff)",
    openapi_extra=DECISION_BODY,
)
def decline_request(request, group_id: int, membership_id: int):
    return _decide(request, group_id, membership_id, rules.decline)


# --- The resident ---------------------------------------------------------------------


def _me(user):
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": user.display_name,
        "phone": user.phone,
        "home_area": _area(user.home_area),
        "data_consent_at": user.data_consent_at,
        "profile_complete": user.profile_complete,
        "email_reminders": user.email_reminders,
        "email_group_updates": user.email_group_updates,
    }


@user_router.get(
    "/", response={200: MeOut, **error_responses(401)}, auth=resident_auth, summary="My profile"
)
def me(request):
    return _me(request.user)


@user_router.patch(
    "/",
    response={200: MeOut, **error_responses(401)},
    auth=resident_auth,
    summary="Update my profile (only the fields sent change)",
)
def update_me(request, payload: MeIn):
    user = request.user
    data = {
        "display_name": user.display_name,
        "phone": user.phone,
        "home_area": user.home_area_id or "",
        "consent": user.has_consented,
        "email_reminders": user.email_reminders,
        "email_group_updates": user.email_group_updates,
    }
    changes = payload.dict(exclude_unset=True)
    if "home_area" in changes:
        value = changes["home_area"]
        value = "" if value is None else str(value).replace("\x00", "").strip()
        if value and not value.isdigit():
            found = Area.objects.filter(slug=value).values_list("pk", flat=True).first()
            value = found or value
        changes["home_area"] = value
    for key in ("display_name", "phone"):
        if key in changes and changes[key] is None:
            changes[key] = ""
    data.update(changes)
    form = ProfileForm(data, instance=user)
    if not form.is_valid():
        return Status(422, _form_errors(form))
    form.save()
    return _me(user)


@user_router.get(
    "/groups/",
    response={200: list[MyGroupOut], **error_responses(401)},
    auth=resident_auth,
    summary="My groups",
)
def my_groups(request):
    memberships = Membership.objects.current_for(request.user)
    return [
        {
            "group": {"id": m.group_id, "title": m.group.title},
            "url": m.group.get_url(request),
            "status": m.status,
            "role": m.role,
            "message": m.message,
            "requested_at": m.created_at,
            "decided_at": m.decided_at,
        }
        for m in memberships
    ]


@user_router.get(
    "/data/",
    response={200: dict, **error_responses(401)},
    auth=resident_auth,
    summary="Download all my data (JSON)",
)
def my_data(request):
    return personal_data.export(request.user)


@user_router.post(
    "/delete/",
    response={200: dict, **error_responses(401)},
    auth=resident_auth,
    summary="Delete my account (confirm with your e-mail address or password)",
)
def delete_me(request, payload: DeleteIn):
    user = request.user
    form = DeleteAccountForm({"confirm": payload.confirm}, user=user)
    if not form.is_valid():
        return Status(422, _form_errors(form))
    personal_data.delete_account(user)
    return {"deleted": True}
