"""HTML views for residents and leaders. Thin: the rules live in community.membership."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from community import membership as rules
from community import personal_data
from community.consent import ConsentRequiredError
from community.forms import DecisionForm, DeleteAccountForm, ProfileForm
from community.models import CommunityGroupPage, Membership
from community.roles import is_kader
from config.errors import DomainError


def _group_or_404(page_id):
    group = CommunityGroupPage.objects.lookup(page_id)
    if group is None:
        raise Http404
    return group


def _safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# --- Joining and leaving ------------------------------------------------------------


@login_required
@require_POST
def join(request, page_id):
    group = _group_or_404(page_id)
    try:
        membership = rules.join(group, request.user)
    except ConsentRequiredError as exc:
        messages.warning(request, exc.message)
        return redirect(f"{reverse('community:profile')}?{urlencode({'next': group.url})}")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(group.url)
    if membership.status == Membership.Status.ACTIVE:
        messages.success(request, _("Welcome! You are now a member of %s.") % group.title)
    else:
        messages.success(
            request,
            _("Your request has been sent. The group's leaders will reply by e-mail."),
        )
    return redirect(group.url)


@login_required
@require_http_methods(["GET"])
def confirm_leave(request, page_id):
    """The second step before leaving a group or withdrawing a request (works without
    JavaScript)."""
    group = _group_or_404(page_id)
    membership = rules.membership_for(group, request.user)
    active = (Membership.Status.ACTIVE, Membership.Status.PENDING)
    if membership is None or membership.status not in active:
        return redirect(group.url)
    return render(
        request,
        "community/confirm_leave.html",
        {
            "group": group,
            "membership": membership,
            "is_last_leader": membership.is_leader
            and group.pk in rules.orphaned_group_ids(request.user),
            "next": _safe_next(request, group.url),
        },
    )


@login_required
@require_POST
def leave(request, page_id):
    group = _group_or_404(page_id)
    if request.POST.get("confirm") != "yes":
        # A form from before the confirmation step: ask first, change nothing yet.
        url = reverse("community:confirm_leave", args=[group.pk])
        target = request.POST.get("next")
        return redirect(f"{url}?{urlencode({'next': target})}" if target else url)
    try:
        rules.leave(group, request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You are no longer in %s.") % group.title)
    return redirect(_safe_next(request, group.url))


# --- Leaders -------------------------------------------------------------------------


def _managed_group(request, page_id):
    group = _group_or_404(page_id)
    if not rules.can_manage(group, request.user):
        raise PermissionDenied
    return group


@login_required
def manage(request, page_id):
    group = _managed_group(request, page_id)
    memberships = (
        Membership.objects.filter(group=group)
        .select_related("user__home_area__parent")
        .order_by("role", "user__display_name", "user__email")
    )
    active = [m for m in memberships if m.status == Membership.Status.ACTIVE]
    pending = sorted(
        (m for m in memberships if m.status == Membership.Status.PENDING),
        key=lambda m: m.created_at,
    )
    return render(
        request,
        "community/manage_group.html",
        {
            "group": group,
            "active": active,
            "pending": pending,
            "member_count": len(active),
            "decision_form": DecisionForm(),
            "is_staff_view": rules.is_staff_for(group, request.user),
        },
    )


@login_required
@require_POST
def decide(request, page_id, membership_id, decision):
    group = _managed_group(request, page_id)
    membership = get_object_or_404(Membership, pk=membership_id, group=group)
    form = DecisionForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    action = rules.approve if decision == "setujui" else rules.decline
    try:
        action(membership, request.user, message)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        name = membership.user.get_full_name()
        if decision == "setujui":
            messages.success(request, _("%s is now a member.") % name)
        else:
            messages.success(request, _("The request from %s was declined.") % name)
    return redirect("community:manage", page_id=group.pk)


# --- The resident's own pages --------------------------------------------------------


@login_required
def profile(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect(_safe_next(request, reverse("community:profile")))
    else:
        form = ProfileForm(instance=user)
    return render(
        request,
        "community/profile.html",
        {
            "form": form,
            "next": _safe_next(request, ""),
            "is_new": "baru" in request.GET,
            "assisted": getattr(user, "assisted_registration", None),
            "assisted_history": user.assisted_actions.all()[:20],
            "is_kader": is_kader(user),
        },
    )


@login_required
def my_groups(request):
    memberships = Membership.objects.current_for(request.user)
    return render(request, "community/my_groups.html", {"memberships": memberships})


@login_required
def download_data(request):
    data = personal_data.export(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="data-saya-balai.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Two steps, without JavaScript: the person proves it is them (e-mail or password),
    then confirms once more on a page that says what goes; the second form carries a
    signed, short-lived token instead of the password."""
    user = request.user
    led = [m.group for m in user.memberships.filter(rules.ACTIVE_LEADER).select_related("group")]
    if request.method == "POST" and "final" in request.POST:
        if _deletion_token_valid(request.POST["final"], user):
            personal_data.delete_account(user)
            logout(request)
            messages.success(request, _("Your account and your data have been deleted. Goodbye!"))
            return redirect("/")
        messages.error(request, _("The confirmation has expired. Nothing was deleted."))
        return redirect("community:delete_account")
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        token = signing.dumps(user.pk, salt=DELETION_SALT)
        return render(
            request, "community/confirm_delete_account.html", {"token": token, "led_groups": led}
        )
    return render(request, "community/delete_account.html", {"form": form, "led_groups": led})


DELETION_SALT = "balai.community.delete-account"
DELETION_MAX_AGE = 10 * 60


def _deletion_token_valid(token, user):
    try:
        return signing.loads(token, salt=DELETION_SALT, max_age=DELETION_MAX_AGE) == user.pk
    except signing.BadSignature:
        return False
