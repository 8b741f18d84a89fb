"""Certificate rules, in one place: issue (automatically when attendance makes someone
eligible, or by the leader for the whole roster), read, revoke.

A certificate is only ever issued when the completion rule says so
(`Enrollment.has_completed()` / `EnrollmentQuerySet.completed()`, events/models.py),
re-checked from the database at the moment of issuing, counting only the sessions whose
check-in has opened (`as_of` now: attendance on a session still to come never counts).
What it prints (name, course, dates, office, leader) is copied when it is issued.
"""

import logging
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.membership import is_group_leader
from community.models import Membership
from community.roles import is_staff
from config.errors import DomainError, NotFoundError, PermissionDeniedError
from events import badges
from events.enrollment import can_manage
from events.models import Certificate, Enrollment

logger = logging.getLogger("balai.events")


# --- Who -------------------------------------------------------------------------------


def can_issue(event, user):
    """Leaders of the organising group and staff issue certificates for a roster."""
    return can_manage(event, user) or is_staff(user)


def can_download(certificate, user):
    """The holder, the event's leaders and staff download the PDF and the badge."""
    if not user.is_authenticated:
        return False
    return certificate.user_id == user.pk or can_issue(certificate.event, user)


# --- Reading -----------------------------------------------------------------------------


CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,32}")


def certificate_by_code(code):
    code = str(code or "")
    certificate = None
    if CODE_PATTERN.fullmatch(code):
        certificate = Certificate.objects.filter(code=code).select_related("event").first()
    if certificate is None:
        raise NotFoundError(_("No certificate has this id."), "not_found")
    return certificate


def mine(user):
    """A resident's certificates, newest first (one query). A certificate carries copies
    of everything it prints, so the event's page row is not read."""
    return Certificate.objects.filter(user=user).order_by("-issued_at")


def problem(enrollment):
    """Why this enrollment does not earn a certificate now, as a DomainError, or None."""
    event = enrollment.event
    if not event.grants_certificate:
        return DomainError(_("This activity does not grant a certificate."), "no_certificate", 409)
    if event.is_cancelled:
        return DomainError(_("This activity has been cancelled."), "event_cancelled", 409)
    if not enrollment.has_completed(as_of=timezone.now()):
        attended = getattr(enrollment, "attended_sessions", None)
        if attended is None:
            attended = enrollment.attendances.count()
        return DomainError(
            _("A certificate needs %(required)s attended sessions; %(attended)s are recorded.")
            % {"required": event.sessions_to_complete(), "attended": attended},
            "not_completed",
            409,
        )
    return None


# --- Issuing --------------------------------------------------------------------------------


def _leader_name(event, issued_by):
    if not event.organising_group_id:
        return ""
    if issued_by is not None and is_group_leader(event.organising_group, issued_by):
        return issued_by.get_full_name()
    leader = (
        Membership.objects.filter(
            group_id=event.organising_group_id,
            role=Membership.Role.LEADER,
            status=Membership.Status.ACTIVE,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return leader.user.get_full_name() if leader else ""


def _office_name(event):
    from pages.models.settings import OfficeSettings

    site = event.get_site()
    if site is None:
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
    return OfficeSettings.for_site(site).office_name if site else "Kantor Kelurahan"


def issue(enrollment, issued_by=None):
    """Issue the certificate `enrollment` has earned, or return the one it already has.
    Raises DomainError when the attendance does not earn one."""
    existing = Certificate.objects.filter(enrollment_id=enrollment.pk).first()
    if existing is not None:
        return existing
    # Re-read from the database: the rule is checked on recorded attendance, never on
    # what a caller passes in.
    enrollment = (
        Enrollment.objects.with_attendance(as_of=timezone.now())
        .select_related("event", "event__organising_group", "user")
        .get(pk=enrollment.pk)
    )
    event = enrollment.event
    found = problem(enrollment)
    if found is not None:
        raise found
    sessions = event.ordered_sessions()
    first = timezone.localtime(sessions[0].starts_at).date()
    last = timezone.localtime(sessions[-1].ends_at).date()
    try:
        with transaction.atomic():
            return Certificate.objects.create(
                enrollment=enrollment,
                event=event,
                user=enrollment.user,
                name=enrollment.user.get_full_name()[:150],
                course=event.title[:255],
                first_date=first,
                last_date=last,
                sessions_attended=enrollment.attended_sessions,
                sessions_total=len(sessions),
                issuer_name=_office_name(event)[:150],
                leader_name=_leader_name(event, issued_by)[:150],
                issued_by=issued_by if getattr(issued_by, "is_authenticated", False) else None,
            )
    except IntegrityError:
        # Issued at the same moment by another request (one per enrollment).
        return Certificate.objects.get(enrollment_id=enrollment.pk)


def issue_earned(event, enrollment_ids=None, issued_by=None):
    """Issue every certificate earned in `event` and not yet issued (all completed
    enrollments, or only those in `enrollment_ids`). Returns the new certificates."""
    if not event.grants_certificate:
        return []
    earned = (
        Enrollment.objects.filter(event=event)
        .completed(as_of=timezone.now())
        .filter(certificate__isnull=True)
        .order_by("pk")
    )
    if enrollment_ids is not None:
        earned = earned.filter(pk__in=list(enrollment_ids))
    issued = []
    for enrollment in earned:
        try:
            issued.append(issue(enrollment, issued_by=issued_by))
        except DomainError as error:  # changed meanwhile: nothing to issue
            logger.info("certificate not issued for enrollment %s: %s", enrollment.pk, error)
    return issued


def issue_for_roster(event, by):
    """The leader's "issue certificates" button: everyone who completed, at once."""
    if not can_issue(event, by):
        raise PermissionDeniedError(
            _("Only the organising group's leaders and staff can do this."), "forbidden"
        )
    if not event.grants_certificate:
        raise DomainError(_("This activity does not grant a certificate."), "no_certificate", 409)
    return issue_earned(event, issued_by=by)


def on_attendance_recorded(sender, event, enrollment_ids, recorded_by=None, **kwargs):
    """events.signals.attendance_recorded: attendance may have made someone eligible."""
    if event.grants_certificate:
        issue_earned(event, enrollment_ids=enrollment_ids, issued_by=recorded_by)


# --- Revoking ----------------------------------------------------------------------------------


def status_list(number):
    """The signed revocation list `number` (events.badges), or None when no certificate
    has an id in its range (a list that does not exist yet)."""
    start = number * badges.STATUS_LIST_BITS
    end = start + badges.STATUS_LIST_BITS
    in_list = Certificate.objects.filter(pk__gte=start, pk__lt=end)
    if not in_list.exists():
        return None
    revoked = in_list.revoked().values_list("pk", flat=True)
    return badges.status_list_credential(number, revoked)


def revoke(certificate, by, reason):
    """Staff only, with a reason. The verification page then says "revoked"."""
    if not is_staff(by):
        raise PermissionDeniedError(_("Only office staff can revoke a certificate."), "forbidden")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for revoking the certificate."), "reason_required")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise DomainError(_("This certificate was already revoked."), "already_revoked", 409)
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.revocation_reason = reason[:250]
        locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    certificate.refresh_from_db()
    return certificate


def verification_data(certificate):
    """The only facts the public verification page and API show."""
    return {
        "id": certificate.code,
        "name": certificate.name,
        "course": certificate.course,
        "first_date": certificate.first_date,
        "last_date": certificate.last_date,
        "issuer": certificate.issuer_name,
        "signed_by": certificate.leader_name,
        "issued_at": certificate.issued_at,
        "status": "revoked" if certificate.is_revoked else "valid",
        "revoked_at": certificate.revoked_at,
    }
