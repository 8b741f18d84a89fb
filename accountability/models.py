"""Funding lines, the append-only ledger, imports and indicators (M&E).

- FundingLine: where a program's money comes from (source kind, partner, fiscal year,
  amount in whole rupiah, the legal document). Public as soon as it is saved.
- LedgerEntry: IATI-style transactions (commitment, disbursement, expenditure, return),
  draft -> submitted (staff) -> approved (moderator) -> public. An approved entry never
  changes: `save()` and `delete()` refuse, and a correction is a new reversing entry.
- ImportBatch: one imported file (its SHA-256), so the same file never imports twice.
- Result -> Indicator -> IndicatorTarget / IndicatorActual: per-program results
  framework. Indicators Balai's own data answers are computed (accountability.indicators);
  manual ones take approved actuals.

The workflow rules live in accountability.ledger; reads in accountability.reports.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_AMOUNT = 10**15  # one quadrillion rupiah: far above any kelurahan budget


class SourceKind(models.TextChoices):
    APBN = "apbn", _("APBN (national budget)")
    APBD_PROVINCE = "apbd_provinsi", _("APBD Provinsi (provincial budget)")
    APBD_CITY = "apbd_kota", _("APBD Kota (city budget)")
    VILLAGE_FUND = "dana_kelurahan", _("Dana Kelurahan")
    CSR = "csr", _("CSR (company)")
    NGO = "ngo", _("NGO / donor")
    COMMUNITY = "swadaya", _("Community self-help (swadaya)")


class ApprovalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")


def validate_amount(value):
    if value is not None and abs(value) > MAX_AMOUNT:
        raise ValidationError(
            _("The amount is too large (at most Rp 1.000.000.000.000.000)."), code="too_large"
        )


def validate_not_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future_date")


def return_reach_error(kind, households, people):
    """The one rule on a return's reach, for the model (admin and API) and the importer:
    money coming back reaches nobody, so a return carries 0 households and 0 people
    (its reach would otherwise be added to the program's). None when the counts are fine."""
    if kind == LedgerEntry.Kind.RETURN and (households or people):
        return _("A return reaches nobody: enter 0 households and 0 people.")
    return None


class FundingLineQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(fiscal_year=year) if year else self


class FundingLine(models.Model):
    wagtail_reference_index_ignore = True

    program = models.ForeignKey(
        "pages.ProgramPage",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="funding_lines",
    )
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices)
    partner = models.ForeignKey(
        "pages.Partner",
        verbose_name=_("source partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_lines",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("amount (Rp)"),
        max_digits=18,
        decimal_places=0,
        validators=[MinValueValidator(Decimal(0)), validate_amount],
        help_text=_("Whole rupiah."),
    )
    document_number = models.CharField(
        _("legal document"), max_length=120, blank=True, help_text=_("e.g. DPA or SK number.")
    )
    document_url = models.URLField(_("document link"), blank=True)
    description = models.CharField(_("description"), max_length=250, blank=True)
    pledge_id = models.PositiveIntegerField(
        _("partner pledge"), null=True, blank=True, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FundingLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["-fiscal_year", "program_id", "pk"]
        indexes = [models.Index(fields=["program", "fiscal_year"])]

    def __str__(self):
        return f"{self.get_source_kind_display()} {self.fiscal_year}: Rp {self.amount:,.0f}"


class LedgerEntryQuerySet(models.QuerySet):
    def public(self):
        """What residents and anonymous callers see: approved entries only."""
        return self.filter(status=ApprovalStatus.APPROVED)

    def awaiting_approval(self):
        return self.filter(status=ApprovalStatus.SUBMITTED)

    def for_year(self, year):
        return self.filter(occurred_on__year=year) if year else self


class LedgerEntry(models.Model):
    """One transaction. Amounts are signed whole rupiah: a return is negative, and a
    reversal carries the opposite sign of the entry it reverses."""

    wagtail_reference_index_ignore = True

    class Kind(models.TextChoices):
        # IATI TransactionType codes: 2 outgoing commitment, 3 disbursement,
        # 4 expenditure; a return is recorded as IATI 3 with a negative value.
        COMMITMENT = "commitment", _("Commitment")
        DISBURSEMENT = "disbursement", _("Disbursement")
        EXPENDITURE = "expenditure", _("Expenditure")
        RETURN = "return", _("Return")

    IATI_CODES = {"commitment": "2", "disbursement": "3", "expenditure": "4", "return": "3"}

    program = models.ForeignKey(
        "pages.ProgramPage",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    funding = models.ForeignKey(
        FundingLine,
        verbose_name=_("funding line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    occurred_on = models.DateField(_("date"), validators=[validate_not_future])
    amount = models.DecimalField(
        _("amount (Rp)"),
        max_digits=18,
        decimal_places=0,
        validators=[validate_amount],
        help_text=_("Whole rupiah; a return is negative. For in-kind aid: the goods' value."),
    )
    area = models.ForeignKey(
        "pages.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        help_text=_("The RW (or kelurahan) the aid went to."),
    )
    households_reached = models.IntegerField(_("households reached"), default=0)
    people_reached = models.IntegerField(_("people reached"), default=0)
    unit = models.CharField(
        _("unit (in-kind)"), max_length=40, blank=True, help_text=_("e.g. paket sembako.")
    )
    quantity = models.IntegerField(_("quantity (in-kind)"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=250, blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    evidence_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("evidence document or photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.DRAFT
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    import_batch = models.ForeignKey(
        "ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    external_ref = models.CharField(
        _("reference in the source file"), max_length=80, blank=True, editable=False
    )
    pledge_id = models.PositiveIntegerField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "occurred_on"]),
            models.Index(fields=["program", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_ref"],
                condition=~Q(external_ref=""),
                name="ledger_unique_external_ref",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on}: Rp {self.amount:,.0f}"

    def save(self, *args, **kwargs):
        if self.is_locked:
            raise ValidationError(
                _("An approved entry cannot be changed. Record a reversing entry instead."),
                code="locked",
            )
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, *args, **kwargs):
        if self.is_locked:
            raise ValidationError(
                _("An approved entry cannot be deleted. Record a reversing entry instead."),
                code="locked",
            )
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    @property
    def is_locked(self):
        """Approved as stored in the database: never changes again."""
        return getattr(self, "_stored_status", None) == ApprovalStatus.APPROVED

    @property
    def is_reversal(self):
        return self.reverses_id is not None

    @property
    def iati_code(self):
        return self.IATI_CODES[self.kind]

    def clean(self):
        super().clean()
        errors = {}
        from pages.models import Area

        if self.area_id and self.area.level not in (Area.Level.RW, Area.Level.VILLAGE):
            errors["area"] = _("Choose an RW or a kelurahan.")
        if self.amount is not None and not self.is_reversal:
            if self.kind == self.Kind.RETURN and self.amount >= 0:
                errors["amount"] = _("A return is recorded as a negative amount.")
            elif self.kind != self.Kind.RETURN and self.amount < 0:
                errors["amount"] = _(
                    "The amount cannot be negative (record a return or a reversal instead)."
                )
        if not self.is_reversal:
            for field in ("households_reached", "people_reached", "quantity"):
                value = getattr(self, field)
                if value is not None and value < 0:
                    errors[field] = _("Enter zero or a positive number.")
            message = return_reach_error(self.kind, self.households_reached, self.people_reached)
            if message:
                field = "households_reached" if self.households_reached else "people_reached"
                errors.setdefault(field, message)
        if (self.quantity is not None) != bool(self.unit):
            errors["unit"] = _("For in-kind aid give both the unit and the quantity.")
        if self.funding_id and self.program_id and self.funding.program_id != self.program_id:
            errors["funding"] = _("This funding line belongs to another program.")
        if errors:
            raise ValidationError(errors)


class ImportBatch(models.Model):
    """One imported file: the SHA-256 of its bytes is unique, so the same file (even
    renamed) never imports twice."""

    wagtail_reference_index_ignore = True

    program = models.ForeignKey(
        "pages.ProgramPage", on_delete=models.PROTECT, related_name="ledger_imports"
    )
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64, unique=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")

    def __str__(self):
        return f"{self.file_name} ({self.rows})"


class Result(models.Model):
    class Level(models.TextChoices):
        OUTPUT = "output", _("Output")
        OUTCOME = "outcome", _("Outcome")

    program = models.ForeignKey(
        "pages.ProgramPage",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["program_id", "level", "pk"]

    def __str__(self):
        return f"{self.program.title}: {self.title}"


class Indicator(models.Model):
    class Measure(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENTAGE = "percentage", _("Percentage")

    class Period(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by staff (needs approval)")
        ENROLLED = "enrolled", _("People enrolled (computed)")
        ATTENDANCE_RATE = "attendance_rate", _("Attendance rate (computed)")
        COMPLETED = "completed", _("People who completed (computed)")
        GROUP_MEMBERS = "group_members", _("Group members (computed)")
        AID_PEOPLE = "aid_people", _("People reached by aid, from the ledger (computed)")
        AID_HOUSEHOLDS = (
            "aid_households",
            _("Households reached by aid, from the ledger (computed)"),
        )

    COMPUTED_PERCENT = {"attendance_rate"}

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="indicators"
    )
    title = models.CharField(_("title"), max_length=200)
    measure = models.CharField(
        _("measure"), max_length=12, choices=Measure.choices, default=Measure.NUMBER
    )
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    source = models.CharField(
        _("source of the figures"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    needs_key = models.CharField(
        _("needs from a survey (denominator)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional: a survey figure of how many need this; the indicator then shows "
            "the computed figure as a percentage of that need."
        ),
    )
    period = models.CharField(
        _("period"), max_length=10, choices=Period.choices, default=Period.QUARTER
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["result_id", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_computed(self):
        return self.source != self.Source.MANUAL

    @property
    def is_percentage(self):
        return (
            self.measure == self.Measure.PERCENTAGE
            or self.source in self.COMPUTED_PERCENT
            or bool(self.needs_key)
        )


def validate_period_start(value):
    if value and value.day != 1:
        raise ValidationError(_("A period starts on the first day of a month."))


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period_start = models.DateField(_("period starts"), validators=[validate_period_start])
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="indicator_one_target_per_period"
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.period_start:%Y-%m})"


class IndicatorActualQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=ApprovalStatus.APPROVED)


class IndicatorActual(models.Model):
    """A manual indicator's value for one period, with evidence, approved like the ledger."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actuals")
    period_start = models.DateField(_("period starts"), validators=[validate_period_start])
    value = models.DecimalField(
        _("value"), max_digits=14, decimal_places=2, validators=[validate_amount]
    )
    evidence_url = models.URLField(_("evidence link"), blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)
    # Staff enter a figure to submit it: it waits for a moderator at once.
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.SUBMITTED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = IndicatorActualQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator actual")
        verbose_name_plural = _("indicator actuals")
        ordering = ["period_start", "pk"]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.period_start:%Y-%m})"

    def save(self, *args, **kwargs):
        if self.is_locked:
            raise ValidationError(_("An approved figure cannot be changed."), code="locked")
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, *args, **kwargs):
        if self.is_locked:
            raise ValidationError(_("An approved figure cannot be changed."), code="locked")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    @property
    def is_locked(self):
        return getattr(self, "_stored_status", None) == ApprovalStatus.APPROVED

    def clean(self):
        super().clean()
        if self.indicator_id and self.indicator.is_computed:
            raise ValidationError(_("This indicator is computed from Balai's data."))
