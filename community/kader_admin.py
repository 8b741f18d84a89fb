"""Pendampingan in the Wagtail admin: staff read the kader log (who did what for whom)
and the assisted registrations. Read-only: changes go through community.assisted."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from community.models import AssistedRegistration, KaderAction
from community.roles import is_staff


class ReadOnlyForStaff(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        if action == "view":
            return is_staff(user)
        return super().user_has_permission(user, action)


register_permission_policy(KaderAction, ReadOnlyForStaff(KaderAction))
register_permission_policy(AssistedRegistration, ReadOnlyForStaff(AssistedRegistration))


class KaderActionViewSet(ModelViewSet):
    model = KaderAction
    name = "kader_actions"
    icon = "list-ul"
    menu_label = _("Kader log")
    menu_order = 275
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        DateColumn("created_at", label=_("At")),
        Column("kader_name", label=_("Kader")),
        Column("resident", label=_("Resident")),
        Column("action", label=_("Action"), accessor="get_action_display"),
        Column("target_title", label=_("Activity or group")),
        Column("outcome", label=_("Outcome")),
    ]
    list_filter = ["action"]
    ordering = ["-created_at"]
    inspect_view_fields = [
        "created_at",
        "kader_name",
        "resident",
        "action",
        "target_id",
        "target_title",
        "outcome",
    ]
    form_fields = ["outcome"]  # never offered: the permission policy refuses changes

    def get_queryset(self, request):
        return KaderAction.objects.select_related("resident")


class AssistedRegistrationViewSet(ModelViewSet):
    model = AssistedRegistration
    name = "assisted_registrations"
    icon = "user"
    menu_label = _("Assisted registrations")
    menu_order = 276
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        Column("resident", label=_("Resident")),
        Column("kader_name", label=_("Kader")),
        Column("paper_form_number", label=_("Paper form")),
        DateColumn("consent_taken_at", label=_("Consent taken at")),
        DateColumn("claimed_at", label=_("Claimed at")),
    ]
    ordering = ["-created_at"]
    inspect_view_fields = [
        "resident",
        "kader_name",
        "paper_form_number",
        "consent_taken_by_name",
        "consent_taken_at",
        "claim_code_expires_at",
        "claimed_at",
        "created_at",
    ]
    form_fields = ["paper_form_number"]

    def get_queryset(self, request):
        return AssistedRegistration.objects.select_related("resident")


@hooks.register("register_admin_viewset")
def register_kader_viewsets():
    return [KaderActionViewSet(), AssistedRegistrationViewSet()]
