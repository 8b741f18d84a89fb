"""Accountability in the Wagtail admin: a "Funding and results" menu with the staff
dashboard (per-program funnel, entries waiting for approval, indicators behind target,
filters by year and area), the import page, and ModelViewSets for funding lines, the
ledger (read-only once approved) and the results framework. Workflow steps (submit,
approve, reverse) go through accountability.ledger and are written to the audit log."""

import contextlib

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import models as generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from accountability import ledger
from accountability.models import (
    ApprovalStatus,
    FundingLine,
    ImportBatch,
    Indicator,
    IndicatorActual,
    IndicatorTarget,
    LedgerEntry,
    Result,
)
from accountability.views import dashboard, import_view
from community.admin_policies import StaffPolicy
from community.roles import is_moderator, is_staff
from config.errors import DomainError


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(ledger.ACTION_CREATE, _("Record entry"), _("Entry recorded"))
    actions.register_action(ledger.ACTION_EDIT, _("Edit entry"), _("Entry edited"))
    actions.register_action(
        ledger.ACTION_SUBMIT, _("Submit for approval"), _("Submitted for approval")
    )
    actions.register_action(ledger.ACTION_APPROVE, _("Approve"), _("Approved"))
    actions.register_action(
        ledger.ACTION_REVERSE, _("Reverse entry"), _("Reversing entry recorded")
    )
    actions.register_action(
        ledger.ACTION_IMPORT, _("Import ledger file"), _("Ledger file imported")
    )
    actions.register_action(
        ledger.ACTION_PLEDGE, _("Partner pledge delivered"), _("Delivered pledge recorded")
    )


class LedgerPolicy(StaffPolicy):
    """Staff record and edit entries; an approved entry is never edited nor deleted."""

    allowed = ("add", "change", "view")

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("change", "delete") and instance.is_locked:
            return False
        return self.user_has_permission(user, action)


for model in (FundingLine, Result, Indicator, IndicatorTarget):
    register_permission_policy(model, StaffPolicy(model))
register_permission_policy(LedgerEntry, LedgerPolicy(LedgerEntry))
register_permission_policy(IndicatorActual, LedgerPolicy(IndicatorActual))
register_permission_policy(ImportBatch, StaffPolicy(ImportBatch))


class LockedEditView(generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        if getattr(self.get_object(), "is_locked", False):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FundingLineViewSet(ModelViewSet):
    model = FundingLine
    icon = "doc-full"
    menu_label = _("Funding lines")
    name = "funding_lines"
    list_display = [
        Column("program", label=_("Program")),
        Column("source_kind", label=_("Source"), accessor="get_source_kind_display"),
        "fiscal_year",
        "amount",
        "document_number",
    ]
    list_filter = ["source_kind", "fiscal_year"]
    search_fields = ["program__title", "document_number", "description"]
    form_fields = [
        "program",
        "source_kind",
        "partner",
        "fiscal_year",
        "amount",
        "document_number",
        "document_url",
        "description",
    ]
    copy_view_enabled = False

    def get_queryset(self, request):
        return FundingLine.objects.select_related("program", "partner")


class LedgerEntryViewSet(ModelViewSet):
    model = LedgerEntry
    icon = "list-ul"
    menu_label = _("Ledger")
    name = "ledger_entries"
    edit_view_class = LockedEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        Column("program", label=_("Program")),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        DateColumn("occurred_on", label=_("Date")),
        "amount",
        Column("area", label=_("Area")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("reverses", label=_("Reverses")),
    ]
    list_filter = ["status", "kind", "program"]
    search_fields = ["description", "program__title", "external_ref"]
    form_fields = [
        "program",
        "funding",
        "kind",
        "occurred_on",
        "amount",
        "area",
        "households_reached",
        "people_reached",
        "unit",
        "quantity",
        "description",
        "evidence_url",
        "evidence_document",
    ]
    inspect_view_fields = [*form_fields, "status", "reverses", "approved_by", "approved_at"]

    def get_queryset(self, request):
        return LedgerEntry.objects.select_related("program", "area__parent", "reverses")


class ResultViewSet(ModelViewSet):
    model = Result
    icon = "tick"
    menu_label = _("Results")
    name = "indicator_results"
    list_display = ["title", Column("program", label=_("Program")), "level"]
    form_fields = ["program", "level", "title"]
    copy_view_enabled = False


class IndicatorViewSet(ModelViewSet):
    model = Indicator
    icon = "pick"
    menu_label = _("Indicators")
    name = "indicators"
    list_display = ["title", Column("result", label=_("Result")), "source", "period"]
    list_filter = ["source", "period"]
    form_fields = [
        "result",
        "title",
        "measure",
        "higher_is_better",
        "source",
        "needs_key",
        "period",
        "baseline",
        "baseline_year",
    ]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        from accountability.forms import add_needs_choices

        return add_needs_choices(form_class)


class IndicatorTargetViewSet(ModelViewSet):
    model = IndicatorTarget
    icon = "date"
    menu_label = _("Indicator targets")
    name = "indicator_targets"
    list_display = [Column("indicator", label=_("Indicator")), "period_start", "value"]
    form_fields = ["indicator", "period_start", "value"]
    copy_view_enabled = False


class IndicatorActualViewSet(ModelViewSet):
    model = IndicatorActual
    icon = "form"
    menu_label = _("Indicator figures")
    name = "indicator_actuals"
    edit_view_class = LockedEditView
    list_display = [
        Column("indicator", label=_("Indicator")),
        "period_start",
        "value",
        Column("status", label=_("Status"), accessor="get_status_display"),
    ]
    list_filter = ["status"]
    form_fields = ["indicator", "period_start", "value", "evidence_url", "note"]
    copy_view_enabled = False


class AccountabilityGroup(ViewSetGroup):
    menu_label = _("Funding and results")
    menu_icon = "table"
    menu_order = 270
    items = (
        FundingLineViewSet,
        LedgerEntryViewSet,
        ResultViewSet,
        IndicatorViewSet,
        IndicatorTargetViewSet,
        IndicatorActualViewSet,
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return AccountabilityGroup()


# --- Workflow actions and the dashboard -----------------------------------------------


def entry_action(request, pk):
    """Submit / approve / reverse one entry (GET shows what may be done, POST does it)."""
    if not is_staff(request.user):
        raise Http404
    entry = get_object_or_404(LedgerEntry.objects.select_related("program", "area__parent"), pk=pk)
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                ledger.submit(request.user, entry)
            elif action == "approve":
                ledger.approve(request.user, entry)
            elif action == "reverse":
                ledger.reverse(request.user, entry, request.POST.get("reason", "")[:200])
            else:
                raise DomainError(_("Unknown action."))
            return redirect(request.POST.get("next") or reverse("accountability_admin:dashboard"))
        except DomainError as exc:
            error = exc.message
    return render(
        request,
        "accountability/admin/entry_action.html",
        {
            "entry": entry,
            "error": error,
            "can_submit": entry.status == ApprovalStatus.DRAFT,
            "can_approve": entry.status == ApprovalStatus.SUBMITTED and is_moderator(request.user),
            "can_reverse": entry.is_locked and not entry.is_reversal,
            "header_title": str(entry),
        },
    )


def actual_action(request, pk):
    if not is_moderator(request.user):
        raise Http404
    actual = get_object_or_404(IndicatorActual, pk=pk)
    if request.method == "POST":
        with contextlib.suppress(DomainError):
            ledger.approve_actual(request.user, actual)
    return redirect("accountability_admin:dashboard")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "dana/",
            include_admin_urls(),
        )
    ]


def include_admin_urls():
    from django.urls import include

    return include(
        (
            [
                path("", dashboard, name="dashboard"),
                path("impor/", import_view, name="import"),
                path("entri/<int:pk>/", entry_action, name="entry_action"),
                path("capaian/<int:pk>/setujui/", actual_action, name="approve_actual"),
            ],
            "accountability_admin",
        ),
        namespace="accountability_admin",
    )


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff(request.user)


@hooks.register("register_admin_menu_item")
def dashboard_menu_item():
    return StaffMenuItem(
        _("Funding dashboard"),
        reverse("accountability_admin:dashboard"),
        icon_name="table",
        order=265,
    )
