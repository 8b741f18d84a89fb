"""The needs board in the Wagtail admin, for staff (community.roles.is_staff):

- Needs: staff write and publish needs (totals are read-only: the rules keep them);
- Pledges: staff confirm, record a delivery (with evidence), a report, or cancel with a
  reason: every step through partners.pledges, logged in Wagtail's audit log;
- Partner invitations: staff invite a partner's staff by e-mail;
- Partner accounts: who acts for which partner (staff may remove a link).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from community.admin_policies import StaffPolicy
from config.errors import DomainError
from partners import invitations
from partners import pledges as rules
from partners.models import Need, PartnerInvitation, PartnerMember, Pledge


@hooks.register("register_log_actions")
def register_pledge_actions(actions):
    actions.register_action("partners.pledge", _("Pledge made"), _("Pledge made"))
    actions.register_action("partners.confirm", _("Pledge confirmed"), _("Pledge confirmed"))
    actions.register_action("partners.deliver", _("Pledge delivered"), _("Pledge delivered"))
    actions.register_action("partners.report", _("Pledge reported"), _("Pledge reported"))
    actions.register_action("partners.cancel", _("Pledge cancelled"), _("Pledge cancelled"))


class PledgePolicy(StaffPolicy):
    allowed = ("change", "view")  # partners pledge; nobody deletes a pledge


class InvitationPolicy(StaffPolicy):
    allowed = ("add", "view", "delete")


class MemberPolicy(StaffPolicy):
    allowed = ("view", "delete")


register_permission_policy(Need, StaffPolicy(Need))
register_permission_policy(Pledge, PledgePolicy(Pledge))
register_permission_policy(PartnerInvitation, InvitationPolicy(PartnerInvitation))
register_permission_policy(PartnerMember, MemberPolicy(PartnerMember))


# --- Needs ------------------------------------------------------------------------------


class NeedAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        kind, unit = cleaned.get("kind"), (cleaned.get("unit") or "").strip()
        if kind in (Need.Kind.GOODS, Need.Kind.PEOPLE):
            if not unit:
                self.add_error("unit", _('Name the unit, e.g. "mesin jahit" or "sesi".'))
            if not cleaned.get("unit_value"):
                # A delivery reaches the public ledger as funding in rupiah.
                self.add_error(
                    "unit_value",
                    _("Give an estimated value per unit: a delivery is reported in rupiah."),
                )
        if kind == Need.Kind.CASH:
            cleaned["unit"] = ""
            cleaned["unit_value"] = None
        # Needs are published per program and area (the board, the program page and the
        # ledger all file them there).
        for field in ("program", "area"):
            if field in self.fields and not cleaned.get(field):
                self.add_error(field, _("Choose one: every need belongs to a program and an area."))
        if self.instance.pk and self.instance.pledges.active().exists():
            # Partners pledged against what the need asked: "10 mesin jahit" must not
            # turn into "10 sesi" or Rp10 under their promise.
            for field in ("kind", "unit", "unit_value"):
                if field in self.changed_data:
                    self.add_error(
                        field,
                        _(
                            "Partners have pledged against this need: its kind, unit and "
                            "value per unit can no longer change. Close it and publish a "
                            "new need instead."
                        ),
                    )
        return cleaned

    def save(self, commit=True):
        if self.instance.pk is None and self.for_user is not None:
            self.instance.created_by = self.for_user
        return super().save(commit=commit)


class NeedViewSet(ModelViewSet):
    model = Need
    icon = "list-ul"
    menu_label = _("Needs")
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("program"), FieldPanel("area")]),
            MultiFieldPanel(
                [
                    FieldPanel("kind"),
                    FieldRowPanel([FieldPanel("amount"), FieldPanel("unit")]),
                    FieldPanel("unit_value"),
                ],
                heading=_("What is needed"),
            ),
            FieldRowPanel([FieldPanel("deadline"), FieldPanel("status")]),
            FieldPanel("evidence_required"),
        ],
        base_form_class=NeedAdminForm,
    )
    list_display = [
        "title",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("area", label=_("Area"), accessor="area"),
        Column("amount", label=_("Asked"), accessor="amount_display"),
        Column("pledged", label=_("Pledged"), accessor="pledged_display"),
        Column("delivered", label=_("Delivered"), accessor="delivered_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("deadline", label=_("Deadline")),
    ]
    list_filter = ["status", "kind", "program"]
    search_fields = ["title", "description"]
    search_backend_name = None
    ordering = ["-created_at"]
    inspect_view_fields = [
        "title",
        "description",
        "program",
        "area",
        "kind",
        "unit",
        "amount",
        "unit_value",
        "deadline",
        "status",
        "evidence_required",
        "pledged_total",
        "delivered_total",
    ]

    def get_queryset(self, request):
        return Need.objects.select_related("program", "area", "area__parent")


# --- Pledges ----------------------------------------------------------------------------


class PledgeActionForm(WagtailAdminModelForm):
    """Staff move a pledge one step: each choice calls partners.pledges."""

    ACTIONS = [
        ("", _("No change")),
        ("confirm", _("Confirm the pledge")),
        ("deliver", _("Record the delivery")),
        ("report", _("Record the report")),
        ("cancel", _("Cancel the pledge")),
    ]
    action = forms.ChoiceField(label=_("Step"), choices=ACTIONS, required=False)
    evidence_file = forms.FileField(
        label=_("Delivery evidence"), required=False, help_text=_("For a delivery.")
    )
    text = forms.CharField(
        label=_("Report or reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The report (for a report) or the reason (for a cancellation)."),
    )

    class Meta:
        model = Pledge
        fields = []

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        user = self.for_user
        try:
            if action == "confirm":
                rules.confirm(self.instance, user)
            elif action == "deliver":
                rules.deliver(self.instance, user, evidence=cleaned.get("evidence_file"))
            elif action == "report":
                rules.report(self.instance, user, cleaned.get("text"))
            elif action == "cancel":
                rules.cancel(self.instance, user, cleaned.get("text"))
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        return cleaned

    def save(self, commit=True):
        # The rules saved the change already (in clean); reload what they wrote.
        self.instance.refresh_from_db()
        return self.instance


class PledgeViewSet(ModelViewSet):
    model = Pledge
    icon = "tick-inverse"
    menu_label = _("Pledges")
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [FieldPanel("action"), FieldPanel("evidence_file"), FieldPanel("text")],
        base_form_class=PledgeActionForm,
    )
    list_display = [
        Column("need", label=_("Need"), accessor="need"),
        Column("partner", label=_("Partner"), accessor="partner"),
        Column("amount", label=_("Amount"), accessor="amount_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("Pledged at")),
    ]
    list_filter = ["status", "partner", "need"]
    search_fields = ["need__title", "partner__name"]
    search_backend_name = None
    ordering = ["-created_at"]
    inspect_view_fields = [
        "need",
        "partner",
        "amount",
        "status",
        "note",
        "created_at",
        "confirmed_at",
        "delivered_on",
        "evidence",
        "evidence_note",
        "report",
        "cancel_reason",
    ]

    def get_queryset(self, request):
        return Pledge.objects.select_related("need", "partner")


# --- Invitations and accounts ----------------------------------------------------------------


class InvitationAdminForm(WagtailAdminModelForm):
    class Meta:
        model = PartnerInvitation
        fields = ["partner", "email"]

    def clean(self):
        cleaned = super().clean()
        self._invitation = None
        if self.errors:
            return cleaned
        try:
            self._invitation = invitations.invite(
                cleaned["partner"], cleaned["email"], by=self.for_user
            )
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        return cleaned

    def save(self, commit=True):
        self.instance = self._invitation
        return self._invitation


class InvitationViewSet(ModelViewSet):
    model = PartnerInvitation
    icon = "mail"
    menu_label = _("Partner invitations")
    copy_view_enabled = False
    edit_handler = ObjectList(
        [FieldPanel("partner"), FieldPanel("email")], base_form_class=InvitationAdminForm
    )
    list_display = [
        "email",
        Column("partner", label=_("Partner"), accessor="partner"),
        DateColumn("created_at", label=_("Invited at")),
        DateColumn("accepted_at", label=_("Accepted at")),
    ]
    list_filter = ["partner"]
    search_fields = ["email", "partner__name"]
    search_backend_name = None
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return PartnerInvitation.objects.select_related("partner")


class MemberViewSet(ModelViewSet):
    model = PartnerMember
    icon = "user"
    menu_label = _("Partner accounts")
    copy_view_enabled = False
    form_fields = ["partner"]
    list_display = [
        Column("user", label=_("Account"), accessor="user"),
        Column("partner", label=_("Partner"), accessor="partner"),
        DateColumn("created_at", label=_("Since")),
    ]
    list_filter = ["partner"]
    search_fields = ["user__email", "partner__name"]
    search_backend_name = None
    ordering = ["partner__name"]

    def get_queryset(self, request):
        return PartnerMember.objects.select_related("user", "partner")


class NeedsBoardGroup(ViewSetGroup):
    items = (NeedViewSet, PledgeViewSet, InvitationViewSet, MemberViewSet)
    menu_icon = "list-ul"
    menu_label = _("Needs board")
    menu_name = "needs-board"
    menu_order = 270


@hooks.register("register_admin_viewset")
def register_needs_board():
    return NeedsBoardGroup()
