import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from pages.models import ProgramCategory
from pages.models.mixins import HeroImageMixin, SectionIndexPage


class EventIndexPage(SectionIndexPage):
    template = "events/event_index_page.html"
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event index")

    def get_context(self, request, *args, **kwargs):
        from events.page_context import event_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_index_context(self, request))
        return context


def _count_enrollments(status):
    return Coalesce(
        Subquery(
            Enrollment.objects.filter(event=OuterRef("pk"), status=status)
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _session_bound(aggregate, field, outer="pk", **filters):
    return Subquery(
        EventSession.objects.filter(event=OuterRef(outer), **filters)
        .order_by()
        .values("event")
        .annotate(v=aggregate(field))
        .values("v")[:1]
    )


class EventPageQuerySet(PageQuerySet):
    def with_counts(self, now=None):
        """Seats and dates as annotations, so a listing costs the same few queries for 10
        events as for 500: confirmed_count, waitlist_count, seats_left_db (NULL =
        unlimited), first_starts_at, last_ends_at and next_starts_at (the next session
        still to come or running)."""
        now = now or timezone.now()
        return self.annotate(
            confirmed_count=_count_enrollments(Enrollment.Status.CONFIRMED),
            waitlist_count=_count_enrollments(Enrollment.Status.WAITLISTED),
            first_starts_at=_session_bound(Min, "starts_at"),
            last_ends_at=_session_bound(Max, "ends_at"),
            next_starts_at=_session_bound(Min, "starts_at", ends_at__gte=now),
        ).annotate(seats_left_db=F("capacity") - F("confirmed_count"))

    def upcoming(self, now=None):
        return self.with_counts(now).filter(next_starts_at__isnull=False)

    def past(self, now=None):
        return self.with_counts(now).filter(next_starts_at__isnull=True)

    @staticmethod
    def session_between_q(start=None, end=None):
        """ "One session inside the date range" (either end optional, dates inclusive, in
        the site's time zone): the event index's from/to filter and search's dates."""
        sessions = EventSession.objects.filter(event=OuterRef("pk"))
        if start:
            sessions = sessions.filter(starts_at__date__gte=start)
        if end:
            sessions = sessions.filter(starts_at__date__lte=end)
        return Q(Exists(sessions))

    # "An event has a free seat": SQL here, Python in EventPage.has_free_seat_at().
    @staticmethod
    def free_seat_q():
        """Needs `confirmed_count` (with_counts() or with_free_seats())."""
        return Q(capacity__isnull=True) | Q(capacity__gt=F("confirmed_count"))

    def with_free_seats(self):
        queryset = self
        if "confirmed_count" not in queryset.query.annotations:
            # Works on a plain queryset too (the ids-first listing filters before counting).
            queryset = queryset.alias(
                confirmed_count=_count_enrollments(Enrollment.Status.CONFIRMED)
            )
        return queryset.filter(self.free_seat_q())

    def for_listing(self, now=None):
        """Event cards, read one way by the event index, the home and group pages, the
        API, search and "Kegiatan saya": counts annotated, organiser and area joined,
        sessions in order prefetched. Meant for a page of ids (see `listing()`)."""
        return (
            self.with_counts(now)
            .select_related("organising_group", "organising_program", "area", "area__parent")
            .prefetch_related(
                Prefetch("sessions", EventSession.objects.order_by("starts_at", "pk"))
            )
        )

    def listing(self, archive=False, now=None, load=None):
        """These events as a listing shows them (upcoming soonest first, or the archive
        latest first), ids first: see EventListing. `load(ids, now)` defaults to
        `for_listing()`; a page adds its card pictures on top."""
        return EventListing(
            self,
            load=load or (lambda ids, now: EventPage.objects.filter(pk__in=ids).for_listing(now)),
            archive=archive,
            now=now,
        )


class EventListing:
    """The events of a listing, ids first: the page of event ids is computed cheaply
    (upcoming: one GROUP BY over sessions, ordered by each event's next start; archive:
    events with no session still to come, latest end first), then only the events of
    that page are loaded, with their counts, by `load(ids, now)`.

    Same results and order as filtering and sorting `with_counts()` on next_starts_at /
    last_ends_at, without evaluating five subqueries for every event. Works with Django's
    Paginator (count() and slicing)."""

    ordered = True

    def __init__(self, events, load, *, archive=False, now=None):
        self.now = now or timezone.now()
        self._load = load
        ids = events.order_by().values("pk")
        if archive:
            running = EventSession.objects.filter(event=OuterRef("pk"), ends_at__gte=self.now)
            self._rows = (
                EventPage.objects.filter(pk__in=ids)
                .filter(~Exists(running))
                .annotate(sort_key=_session_bound(Max, "ends_at"))
                .order_by("-sort_key", "-pk")
                .values_list("pk", "sort_key")
            )
        else:
            self._rows = (
                EventSession.objects.filter(ends_at__gte=self.now, event__in=ids)
                .values("event")
                .annotate(sort_key=Min("starts_at"))
                .order_by("sort_key", "event")
                .values_list("event", "sort_key")
            )
        self._count = None

    def count(self):
        if self._count is None:
            self._count = self._rows.count()
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        ids = [pk for pk, _key in self._rows[item]]
        if not ids:
            return []
        loaded = {event.pk: event for event in self._load(ids, self.now)}
        return [loaded[pk] for pk in ids if pk in loaded]


class EventPage(HeroImageMixin, Page):
    """An activity with one or more sessions: a six-week sewing course is one event."""

    template = "events/event_page.html"
    parent_page_types = [
        "events.EventIndexPage",
        "pages.ProgramPage",
        "community.CommunityGroupPage",
    ]
    subpage_types = []

    objects = PageManager.from_queryset(EventPageQuerySet)()

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
    completion_threshold = models.PositiveSmallIntegerField(
        _("sessions needed to complete"),
        null=True,
        blank=True,
        help_text=_(
            "A participant completes the activity after attending at least this many "
            "sessions (e.g. 5 of 6). Empty: every session."
        ),
    )
    grants_certificate = models.BooleanField(
        _("grants a certificate"),
        default=False,
        help_text=_(
            "Participants who complete the activity get a verifiable certificate "
            "(issued automatically when their attendance reaches the threshold)."
        ),
    )

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
                FieldPanel("completion_threshold"),
                FieldPanel("grants_certificate"),
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
        APIField("seats_left"),
        APIField("waitlist_length"),
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

    def clean(self):
        super().clean()
        errors = {}
        if self.is_cancelled and not self.cancellation_reason.strip():
            errors["cancellation_reason"] = _(
                "Tell residents why the activity is cancelled (and what happens next)."
            )
        if (
            self.enrollment_opens_at
            and self.enrollment_closes_at
            and self.enrollment_closes_at <= self.enrollment_opens_at
        ):
            errors["enrollment_closes_at"] = _("Enrollment must close after it opens.")
        if self.completion_threshold == 0:
            errors["completion_threshold"] = _("At least one session is needed to complete.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # An event posted under a group or a program is organised by it unless an editor
        # says otherwise.
        if not (self.organising_group_id and self.organising_program_id) and self.path:
            parent = self.get_parent()
            label = parent.specific_class._meta.label if parent else None
            if label == "community.CommunityGroupPage" and not self.organising_group_id:
                self.organising_group_id = parent.pk
            elif label == "pages.ProgramPage" and not self.organising_program_id:
                self.organising_program_id = parent.pk
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from events.page_context import event_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_page_context(self, request))
        return context

    # --- Counts: from the annotations of `with_counts()` when present -------------
    @property
    def confirmed_total(self):
        if hasattr(self, "confirmed_count"):
            return self.confirmed_count
        return self.enrollments.filter(status=Enrollment.Status.CONFIRMED).count()

    @property
    def waitlist_length(self):
        if hasattr(self, "waitlist_count"):
            return self.waitlist_count
        return self.enrollments.filter(status=Enrollment.Status.WAITLISTED).count()

    @property
    def seats_left(self):
        """Free seats, or None when the event has no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_total, 0)

    def has_free_seat_at(self, confirmed_count):
        """The free-seat rule in Python (SQL: EventPageQuerySet.free_seat_q): with this
        many confirmed, may one more person be confirmed?"""
        return self.capacity is None or confirmed_count < self.capacity

    @property
    def has_free_seat(self):
        return self.has_free_seat_at(self.confirmed_total)

    @property
    def is_full(self):
        return not self.has_free_seat

    @property
    def organiser(self):
        return self.organising_group or self.organising_program

    def ordered_sessions(self):
        """Sessions by start time (uses the prefetch cache when there is one)."""
        return sorted(self.sessions.all(), key=lambda s: (s.starts_at, s.pk or 0))

    @property
    def venue(self):
        sessions = self.ordered_sessions()
        return sessions[0].venue if sessions else ""

    def is_past(self, now=None):
        now = now or timezone.now()
        return not any(s.starts_at > now for s in self.sessions.all())

    def sessions_to_complete(self):
        """How many attended sessions complete the activity (Python side of the rule
        `EnrollmentQuerySet.completed()` writes in SQL)."""
        return self.completion_threshold or len(self.sessions.all())


# Attendance for a session can be recorded from this long before it starts (people arrive
# early and the kader checks them in at the door), never earlier: a certificate must not be
# earned by sessions that have not happened. The one definition: `EventSession.check_in_is_open`
# (Python) and `check_in_open_q` (SQL).
CHECK_IN_OPENS_BEFORE = timedelta(hours=1)


def check_in_open_q(now=None, prefix=""):
    """Sessions (or, with `prefix` such as "session__", rows of a session) whose check-in
    has opened by `now`: SQL side of `EventSession.check_in_is_open()`."""
    now = now or timezone.now()
    return Q(**{f"{prefix}starts_at__lte": now + CHECK_IN_OPENS_BEFORE})


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

    @property
    def check_in_opens_at(self):
        return self.starts_at - CHECK_IN_OPENS_BEFORE

    def check_in_is_open(self, now=None):
        """Attendance may be recorded (and counts) from CHECK_IN_OPENS_BEFORE the start."""
        return (now or timezone.now()) >= self.check_in_opens_at

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})


def new_check_in_code():
    return secrets.token_hex(4).upper()


def _sessions_of_event():
    return Coalesce(
        Subquery(
            EventSession.objects.filter(event=OuterRef("event"))
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _ahead_in_line(requested_at, pk):
    """Waitlisted enrollments ahead of (requested_at, pk): first come, first served.
    One rule for SQL (`with_position`, with OuterRef) and Python (`waitlist_position`)."""
    return Q(requested_at__lt=requested_at) | Q(requested_at=requested_at, pk__lt=pk)


class EnrollmentQuerySet(models.QuerySet):
    def with_attendance(self, as_of=None):
        """Annotate `attended_sessions`: how many of the event's sessions were recorded.
        With `as_of` (certificates pass the current time), only sessions whose check-in had
        opened by then count: attendance recorded on a session still to come proves nothing."""
        attended = Attendance.objects.filter(enrollment=OuterRef("pk"))
        if as_of is not None:
            attended = attended.filter(check_in_open_q(as_of, prefix="session__"))
        attended = attended.order_by().values("enrollment").annotate(n=Count("pk")).values("n")[:1]
        return self.annotate(
            attended_sessions=Coalesce(Subquery(attended, output_field=IntegerField()), Value(0))
        )

    def completed(self, as_of=None):
        """Confirmed enrollments whose attendance reached the event's threshold (every
        session when none is set). SQL side of `Enrollment.has_completed()`. `as_of`: as
        in `with_attendance()`."""
        return (
            self.with_attendance(as_of)
            .annotate(
                sessions_required=Coalesce(
                    F("event__completion_threshold"), _sessions_of_event(), Value(0)
                )
            )
            .filter(
                status=Enrollment.Status.CONFIRMED,
                attended_sessions__gt=0,
                attended_sessions__gte=F("sessions_required"),
            )
        )

    def current_for(self, user, now=None, event_details=True):
        """A resident's current enrollments ("Kegiatan saya", GET /api/me/enrollments/,
        read one way): confirmed and waitlisted, with waitlist position and attendance,
        the event as a listing card, ordered by the next session (activities still to
        come, soonest first; then finished ones, latest first). `event_details=False`
        leaves out the event's organiser and area (the API shows them, "Kegiatan saya"
        does not: three page rows and two areas less per enrollment to read)."""
        now = now or timezone.now()
        related = ["event"]
        if event_details:
            related += [
                "event__organising_group",
                "event__organising_program",
                "event__area",
                "event__area__parent",
            ]
        return (
            self.filter(user=user)
            .exclude(status=Enrollment.Status.CANCELLED)
            .with_position()
            .with_attendance()
            .annotate(
                next_starts_at=_session_bound(Min, "starts_at", outer="event", ends_at__gte=now),
                last_ends_at=_session_bound(Max, "ends_at", outer="event"),
            )
            .select_related(*related)
            .prefetch_related(
                Prefetch("event__sessions", EventSession.objects.order_by("starts_at", "pk"))
            )
            .order_by(
                F("next_starts_at").asc(nulls_last=True),
                F("last_ends_at").desc(nulls_last=True),
                "pk",
            )
        )

    def with_position(self):
        """Annotate `waitlist_position` (1, 2, ... for waitlisted rows, else NULL): first
        come, first served by (requested_at, id)."""
        ahead = (
            Enrollment.objects.filter(event=OuterRef("event"), status=Enrollment.Status.WAITLISTED)
            .filter(_ahead_in_line(OuterRef("requested_at"), OuterRef("pk")))
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        return self.annotate(
            waitlist_position=models.Case(
                models.When(
                    status=Enrollment.Status.WAITLISTED,
                    then=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1,
                ),
                default=None,
                output_field=IntegerField(),
            )
        )


class Enrollment(models.Model):
    # Not content: keep it out of Wagtail's reference index (no extra writes per row).
    wagtail_reference_index_ignore = True

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

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="enrollment_one_per_event_user")
        ]
        indexes = [models.Index(fields=["event", "status", "requested_at"])]

    def __str__(self):
        return f"{self.user} @ {self.event} ({self.get_status_display()})"

    def position_in_line(self):
        """1 for the first person waiting...; None when not waitlisted (Python side of
        `EnrollmentQuerySet.with_position`)."""
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = Enrollment.objects.filter(
            _ahead_in_line(self.requested_at, self.pk),
            event_id=self.event_id,
            status=self.Status.WAITLISTED,
        )
        return ahead.count() + 1

    def has_completed(self, as_of=None):
        """Python side of `EnrollmentQuerySet.completed()` (the `attended_sessions`
        annotation, when present, was counted with its own `as_of`)."""
        if self.status != self.Status.CONFIRMED:
            return False
        attended = getattr(self, "attended_sessions", None)
        if attended is None:
            attendances = self.attendances.all()
            if as_of is not None:
                attendances = attendances.filter(check_in_open_q(as_of, prefix="session__"))
            attended = attendances.count()
        return attended > 0 and attended >= self.event.sessions_to_complete()


def with_event_counts(enrollments, now=None):
    """Seats and waitlist counts on the events of these enrollments, in one query
    (so `event.seats_left` does not cost two queries per row). Returns the list."""
    enrollments = list(enrollments)
    ids = {e.event_id for e in enrollments}
    Status = Enrollment.Status
    counts = {
        row["event_id"]: row
        for row in Enrollment.objects.filter(event_id__in=ids)
        .order_by()
        .values("event_id")
        .annotate(
            confirmed_count=Count("pk", filter=Q(status=Status.CONFIRMED)),
            waitlist_count=Count("pk", filter=Q(status=Status.WAITLISTED)),
        )
    }
    for enrollment in enrollments:
        row = counts.get(enrollment.event_id, {})
        enrollment.event.confirmed_count = row.get("confirmed_count", 0)
        enrollment.event.waitlist_count = row.get("waitlist_count", 0)
        enrollment.event.next_starts_at = getattr(enrollment, "next_starts_at", None)
    return enrollments


class Attendance(models.Model):
    # Not content: keep it out of Wagtail's reference index (no extra writes per row).
    wagtail_reference_index_ignore = True

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


class ReminderSent(models.Model):
    """One reminder e-mail per (session, enrollment). The row is inserted before the
    e-mail goes out, so the unique constraint makes a second send impossible."""

    # Not content: keep it out of Wagtail's reference index (no extra writes per row).
    wagtail_reference_index_ignore = True

    session = models.ForeignKey(EventSession, on_delete=models.CASCADE, related_name="+")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrollment"], name="reminder_once_per_session_enrollment"
            )
        ]

    def __str__(self):
        return f"{self.enrollment_id} @ {self.session_id}"


class CancellationNotice(models.Model):
    """Participants were told that this event is cancelled (once per cancellation)."""

    # Not content: keep it out of Wagtail's reference index (no extra writes per row).
    wagtail_reference_index_ignore = True

    event = models.OneToOneField(
        EventPage, on_delete=models.CASCADE, related_name="cancellation_notice"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cancellation notice")
        verbose_name_plural = _("cancellation notices")

    def __str__(self):
        return str(self.event_id)


def new_feed_token():
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A resident's private calendar URL (their own enrollments). The token is the only
    key: regenerating it revokes the old URL."""

    # Not content: keep it out of Wagtail's reference index (no extra writes per row).
    wagtail_reference_index_ignore = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("private calendar feed")
        verbose_name_plural = _("private calendar feeds")

    def __str__(self):
        return str(self.user)


# --- Certificates and service-day slots (issue 16) ------------------------------------
from events.models_certificates import (  # noqa: E402, F401  (registered with this app)
    Certificate,
    ServiceSlot,
    SlotBooking,
)
