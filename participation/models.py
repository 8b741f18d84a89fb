"""Residents' voice: proposals (usulan warga) with supports and public answers,
complaints (pengaduan) on a working-day clock, needs surveys (survei kebutuhan).

Rules that change these rows live in participation.proposals, .complaints and .surveys;
the working-day clock in participation.workdays.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from config.storage import private_storage

# --- Proposals -------------------------------------------------------------------------


class Category(models.TextChoices):
    ENVIRONMENT = "lingkungan", _("Environment and cleanliness")
    INFRASTRUCTURE = "infrastruktur", _("Roads, drainage and public facilities")
    HEALTH = "kesehatan", _("Health")
    EDUCATION = "pendidikan", _("Education")
    ECONOMY = "ekonomi", _("Economy and jobs")
    SOCIAL = "sosial", _("Social welfare")
    SAFETY = "keamanan", _("Safety and order")
    OTHER = "lainnya", _("Other")


class ProposalQuerySet(models.QuerySet):
    def visible(self):
        """What the public listing, the API listing and search show: not hidden."""
        return self.filter(hidden_at__isnull=True)

    def for_listing(self):
        return self.visible().select_related("area__parent")


class Proposal(index.Indexed, models.Model):
    """A resident's proposal. Public from submission; its text never changes after."""

    class Status(models.TextChoices):
        NEW = "baru", _("New")
        REVIEWING = "ditinjau", _("Under review")
        ACCEPTED = "diterima", _("Accepted")
        REJECTED = "ditolak", _("Rejected")
        IN_PROGRESS = "dilaksanakan", _("In progress")
        DONE = "selesai", _("Done")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), max_length=3000)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    area = models.ForeignKey(
        "pages.Area",
        verbose_name=_("RW"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    photo = models.ImageField(_("photo"), upload_to="usulan/%Y/%m/", blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    support_count = models.PositiveIntegerField(_("supports"), default=0, db_index=True)
    program = models.ForeignKey(
        "pages.ProgramPage",
        verbose_name=_("program that carries it out"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("activity that carries it out"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)

    objects = ProposalQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("category"),
        index.FilterField("area_id"),
        index.FilterField("hidden_at"),
    ]

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("participation:proposal", args=[self.pk])

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @classmethod
    def get_indexed_objects(cls):
        # Hidden proposals never reach the search index.
        return cls.objects.visible()


class ProposalSupport(models.Model):
    """One resident's support of one proposal (withdrawable: the row is deleted)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_resident")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"


class ProposalAnswer(models.Model):
    """The office's public answer at one step of the workflow."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    status = models.CharField(_("status"), max_length=16, choices=Proposal.Status.choices)
    body = models.TextField(_("answer"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.proposal_id}: {self.status}"


class AnswerTemplate(models.Model):
    """A ready answer staff can start from (a snippet)."""

    title = models.CharField(_("title"), max_length=120)
    status = models.CharField(
        _("for status"), max_length=16, choices=Proposal.Status.choices, blank=True
    )
    body = models.TextField(_("text"))

    panels = [FieldPanel("title"), FieldPanel("status"), FieldPanel("body")]

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ["title"]

    def __str__(self):
        return self.title


# --- Working days ----------------------------------------------------------------------


class CutiBersama(models.Model):
    """A collective leave day (cuti bersama) the office does not work, added by staff."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    panels = [FieldPanel("date"), FieldPanel("name")]

    class Meta:
        verbose_name = _("collective leave day (cuti bersama)")
        verbose_name_plural = _("collective leave days (cuti bersama)")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.name}"


# --- Complaints ------------------------------------------------------------------------


class ComplaintQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Complaint.Status.CLOSED)

    def overdue(self, today=None):
        """Past a deadline right now: not verified by verify_due, or not answered by
        answer_due (also a reporter's reply to an answer, which waits for a new one).
        The same rule as Complaint.late(), as SQL."""
        today = today or timezone.localdate()
        return self.filter(
            Q(status=Complaint.Status.SUBMITTED, verify_due__lt=today)
            | Q(
                status__in=[Complaint.Status.VERIFIED, Complaint.Status.REOPENED],
                answer_due__lt=today,
            )
            | Q(
                status=Complaint.Status.ANSWERED,
                reporter_replied_at__gt=F("last_answered_at"),
                answer_due__lt=today,
            )
        )

    def about_program(self, program):
        return self.filter(Q(program=program) | Q(event__organising_program=program))


class Complaint(models.Model):
    """A complaint about a program, an activity or a service. Private to the reporter
    and staff; the public sees only counts and timings per program."""

    class Status(models.TextChoices):
        SUBMITTED = "diajukan", _("Submitted")
        VERIFIED = "diverifikasi", _("Verified")
        ANSWERED = "dijawab", _("Answered")
        REOPENED = "dibuka_kembali", _("Reopened")
        CLOSED = "selesai", _("Closed")

    class Subject(models.TextChoices):
        PROGRAM = "program", _("A program")
        EVENT = "event", _("An activity")
        SERVICE = "service", _("A service of the office")

    class Closing(models.TextChoices):
        CONFIRMED = "confirmed", _("The reporter confirmed it is resolved")
        AUTOMATIC = "automatic", _("Closed automatically after the answer")

    code = models.CharField(_("tracking code"), max_length=20, unique=True, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.CASCADE,
        related_name="complaints",
    )
    subject = models.CharField(_("about"), max_length=10, choices=Subject.choices)
    program = models.ForeignKey(
        "pages.ProgramPage",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    service = models.CharField(_("service"), max_length=120, blank=True)
    title = models.CharField(_("summary"), max_length=140)
    description = models.TextField(_("what happened"), max_length=3000)
    # Private: outside MEDIA_ROOT, read only through participation.views.complaint_photo.
    photo = models.ImageField(
        _("photo"), upload_to="pengaduan/%Y/%m/", storage=private_storage, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    last_answered_at = models.DateTimeField(_("last answered at"), null=True, blank=True)
    reporter_replied_at = models.DateTimeField(_("reporter replied at"), null=True, blank=True)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closing = models.CharField(
        _("how it closed"), max_length=10, choices=Closing.choices, blank=True
    )
    # Deadlines, as dates in Asia/Jakarta, counted in working days (participation.workdays).
    verify_due = models.DateField(_("verify by"))
    answer_due = models.DateField(_("answer by"))
    close_due = models.DateField(_("closes automatically on"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("first answer on time"), null=True, blank=True)
    # Set when the daily command first finds it overdue (staff were told once).
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "verify_due", "answer_due"])]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("participation:complaint", args=[self.code])

    @staticmethod
    def awaits_reply_answer(status, reporter_replied_at, last_answered_at):
        """Answered, then the reporter replied: the reply waits for a new answer."""
        return (
            status == Complaint.Status.ANSWERED
            and reporter_replied_at is not None
            and last_answered_at is not None
            and reporter_replied_at > last_answered_at
        )

    @staticmethod
    def late(status, verify_due, answer_due, today, awaits_answer=False):
        """The overdue rule for one complaint's values (ComplaintQuerySet.overdue is
        the same rule in SQL), so the page, the queue and the figures agree."""
        if status == Complaint.Status.SUBMITTED:
            return verify_due < today
        if status in (Complaint.Status.VERIFIED, Complaint.Status.REOPENED) or awaits_answer:
            return answer_due < today
        return False

    @property
    def awaits_answer(self):
        """A reply to an answer that staff have not answered yet (due by answer_due)."""
        return self.awaits_reply_answer(
            self.status, self.reporter_replied_at, self.last_answered_at
        )

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.late(self.status, self.verify_due, self.answer_due, today, self.awaits_answer)

    @property
    def about(self):
        if self.subject == self.Subject.PROGRAM and self.program_id:
            return self.program.title
        if self.subject == self.Subject.EVENT and self.event_id:
            return self.event.title
        return self.service


class ComplaintUpdate(models.Model):
    """One step in a complaint's history, seen by the reporter and staff."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified by the office")
        ANSWERED = "answered", _("Answer from the office")
        REPLY = "reply", _("Reply from the reporter")
        CONFIRMED = "confirmed", _("Confirmed resolved by the reporter")
        REOPENED = "reopened", _("Reopened by the reporter")
        CLOSED = "closed", _("Closed automatically")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    body = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.complaint_id}: {self.kind}"


# --- Surveys ---------------------------------------------------------------------------


class SurveyQuerySet(models.QuerySet):
    def open_at(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)


class Survey(ClusterableModel):
    """A needs survey built by staff in the Wagtail admin."""

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        AREA = "area", _("Residents of an area")
        GROUP = "group", _("Members of a group")

    title = models.CharField(_("title"), max_length=160)
    intro = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    area = models.ForeignKey(
        "pages.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For the audience 'Residents of an area' (the RWs inside it count too)."),
    )
    group = models.ForeignKey(
        "community.CommunityGroupPage",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For the audience 'Members of a group'."),
    )
    allow_anonymous = models.BooleanField(
        _("allow anonymous responses"),
        default=False,
        help_text=_("Only for the audience 'Everyone'. Anonymous answers are rate-limited."),
    )
    results_public = models.BooleanField(_("results are public"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SurveyQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("When it is open")
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("area"),
                FieldPanel("group"),
                FieldPanel("allow_anonymous"),
                FieldPanel("results_public"),
            ],
            heading=_("Who answers, who sees the results"),
        ),
        InlinePanel("questions", heading=_("Questions"), label=_("Question"), min_num=1),
    ]

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("participation:survey", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The survey must close after it opens.")
        if self.audience == self.Audience.AREA and not self.area_id:
            errors["area"] = _("Choose the area.")
        if self.audience == self.Audience.GROUP and not self.group_id:
            errors["group"] = _("Choose the group.")
        if self.allow_anonymous and self.audience != self.Audience.EVERYONE:
            errors["allow_anonymous"] = _("Only a survey for everyone can take anonymous answers.")
        if errors:
            raise ValidationError(errors)

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    @property
    def response_count(self):
        return self.responses.count()


class SurveyQuestion(Orderable):
    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE = "single_choice", _("Single choice")
        MULTIPLE = "multiple_choice", _("Multiple choice")
        NUMBER = "number", _("Number")
        SCALE = "scale", _("Scale 1-5")

    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=255)
    help_text = models.CharField(_("help text"), max_length=255, blank=True)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=True)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For choice questions: one choice per line.")
    )

    panels = [
        FieldPanel("text"),
        FieldPanel("help_text"),
        FieldPanel("kind"),
        FieldPanel("required"),
        FieldPanel("choices"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text

    @property
    def has_choices(self):
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    def choice_list(self):
        return [c.strip() for c in self.choices.splitlines() if c.strip()]

    def choice_pairs(self):
        """(slug, label) of each choice: the slug is stable in needs keys and CSV."""
        return [(slugify(c) or str(n), c) for n, c in enumerate(self.choice_list(), 1)]

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.has_choices and len(self.choice_list()) < 2:
            raise ValidationError({"choices": _("Give at least two choices, one per line.")})


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    area = models.ForeignKey(
        "pages.Area",
        verbose_name=_("RW"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Anonymous answers: a salted hash of the network address, for the rate limit only.
    client_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="one_response_per_resident",
            )
        ]

    def __str__(self):
        return f"{self.survey_id} #{self.pk}"


class SurveyAnswer(models.Model):
    """One answer; a multiple-choice question has one row per chosen choice."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(blank=True)
    choice = models.CharField(max_length=120, blank=True, db_index=True)
    number = models.IntegerField(null=True, blank=True)

    def __str__(self):
        return self.value


def proposal_counts_by_status():
    return dict(Proposal.objects.visible().values_list("status").annotate(n=Count("pk")).order_by())
