"""Memberships in the Wagtail admin: staff filter by group and status, and make an
active member a leader (or a leader a member again). Changes go through the rules in
community.membership, like every other change."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from community import membership as rules
from community.models import Membership
from config.errors import DomainError


class MembershipAdminForm(WagtailAdminModelForm):
    class Meta:
        model = Membership
        fields = ["role"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Membership.Role.LEADER and self.instance.status != (
            Membership.Status.ACTIVE
        ):
            self.add_error("role", _("Only an active member can be made a leader."))
        return cleaned

    def save(self, commit=True):
        try:
            return rules.set_role(self.instance, self.cleaned_data["role"], by=self.for_user)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc


class MembershipPermissionPolicy(ModelPermissionPolicy):
    """Residents create memberships by joining; staff only change roles here."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Membership, MembershipPermissionPolicy(Membership))


class MembershipViewSet(ModelViewSet):
    model = Membership
    name = "memberships"
    icon = "group"
    menu_label = _("Memberships")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = ObjectList([FieldPanel("role")], base_form_class=MembershipAdminForm)
    list_display = [
        Column("user", label=_("Resident"), accessor="user"),
        Column("group", label=_("Group"), accessor="group"),
        Column("role", label=_("Role"), accessor="get_role_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("Requested at")),
    ]
    list_filter = ["group", "status", "role"]
    search_fields = ["user__email", "user__display_name", "group__title"]
    search_backend_name = None
    ordering = ["group__title", "role", "user__email"]
    list_per_page = 50

    def get_queryset(self, request):
        return Membership.objects.select_related("user", "group")


membership_viewset = MembershipViewSet()


@hooks.register("register_admin_viewset")
def register_membership_viewset():
    return membership_viewset


from community import kader_admin  # noqa: E402, F401  (Pendampingan: the kader log for staff)
