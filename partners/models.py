"""The needs board: what the office needs (Need), what partners promise and deliver
(Pledge), who acts for a partner (PartnerMember) and how staff invite them
(PartnerInvitation).

State changes happen only in partners.pledges and partners.invitations (the rules);
reads live here, on the querysets, used by the pages, the API and the admin alike.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "webp"]
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024


def rupiah(value):
    """'Rp1.500.000': whole rupiah with Indonesian thousands separators."""
    return "Rp" + f"{int(value):,}".replace(",", ".")


def today():
    """Today in Asia/Jakarta (the site's time zone)."""
    return timezone.localdate()


class NeedQuerySet(models.QuerySet):
    def public(self):
        """What residents and partners see: published needs (open or closed)."""
        return self.exclude(status=Need.Status.DRAFT)

    def open(self, on=None):
        """Needs a partner may pledge to now. The same rule as Need.is_open()."""
        on = on or today()
        return self.filter(status=Need.Status.OPEN).filter(
            Q(deadline__isnull=True) | Q(deadline__gte=on)
        )

    def for_listing(self):
        return self.select_related("program", "area", "area__parent")

    def board_order(self, on=None):
        """Needs still taking pledges first (soonest deadline first), then the rest."""
        on = on or today()
        open_now = Q(status=Need.Status.OPEN) & (Q(deadline__isnull=True) | Q(deadline__gte=on))
        rank = Case(When(open_now, then=Value(0)), default=Value(1))
        return self.annotate(board_rank=rank).order_by(
            "board_rank", F("deadline").asc(nulls_last=True), "-pk"
        )


class Need(models.Model):
    """Something the office asks partners for, in one program and one area (an RW)."""

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        GOODS = "goods", _("Goods")
        PEOPLE = "people", pgettext_lazy("kind of need", "People")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (not public)")
        OPEN = "open", _("Open for pledges")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    program = models.ForeignKey(
        "pages.ProgramPage",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
    )
    area = models.ForeignKey(
        "pages.Area",
        verbose_name=_("area (RW)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    unit = models.CharField(
        _("unit"),
        max_length=60,
        blank=True,
        help_text=_('For goods or people, e.g. "mesin jahit" or "sesi". Empty for cash.'),
    )
    amount = models.PositiveBigIntegerField(
        _("amount asked"),
        validators=[MinValueValidator(1)],
        help_text=_("Whole rupiah for cash; the number of units for goods or people."),
    )
    unit_value = models.PositiveBigIntegerField(
        _("estimated value per unit (Rp)"),
        null=True,
        blank=True,
        help_text=_("For goods or people: used to report delivered value as funding."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    evidence_required = models.BooleanField(
        _("delivery evidence required"),
        default=True,
        help_text=_("A partner must upload a receipt, photo or handover letter to deliver."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # Kept exact under the need's row lock by partners.pledges (never edited by hand).
    pledged_total = models.PositiveBigIntegerField(_("pledged"), default=0, editable=False)
    delivered_total = models.PositiveBigIntegerField(_("delivered"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["deadline", "-created_at"]
        indexes = [models.Index(fields=["status", "deadline"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="need_amount_positive"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partners:need", args=[self.pk])

    @property
    def url(self):
        return self.get_absolute_url()

    def is_open(self, on=None):
        """A partner may pledge now. The same rule as NeedQuerySet.open()."""
        on = on or today()
        return self.status == self.Status.OPEN and (self.deadline is None or self.deadline >= on)

    @property
    def is_public(self):
        return self.status != self.Status.DRAFT

    @property
    def remaining(self):
        """What is still to be pledged (never below zero: over-pledging shows apart)."""
        return max(self.amount - self.pledged_total, 0)

    @property
    def over_pledged(self):
        return max(self.pledged_total - self.amount, 0)

    def percent(self, value):
        return min(round(100 * value / self.amount), 100) if self.amount else 0

    @property
    def pledged_percent(self):
        return self.percent(self.pledged_total)

    @property
    def delivered_percent(self):
        return self.percent(self.delivered_total)

    @property
    def unit_label(self):
        return "Rp" if self.kind == self.Kind.CASH else self.unit

    @property
    def amount_display(self):
        return self.format_amount(self.amount)

    @property
    def pledged_display(self):
        return self.format_amount(self.pledged_total)

    @property
    def delivered_display(self):
        return self.format_amount(self.delivered_total)

    @property
    def remaining_display(self):
        return self.format_amount(self.remaining)

    @property
    def over_pledged_display(self):
        return self.format_amount(self.over_pledged)

    def format_amount(self, value):
        """'Rp1.500.000' for cash, '10 mesin jahit' for goods and people."""
        if self.kind == self.Kind.CASH:
            return rupiah(value)
        number = f"{value:,}".replace(",", ".")
        return f"{number} {self.unit}".strip()


class PledgeQuerySet(models.QuerySet):
    def active(self):
        """Pledges that count towards the need's pledged total."""
        return self.exclude(status=Pledge.Status.CANCELLED)

    def delivered(self):
        return self.filter(status__in=Pledge.DELIVERED_STATES)

    def public(self):
        """Pledges the public sees: of public needs, not cancelled."""
        return self.active().exclude(need__status=Need.Status.DRAFT)

    def on_need_page(self, need):
        """A need's pledges as its page and GET /api/needs/{id}/ list them."""
        return (
            self.filter(need=need).active().select_related("partner").order_by("created_at", "pk")
        )


class Pledge(models.Model):
    """A partner's promise against a need, followed to delivery and report."""

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        CONFIRMED = "confirmed", _("Confirmed by staff")
        DELIVERED = "delivered", _("Delivered")
        REPORTED = "reported", _("Reported")
        CANCELLED = "cancelled", _("Cancelled")

    DELIVERED_STATES = (Status.DELIVERED, Status.REPORTED)

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.PROTECT, related_name="pledges"
    )
    partner = models.ForeignKey(
        "pages.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="pledges"
    )
    amount = models.PositiveBigIntegerField(
        _("amount"),
        validators=[MinValueValidator(1)],
        help_text=_("Whole rupiah for cash; the number of units for goods or people."),
    )
    note = models.TextField(_("note for staff"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLEDGED
    )
    pledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pledged by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("pledged at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivery recorded at"), null=True, blank=True)
    evidence = models.FileField(
        _("delivery evidence"),
        upload_to="bukti-penyaluran/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
    )
    evidence_note = models.TextField(_("delivery note"), blank=True)
    report = models.TextField(_("report"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["need", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pledge_amount_positive"),
        ]

    def __str__(self):
        return f"{self.partner} → {self.need} ({self.need.format_amount(self.amount)})"

    @property
    def amount_display(self):
        return self.need.format_amount(self.amount)

    @property
    def is_delivered(self):
        return self.status in self.DELIVERED_STATES

    @property
    def value(self):
        """Whole rupiah: the cash, or units × the need's estimated unit value (0 if none)."""
        if self.need.kind == Need.Kind.CASH:
            return self.amount
        return self.amount * (self.need.unit_value or 0)


class PartnerMember(models.Model):
    """A person who acts for a partner (one partner per account)."""

    partner = models.ForeignKey(
        "pages.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="partner_membership",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner account")
        verbose_name_plural = _("partner accounts")

    def __str__(self):
        return f"{self.user} ({self.partner})"


def new_token():
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + timedelta(days=14)


class PartnerInvitation(models.Model):
    """Staff invite a partner's staff by e-mail; accepting links the account."""

    partner = models.ForeignKey(
        "pages.Partner",
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("partner invitation")
        verbose_name_plural = _("partner invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.partner}"

    def get_absolute_url(self):
        return reverse("partners:accept_invitation", args=[self.token])

    @property
    def is_pending(self):
        return self.accepted_at is None and self.expires_at > timezone.now()
