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


# --- Certificates and service days (issue 16) -------------------------------------------

from django import forms  # noqa: E402
from wagtail.admin.forms import WagtailAdminModelForm  # noqa: E402
from wagtail.admin.views.generic import EditView  # noqa: E402

from community.roles import is_staff as _is_staff  # noqa: E402
from events.models import Certificate  # noqa: E402


@hooks.register("register_page_listing_more_buttons")
def service_day_button(page, user, next_url=None):
    specific = page.specific_deferred
    if (
        isinstance(specific, EventPage)
        and specific.kind == EventPage.Kind.HEALTH_SERVICE
        and _is_staff(user)
    ):
        yield Button(
            _("Time slots and queue"),
            reverse("events:queue_desk", args=[page.pk]),
            icon_name="time",
            priority=16,
        )


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """Certificates are issued by the rules (attendance); staff look and revoke."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        if action in ("view", "change"):
            return _is_staff(user)
        return super().user_has_permission(user, action)


register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate))


class CertificateRevokeForm(WagtailAdminModelForm):
    """The one change staff can make: revoke, with a reason (events.certificates.revoke)."""

    revocation_reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to staff only. The public page then says the certificate is revoked."),
    )

    class Meta:
        model = Certificate
        fields = ["revocation_reason"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.revoked_at is not None:
            raise forms.ValidationError(_("This certificate was already revoked."))
        return cleaned


class CertificateRevokeView(EditView):
    page_title = _("Revoke")

    def save_instance(self):
        from wagtail.log_actions import log

        from events.certificates import revoke

        certificate = revoke(
            Certificate.objects.get(pk=self.form.instance.pk),
            self.request.user,
            self.form.cleaned_data["revocation_reason"],
        )
        log(certificate, "wagtail.edit", user=self.request.user)
        return certificate


class CertificateViewSet(ModelViewSet):
    model = Certificate
    name = "certificates"
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_order = 261
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_view_class = CertificateRevokeView
    list_display = [
        Column("name", label=_("Name as printed")),
        Column("course", label=_("Course")),
        DateColumn("issued_at", label=_("Issued at")),
        DateColumn("revoked_at", label=_("Revoked at")),
    ]
    search_fields = ["name", "course", "code"]
    ordering = ["-issued_at"]
    inspect_view_fields = [
        "code",
        "name",
        "course",
        "first_date",
        "last_date",
        "sessions_attended",
        "sessions_total",
        "issuer_name",
        "leader_name",
        "issued_at",
        "revoked_at",
        "revocation_reason",
    ]

    def get_form_class(self, for_update=False):
        return CertificateRevokeForm

    def get_queryset(self, request):
        return Certificate.objects.select_related("event", "user")


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet()
