"""Certificates of completion and service-day time slots (imported at the end of
events/models.py, so they belong to the events app).

The rules that create and change these rows live in events/certificates.py and
events/slots.py; this module only says what is stored and how it is read."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Enrollment, EventPage, EventSession


def new_certificate_code():
    """128 random bits, URL-safe: the certificate's public id (nobody can guess one)."""
    return secrets.token_urlsafe(16)


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)

    def revoked(self):
        return self.filter(revoked_at__isnull=False)


class Certificate(models.Model):
    """Proof that a person completed an activity, as it was printed when issued: the
    name, course, dates, office and leader are copied, so a later edit of the event or
    the profile never changes a certificate someone already holds."""

    # Not content: keep it out of Wagtail's reference index (no extra writes per row).
    wagtail_reference_index_ignore = True

    code = models.CharField(
        _("certificate id"),
        max_length=32,
        unique=True,
        default=new_certificate_code,
        editable=False,
    )
    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.CASCADE, related_name="certificate", editable=False
    )
    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="certificates", editable=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificates",
        editable=False,
    )
    name = models.CharField(_("name as printed"), max_length=150, editable=False)
    course = models.CharField(_("course"), max_length=255, editable=False)
    first_date = models.DateField(_("first day"), editable=False)
    last_date = models.DateField(_("last day"), editable=False)
    sessions_attended = models.PositiveSmallIntegerField(_("sessions attended"), editable=False)
    sessions_total = models.PositiveSmallIntegerField(_("sessions held"), editable=False)
    issuer_name = models.CharField(_("issuer"), max_length=150, editable=False)
    leader_name = models.CharField(_("signed by"), max_length=150, blank=True, editable=False)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revocation_reason = models.CharField(_("reason for revoking"), max_length=250, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [models.Index(fields=["user", "-issued_at"])]

    def __str__(self):
        return f"{self.name}: {self.course}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("events:certificate_verify", args=[self.code])

    @property
    def is_revoked(self):
        return self.revoked_at is not None


class ServiceSlotQuerySet(models.QuerySet):
    def with_booked(self):
        """Annotate `booked_count`: active bookings of each slot (one subquery)."""
        booked = (
            SlotBooking.objects.filter(slot=OuterRef("pk"), status=SlotBooking.Status.BOOKED)
            .order_by()
            .values("slot")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        return self.annotate(
            booked_count=Coalesce(Subquery(booked, output_field=IntegerField()), Value(0))
        )

    def with_places(self):
        """Slots with a free place: SQL side of `ServiceSlot.has_place`."""
        queryset = self if "booked_count" in self.query.annotations else self.with_booked()
        return queryset.filter(capacity__gt=models.F("booked_count"))

    def upcoming(self, now=None):
        return self.filter(starts_at__gt=now or timezone.now())


class ServiceSlot(models.Model):
    """A time on a service day (posyandu, imunisasi, cek kesehatan) for a few people:
    e.g. 08.00-08.15 for 6. Queue numbers of the slot run from `first_number` to
    `first_number + capacity - 1`, so the queue follows the clock."""

    wagtail_reference_index_ignore = True

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="slots")
    session = models.ForeignKey(EventSession, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("people"))
    first_number = models.PositiveIntegerField(_("first queue number"))

    objects = ServiceSlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["event", "starts_at"])]

    def __str__(self):
        start = timezone.localtime(self.starts_at)
        return f"{start:%d-%m-%Y %H.%M}–{timezone.localtime(self.ends_at):%H.%M}"

    @property
    def booked(self):
        if hasattr(self, "booked_count"):
            return self.booked_count
        return self.bookings.filter(status=SlotBooking.Status.BOOKED).count()

    @property
    def places_left(self):
        return max(self.capacity - self.booked, 0)

    @property
    def has_place(self):
        """Python side of `ServiceSlotQuerySet.with_places()`."""
        return self.booked < self.capacity

    def is_past(self, now=None):
        return self.starts_at <= (now or timezone.now())


class SlotBookingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=SlotBooking.Status.BOOKED)

    def no_shows(self, now=None):
        """Booked, never checked in, and the slot is over: SQL side of `is_no_show`."""
        return self.active().filter(
            checked_in_at__isnull=True, slot__ends_at__lt=now or timezone.now()
        )


class SlotBooking(models.Model):
    """A place in a slot for the resident themself or a household member (name and
    age only), with a queue number."""

    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    slot = models.ForeignKey(ServiceSlot, on_delete=models.CASCADE, related_name="bookings")
    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="slot_bookings")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slot_bookings"
    )
    member_name = models.CharField(_("household member"), max_length=100, blank=True)
    # The member's name, lower-cased and trimmed ("" = the resident themself): one
    # active booking per person per service day.
    member_key = models.CharField(max_length=100, blank=True, editable=False)
    member_age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    queue_number = models.PositiveIntegerField(_("queue number"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.BOOKED
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SlotBookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("slot booking")
        verbose_name_plural = _("slot bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "queue_number"],
                condition=Q(status="booked"),
                name="slot_booking_one_per_queue_number",
            ),
            models.UniqueConstraint(
                fields=["event", "booked_by", "member_key"],
                condition=Q(status="booked"),
                name="slot_booking_one_per_person",
            ),
            models.CheckConstraint(
                condition=Q(member_age__isnull=True) | Q(member_age__lte=120),
                name="slot_booking_age_at_most_120",
            ),
        ]
        indexes = [models.Index(fields=["event", "queue_number"])]

    def __str__(self):
        return f"{self.queue_number}: {self.person_name}"

    @property
    def person_name(self):
        return self.member_name or self.booked_by.get_full_name()

    @property
    def for_self(self):
        return not self.member_key

    def is_no_show(self, now=None):
        """Python side of `SlotBookingQuerySet.no_shows()`."""
        return (
            self.status == self.Status.BOOKED
            and self.checked_in_at is None
            and self.slot.ends_at < (now or timezone.now())
        )
