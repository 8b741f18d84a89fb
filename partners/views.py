"""HTML views of the needs board. Thin: rules live in partners.pledges and
partners.invitations; reads on the querysets in partners.models."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.roles import is_staff
from config.errors import DomainError
from config.page_cache import is_anonymous, mark_cacheable
from pages.models import Partner, paginate
from partners import invitations
from partners import pledges as rules
from partners.filters import NeedFilter
from partners.forms import CancelForm, DeliverForm, PledgeForm, ReportForm
from partners.models import Need, Pledge, rupiah


def _visible_needs(user):
    return Need.objects.all() if is_staff(user) else Need.objects.public()


# --- Public -------------------------------------------------------------------------------


def needs_board(request):
    need_filter = NeedFilter(request.GET or None, queryset=Need.objects.public(), request=request)
    needs = need_filter.qs.for_listing().board_order()
    if is_anonymous(request):
        mark_cacheable(request)  # the same page for every visitor (config.page_cache)
    return render(
        request,
        "partners/needs_board.html",
        {
            "filter": need_filter,
            "needs": paginate(request, needs),
            "partner": rules.partner_of(request.user),
        },
    )


def _need_context(request, need, form=None, error=None):
    user = request.user
    partner = rules.partner_of(user)
    pledges = list(Pledge.objects.on_need_page(need))
    mine = [p for p in pledges if partner and p.partner_id == partner.pk]
    problem = rules.pledge_problem(need, user) if user.is_authenticated else None
    return {
        "need": need,
        "pledges": pledges,
        "my_pledges": mine,
        "partner": partner,
        "can_pledge": partner is not None and problem is None,
        "problem": problem,
        "form": form or PledgeForm(),
        "error": error,
        "staff": is_staff(user),
    }


def need_detail(request, need_id):
    need = get_object_or_404(_visible_needs(request.user).for_listing(), pk=need_id)
    return render(request, "partners/need_detail.html", _need_context(request, need))


@require_POST
def pledge_view(request, need_id):
    need = get_object_or_404(_visible_needs(request.user).for_listing(), pk=need_id)
    if not request.user.is_authenticated:
        return redirect_to_login(need.url)
    form = PledgeForm(request.POST)
    error = None
    if form.is_valid():
        try:
            rules.pledge(need, request.user, form.cleaned_data["amount"], form.cleaned_data["note"])
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("Thank you! Your pledge is recorded; staff will confirm it.")
            )
            return redirect(need.url)
    need.refresh_from_db()
    context = _need_context(request, need, form=form, error=error)
    return render(request, "partners/need_detail.html", context, status=400 if error else 200)


def partner_page(request, slug):
    partner = get_object_or_404(Partner.objects.select_related("logo"), slug=slug)
    pledges = list(
        Pledge.objects.public()
        .filter(partner=partner)
        .select_related("need", "need__program", "need__area__parent")
        .order_by("-created_at", "-pk")
    )
    delivered = [p for p in pledges if p.is_delivered]
    cash = Need.Kind.CASH
    return render(
        request,
        "partners/partner_page.html",
        {
            "partner": partner,
            "areas": partner.areas.select_related("parent"),
            "programs": partner.programs.live().public().order_by("title"),
            "pledges": pledges,
            "delivered_count": len(delivered),
            "delivered_cash": rupiah(sum(p.amount for p in delivered if p.need.kind == cash)),
            "delivered_value": sum(p.value for p in delivered),
            "delivered_value_display": rupiah(sum(p.value for p in delivered)),
        },
    )


# --- Partner accounts ----------------------------------------------------------------------


def _dashboard_context(request, partner, errors=None):
    pledges = (
        Pledge.objects.filter(partner=partner)
        .select_related("need", "need__program", "need__area__parent")
        .order_by("-created_at", "-pk")
    )
    open_needs = Need.objects.open().for_listing().order_by("deadline", "-pk")[:10]
    return {
        "partner": partner,
        "pledges": pledges,
        "open_needs": open_needs,
        "errors": errors or {},
        "deliver_form": DeliverForm(),
        "report_form": ReportForm(),
        "cancel_form": CancelForm(),
        "totals": pledges.aggregate(
            active=Count("pk", filter=~Q(status=Pledge.Status.CANCELLED)),
            delivered=Count("pk", filter=Q(status__in=Pledge.DELIVERED_STATES)),
            cash=Sum(
                "amount", filter=Q(need__kind=Need.Kind.CASH, status__in=Pledge.DELIVERED_STATES)
            ),
        ),
    }


@login_required
def dashboard(request):
    partner = rules.partner_of(request.user)
    if partner is None:
        return render(request, "partners/not_a_partner.html", status=403)
    return render(request, "partners/dashboard.html", _dashboard_context(request, partner))


def _pledge_or_404(request, pledge_id):
    pledge = get_object_or_404(Pledge.objects.select_related("need", "partner"), pk=pledge_id)
    if not rules.can_act_on(pledge, request.user):
        raise Http404  # another partner's pledge: not even its existence
    return pledge


def _after_action(request, pledge, message, error=None):
    """Back to the dashboard (partners) or the need (staff), with the message."""
    partner = rules.partner_of(request.user)
    if error is not None:
        if partner is not None and partner.pk == pledge.partner_id:
            context = _dashboard_context(request, partner, errors={pledge.pk: error})
            return render(request, "partners/dashboard.html", context, status=400)
        messages.error(request, error)
        return redirect(pledge.need.url)
    messages.success(request, message)
    if partner is not None and partner.pk == pledge.partner_id:
        return redirect(reverse("partners:dashboard") + f"#janji-{pledge.pk}")
    return redirect(pledge.need.url)


def _act(request, pledge_id, form_class, action, message):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("partners:dashboard"))
    pledge = _pledge_or_404(request, pledge_id)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return _after_action(request, pledge, "", error=first)
    try:
        action(pledge, form.cleaned_data)
    except DomainError as exc:
        return _after_action(request, pledge, "", error=exc.message)
    return _after_action(request, pledge, message)


@require_POST
def deliver_view(request, pledge_id):
    return _act(
        request,
        pledge_id,
        DeliverForm,
        lambda pledge, data: rules.deliver(
            pledge,
            request.user,
            evidence=data.get("evidence"),
            note=data.get("note", ""),
            delivered_on=data.get("delivered_on"),
        ),
        _("Delivery recorded. Thank you!"),
    )


@require_POST
def report_view(request, pledge_id):
    return _act(
        request,
        pledge_id,
        ReportForm,
        lambda pledge, data: rules.report(pledge, request.user, data["report"]),
        _("Report saved."),
    )


@require_POST
def cancel_view(request, pledge_id):
    return _act(
        request,
        pledge_id,
        CancelForm,
        lambda pledge, data: rules.cancel(pledge, request.user, data["reason"]),
        _("Pledge cancelled."),
    )


@require_POST
def confirm_view(request, pledge_id):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("partners:needs"))
    pledge = get_object_or_404(Pledge.objects.select_related("need"), pk=pledge_id)
    try:
        rules.confirm(pledge, request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pledge confirmed."))
    return redirect(pledge.need.url)


def accept_invitation(request, token):
    try:
        invitation = invitations.find(token)
    except DomainError:
        raise Http404 from None
    problem = invitations.accept_problem(invitation, request.user)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            invitations.accept(invitation, request.user)
        except DomainError as exc:
            problem = exc
        else:
            messages.success(
                request,
                _("Your account now acts for %(partner)s.") % {"partner": invitation.partner},
            )
            return redirect("partners:dashboard")
    return render(
        request,
        "partners/accept_invitation.html",
        {"invitation": invitation, "problem": problem},
        status=200,
    )
