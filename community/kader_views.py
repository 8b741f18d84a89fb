"""Pendampingan pages for kader, and claiming an assisted account. Thin: the rules are
in community.assisted. Mobile first, no JavaScript needed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from community import assisted
from community.kader_forms import AssistedResidentForm, ClaimForm
from community.models import CommunityGroupPage, Membership
from config.client_ip import client_ip
from config.errors import DomainError, NotFoundError, PermissionDeniedError


def _kader(request):
    try:
        assisted.require_kader(request.user)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from None
    return request.user


def _resident(kader, resident_id):
    try:
        return assisted.resident_for(kader, resident_id)
    except NotFoundError:
        raise Http404 from None


def kader_and_resident(request, resident_id):
    """The signed-in kader and one resident they assist, or 403 / 404: for every page
    where a kader acts for a resident (events' enrollment page too)."""
    kader = _kader(request)
    return kader, _resident(kader, resident_id)


@login_required
def home(request):
    kader = _kader(request)
    return render(
        request,
        "community/kader/home.html",
        {"residents": assisted.assisted_by(kader), "kader": kader},
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    kader = _kader(request)
    ids = assisted.area_ids(kader)
    form = AssistedResidentForm(request.POST or None, area_ids=ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            resident, code = assisted.register_resident(
                kader,
                name=data["name"],
                phone=data["phone"],
                area=data["area"],
                paper_form_number=data["paper_form_number"],
                consent=data["consent"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%s is registered.") % resident.get_full_name())
            return render(
                request, "community/kader/claim_slip.html", {"resident": resident, "code": code}
            )
    status = 422 if request.method == "POST" else 200
    return render(request, "community/kader/register.html", {"form": form}, status=status)


def _groups_for(kader, resident):
    ids = assisted.area_ids(kader)
    groups = list(
        CommunityGroupPage.objects.live()
        .public()
        .filter(area_id__in=ids)
        .select_related("area__parent")
        .order_by("title")
    )
    taken = set(
        Membership.objects.filter(
            user=resident,
            status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING],
        ).values_list("group_id", flat=True)
    )
    return [g for g in groups if g.pk not in taken]


@login_required
def resident(request, resident_id):
    kader, person = kader_and_resident(request, resident_id)
    memberships = (
        Membership.objects.filter(user=person).select_related("group").order_by("-created_at")
    )
    return render(
        request,
        "community/kader/resident.html",
        {
            "resident": person,
            "registration": person.assisted_registration,
            "memberships": memberships,
            "groups": _groups_for(kader, person),
            "history": assisted.history(person)[:50],
            "actions": [
                (label, reverse(url_name, args=[person.pk]))
                for label, url_name in assisted.actions()
            ],
        },
    )


@login_required
@require_POST
def join(request, resident_id):
    kader, person = kader_and_resident(request, resident_id)
    group = CommunityGroupPage.objects.live().filter(pk=request.POST.get("group") or 0).first()
    if group is None:
        messages.error(request, _("Choose a group."))
    else:
        try:
            result = assisted.join_on_behalf(kader, person, group)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if result.status == Membership.Status.ACTIVE:
                messages.success(
                    request,
                    _("%(name)s is now a member of %(group)s.")
                    % {"name": person.get_full_name(), "group": group.title},
                )
            else:
                messages.success(
                    request, _("The request to join %(group)s was sent.") % {"group": group.title}
                )
    return redirect("community:kader_resident", resident_id=person.pk)


@login_required
@require_POST
def new_claim_code(request, resident_id):
    kader, person = kader_and_resident(request, resident_id)
    try:
        code = assisted.new_claim_code(kader, person)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("community:kader_resident", resident_id=person.pk)
    return render(request, "community/kader/claim_slip.html", {"resident": person, "code": code})


@require_http_methods(["GET", "POST"])
def claim(request):
    """A resident registered by a kader adds an e-mail and a password."""
    if request.user.is_authenticated:
        return redirect("community:profile")
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, address = assisted.claim(
                data["code"],
                data["email"],
                data["password1"],
                client_key=client_ip(request) or "-",
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            address.send_confirmation(request)
            return render(request, "community/kader/claimed.html", {"email": user.email})
    status = 422 if request.method == "POST" else 200
    return render(request, "community/kader/claim.html", {"form": form}, status=status)
