import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from pages.models import ProgramCategory
from pages.models.mixins import HeroImageMixin


class EventIndexPage(Page):
    template = "events/event_index_page.html"
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("event index")


class EventPage(HeroImageMixin, Page):
    """An activity with one or more sessions: a six-week sewing course is one event."""

    template = "events/event_page.html"
    parent_page_types = [
        "events.EventIndexPage",
        "pages.ProgramPage",
        "community.CommunityGroupPage",
    ]
    subpage_types = []

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        MEETING = "meeting", _("Meeting")
        HEALTH_SERVICE = "health_service", _("Health service")
        INFORMATION_SESSION = "information_session", _("Information session")
        OTHER = "other", _("Other activity")

    class Audience(models.TextChoices):
        RESIDENTS = "residents", _("Any signed-in resident")
        MEMBERS = "members", _("Members of the organising group only")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    category = models.CharField(
        _("category"), max_length=32, choices=ProgramCategory.choices, blank=True
    )
    summary = models.TextField(_("summary"), max_length=300)
    description = RichTextField(_("description"), blank=True)
    organising_group = models.ForeignKey(
        "community.CommunityGroupPage",
        verbose_name=_("organising group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    organising_program = models.ForeignKey(
        "pages.ProgramPage",
        verbose_name=_("organising program"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    area = models.ForeignKey(
        "pages.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    enrollment_opens_at = models.DateTimeField(_("enrollment opens"), null=True, blank=True)
    enrollment_closes_at = models.DateTimeField(_("enrollment closes"), null=True, blank=True)
    audience = models.CharField(
        _("who may enroll"), max_length=16, choices=Audience.choices, default=Audience.RESIDENTS
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=250, blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("category"), FieldPanel("summary"), FieldPanel("area")],
            heading=_("At a glance"),
        ),
        *HeroImageMixin.panels,
        FieldPanel("description"),
        InlinePanel("sessions", label=_("Sessions"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("organising_group"), FieldPanel("organising_program")],
            heading=_("Organiser"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldPanel("audience"),
                FieldPanel("enrollment_opens_at"),
                FieldPanel("enrollment_closes_at"),
            ],
            heading=_("Enrollment"),
        ),
        MultiFieldPanel(
            [FieldPanel("is_cancelled"), FieldPanel("cancellation_reason")],
            heading=_("Cancellation"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=3),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("category"),
        index.FilterField("area"),
        index.FilterField("is_cancelled"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("category"),
        APIField("summary"),
        APIField("description"),
        APIField("capacity"),
        APIField("audience"),
        APIField("enrollment_opens_at"),
        APIField("enrollment_closes_at"),
        APIField("is_cancelled"),
        APIField("cancellation_reason"),
        APIField("sessions"),
        *HeroImageMixin.api_fields,
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")


class EventSession(Orderable):
    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200)

    panels = [FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("venue")]
    api_fields = [APIField("starts_at"), APIField("ends_at"), APIField("venue")]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"{self.event.title}: {self.starts_at:%Y-%m-%d %H:%M}"


def new_check_in_code():
    return secrets.token_hex(4).upper()


class Enrollment(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="enrollments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    # The waitlist is first come, first served: ordered by when the person joined it.
    requested_at = models.DateTimeField(_("requested at"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    check_in_code = models.CharField(
        _("check-in code"), max_length=16, unique=True, default=new_check_in_code
    )

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="enrollment_one_per_event_user")
        ]
        indexes = [models.Index(fields=["event", "status", "requested_at"])]

    def __str__(self):
        return f"{self.user} @ {self.event} ({self.get_status_display()})"


class Attendance(models.Model):
    session = models.ForeignKey(EventSession, on_delete=models.CASCADE, related_name="attendances")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendances")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrollment"], name="attendance_one_per_session_enrollment"
            )
        ]

    def __str__(self):
        return f"{self.enrollment.user} @ {self.session}"
