"""Eligibility rules in the Wagtail admin: one snippet per program with its criteria
(each citing its legal basis), saved only when they do not contradict each other;
and a read-only look at nothing else (saved answers are the residents' own)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community.roles import is_staff
from eligibility.models import ProgramRules


class ProgramRulesViewSet(SnippetViewSet):
    model = ProgramRules
    icon = "tasks"
    menu_label = _("Eligibility rules")
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["program", "active", "updated_at"]
    list_filter = ["active"]
    ordering = ["program__title"]

    def get_queryset(self, request):
        return ProgramRules.objects.select_related("program")


register_snippet(ProgramRulesViewSet)


class StaffOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff(request.user)


@hooks.register("register_admin_menu_item")
def check_applicant_menu_item():
    return StaffOnlyMenuItem(
        _("Check an applicant"),
        reverse("eligibility:staff_check"),
        icon_name="tick-inverse",
        order=271,
    )
