"""Events in the Wagtail admin: a "Participants" button on every event (the roster,
CSV export and attendance pages, shared with group leaders), and a read-only list of
enrollments. Enrollment changes go through events.enrollment, never a raw edit form."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from community import roles
from events.models import Enrollment, EventPage


@hooks.register("register_page_listing_more_buttons")
def participants_button(page, user, next_url=None):
    if isinstance(page.specific_deferred, EventPage) and roles.is_staff(user):
        yield Button(
            _("Participants and attendance"),
            reverse("events:roster", args=[page.pk]),
            icon_name="group",
            priority=15,
        )


class EnrollmentPermissionPolicy(ModelPermissionPolicy):
    """Residents enroll and cancel themselves; staff look here and act on the roster."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        if action == "view":
            return roles.is_staff(user)
        return super().user_has_permission(user, action)


register_permission_policy(Enrollment, EnrollmentPermissionPolicy(Enrollment))


class EnrollmentViewSet(ModelViewSet):
    model = Enrollment
    name = "enrollments"
    icon = "date"
    menu_label = _("Enrollments")
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        Column("event", label=_("Activity")),
        Column("user", label=_("Resident")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("requested_at", label=_("Requested at")),
    ]
    list_filter = ["status"]
    search_fields = ["user__email", "user__display_name", "event__title"]
    ordering = ["-requested_at"]
    inspect_view_fields = ["event", "user", "status", "requested_at", "updated_at"]
    form_fields = ["status"]  # never offered: the permission policy refuses changes

    def get_queryset(self, request):
        return Enrollment.objects.select_related("event", "user")


@hooks.register("register_admin_viewset")
def register_enrollment_viewset():
    return EnrollmentViewSet()
