"""Per-program eligibility rules with their legal basis, and answers a resident chose to
save.

A program's rules are a list of criteria over the facts in eligibility.facts. All
criteria must hold, except that criteria sharing a "group" letter are alternatives
(at least one of them must hold): PKH needs DTKS *and* one of (pregnant or child under
five, disability, elderly). Contradictions are refused on save (eligibility.rules).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from eligibility import facts as F


class Operator(models.TextChoices):
    AT_LEAST = "at_least", _("is at least (number)")
    AT_MOST = "at_most", _("is at most (number)")
    YES = "yes", _("is yes")
    NO = "no", _("is no")
    IS = "is", _("is (choice)")
    IS_NOT = "is_not", _("is not (choice)")
    INSIDE = "inside", _("lies inside (area)")


# Which operators fit which kind of fact.
OPERATORS_FOR = {
    F.NUMBER: {Operator.AT_LEAST, Operator.AT_MOST},
    F.YES_NO: {Operator.YES, Operator.NO},
    F.CHOICE: {Operator.IS, Operator.IS_NOT},
    F.AREA: {Operator.INSIDE},
}


class RulesForm(WagtailAdminModelForm):
    """Refuses contradictory criteria (age at least 60 and at most 50) with a message."""

    def clean(self):
        from eligibility.rules import contradictions

        cleaned = super().clean()
        formset = self.formsets.get("criteria") if hasattr(self, "formsets") else None
        if formset is None or any(form.errors for form in formset.forms):
            return cleaned
        criteria = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not data.get("fact"):
                continue
            criteria.append(Criterion(**{k: v for k, v in data.items() if k in CRITERION_FIELDS}))
        problems = contradictions(criteria)
        if problems:
            raise ValidationError(problems)
        return cleaned


class ProgramRules(ClusterableModel):
    program = models.OneToOneField(
        "pages.ProgramPage",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="eligibility_rules",
    )
    active = models.BooleanField(
        _("used in the self-check"),
        default=True,
        help_text=_("Untick to keep the rules but leave the program out of every check."),
    )
    note = models.TextField(
        _("note for residents"),
        blank=True,
        help_text=_("Shown with the result, e.g. 'The final decision is made after a home visit.'"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    base_form_class = RulesForm
    panels = [
        FieldPanel("program"),
        FieldPanel("active"),
        FieldPanel("note"),
        InlinePanel("criteria", heading=_("Criteria"), label=_("Criterion")),
    ]

    class Meta:
        verbose_name = _("program eligibility rules")
        verbose_name_plural = _("program eligibility rules")

    def __str__(self):
        return str(self.program)


class Criterion(Orderable):
    rules = ParentalKey(ProgramRules, on_delete=models.CASCADE, related_name="criteria")
    fact = models.CharField(_("fact"), max_length=32, choices=[(f.key, f.label) for f in F.FACTS])
    operator = models.CharField(_("condition"), max_length=16, choices=Operator.choices)
    number = models.BigIntegerField(
        _("number"), null=True, blank=True, help_text=_("For age, household size, income.")
    )
    choice = models.CharField(
        _("choice"),
        max_length=32,
        blank=True,
        choices=F.Employment.choices,
        help_text=_("For employment status."),
    )
    area = models.ForeignKey(
        "pages.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For area of residence: the area and every area inside it."),
    )
    group = models.CharField(
        _("alternative group"),
        max_length=8,
        blank=True,
        help_text=_(
            "Leave empty: this criterion must hold. Give several criteria the same letter "
            "(e.g. A): at least one of them must hold."
        ),
    )
    legal_basis_title = models.CharField(
        _("legal basis"),
        max_length=300,
        help_text=_(
            "The regulation this criterion comes from, e.g. 'Peraturan Menteri Sosial "
            "Nomor 1 Tahun 2018 tentang Program Keluarga Harapan'."
        ),
    )
    legal_basis_url = models.URLField(_("link to the legal basis"), max_length=500, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("fact"), FieldPanel("operator")]),
        FieldRowPanel([FieldPanel("number"), FieldPanel("choice"), FieldPanel("area")]),
        FieldPanel("group"),
        MultiFieldPanel(
            [FieldPanel("legal_basis_title"), FieldPanel("legal_basis_url")],
            heading=_("Legal basis"),
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        from eligibility.rules import describe

        return str(describe(self.fact, self.operator, self.number, self.choice, self.area))

    def clean(self):
        from eligibility.rules import criterion_problems

        problems = criterion_problems(self)
        if problems:
            raise ValidationError(problems)


CRITERION_FIELDS = {
    "fact",
    "operator",
    "number",
    "choice",
    "area",
    "group",
    "legal_basis_title",
    "legal_basis_url",
}


class SavedCheck(models.Model):
    """Answers a logged-in resident chose to keep (with consent). Deletable; part of
    "download my data"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="eligibility_checks"
    )
    facts = models.JSONField(_("answers"))
    program_ids = models.JSONField(_("programs likely eligible"), default=list)
    consent_at = models.DateTimeField(_("consent given at"))
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved self-check")
        verbose_name_plural = _("saved self-checks")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"
