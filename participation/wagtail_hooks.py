"""Residents' voice in the Wagtail admin, under one "Residents' voice" menu:

- Surveys: the survey builder (questions in an InlinePanel), with links to the results;
- Answer templates and collective leave days (cuti bersama): snippets;
- Proposals and Complaints: read-only lists; staff answer on the public page of each
  (the same rules as everywhere), the list links there.

Who may: staff by community.roles.is_staff (no per-model Django permissions needed).
"""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from community.admin_policies import StaffPolicy
from participation.models import AnswerTemplate, Complaint, CutiBersama, Proposal, Survey


class ReadOnlyStaffPolicy(StaffPolicy):
    """Residents create these; staff read them here and act through the rules."""

    allowed = ("view",)


for model in (Survey, AnswerTemplate, CutiBersama):
    register_permission_policy(model, StaffPolicy(model))
for model in (Proposal, Complaint):
    register_permission_policy(model, ReadOnlyStaffPolicy(model))


class PublicLinkColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>', instance.get_absolute_url(), pgettext_lazy("link", "Open")
        )


class SurveyViewSet(SnippetViewSet):
    model = Survey
    icon = "form"
    menu_label = _("Surveys")
    copy_view_enabled = False
    list_display = [
        "title",
        DateColumn("opens_at", label=_("Opens")),
        DateColumn("closes_at", label=_("Closes")),
        Column("response_count", label=_("Responses")),
        PublicLinkColumn("link", label=_("Public page")),
    ]
    search_fields = ["title"]
    search_backend_name = None


class AnswerTemplateViewSet(SnippetViewSet):
    model = AnswerTemplate
    icon = "doc-full"
    menu_label = _("Answer templates")
    list_display = ["title", "status"]
    search_backend_name = None


class CutiBersamaViewSet(SnippetViewSet):
    model = CutiBersama
    icon = "date"
    menu_label = _("Collective leave days")
    list_display = ["date", "name"]
    search_backend_name = None


class ProposalViewSet(ModelViewSet):
    model = Proposal
    icon = "pick"
    menu_label = _("Proposals")
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "title",
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("support_count", label=_("Supports")),
        Column("area", label=_("RW")),
        DateColumn("created_at", label=_("Submitted")),
        PublicLinkColumn("link", label=_("Answer or hide")),
    ]
    list_filter = ["status", "category"]
    search_fields = ["title", "description"]
    search_backend_name = None
    ordering = ["-created_at"]
    form_fields = ["status"]  # never offered: the permission policy refuses changes
    inspect_view_fields = ["title", "description", "category", "area", "status", "support_count"]

    def get_queryset(self, request):
        return Proposal.objects.select_related("area__parent")


class ComplaintViewSet(ModelViewSet):
    model = Complaint
    icon = "warning"
    menu_label = _("Complaints")
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "code",
        "title",
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("overdue_since", label=_("Late since")),
        Column("verify_due", label=_("Verify by")),
        Column("answer_due", label=_("Answer by")),
        PublicLinkColumn("link", label=_("Handle")),
    ]
    list_filter = ["status", "subject"]
    search_fields = ["code", "title"]
    search_backend_name = None
    ordering = ["-submitted_at"]
    form_fields = ["status"]


class VoiceGroup(ViewSetGroup):
    menu_label = _("Residents' voice")
    menu_icon = "comment"
    menu_order = 270
    items = (
        ProposalViewSet("proposals"),
        ComplaintViewSet("complaints"),
        SurveyViewSet,
        AnswerTemplateViewSet,
        CutiBersamaViewSet,
    )


@hooks.register("register_admin_viewset")
def register_voice():
    return VoiceGroup()


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "participation.proposal_status", _("Proposal status changed"), _("Proposal status changed")
    )
    actions.register_action(
        "participation.proposal_hidden", _("Proposal hidden"), _("Proposal hidden")
    )
    actions.register_action(
        "participation.proposal_shown", _("Proposal shown again"), _("Proposal shown again")
    )
    actions.register_action(
        "participation.complaint_verified", _("Complaint verified"), _("Complaint verified")
    )
    actions.register_action(
        "participation.complaint_answered", _("Complaint answered"), _("Complaint answered")
    )
