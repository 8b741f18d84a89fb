"""Complaint rules (pengaduan), on the working-day clock of participation.workdays.

Deadlines, as in SP4N-LAPOR!: verified within 3 working days of submission; answered
within 5 working days of verification (of the verification deadline, when verified
late); closed automatically 10 working days after the answer unless the reporter
replies. A reply to an answer needs its own answer within 5 working days (it can be
overdue like any other). The reporter can confirm "sudah selesai" or reopen once.
`overdue_since` (staff were told) is cleared whenever a new deadline starts or the
step is done, so the next late step tells staff again.

Private: only the reporter and staff read a complaint (`visible_to`, `get_for`).
"""

import statistics

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from community import roles
from config.errors import DomainError, NotFoundError
from participation import workdays
from participation.common import (
    check_daily_limit,
    clean_photo,
    plain_text,
    require_resident,
    require_staff,
)
from participation.models import Complaint, ComplaintUpdate

VERIFY_DAYS = 3
ANSWER_DAYS = 5
CLOSE_DAYS = 10

St = Complaint.Status
Kind = ComplaintUpdate.Kind


# --- Reading ------------------------------------------------------------------------------


def visible_to(user):
    """The complaints this person may read: staff all, a resident their own, else none."""
    if not user.is_authenticated:
        return Complaint.objects.none()
    if roles.is_staff(user):
        return Complaint.objects.all()
    return Complaint.objects.filter(reporter=user)


def get_for(user, code):
    """One complaint by tracking code, if this person may read it. Someone else's
    complaint answers 404, the same as one that does not exist."""
    if not user.is_authenticated:
        raise DomainError(_("Please log in first."), "not_authenticated", 401)
    code = (code or "").strip().upper()
    complaint = (
        visible_to(user).select_related("program", "event", "reporter").filter(code=code).first()
    )
    if complaint is None:
        raise NotFoundError(_("No complaint of yours has this tracking code."), "not_found")
    return complaint


def make_code(complaint):
    year = timezone.localtime(complaint.submitted_at).year
    return f"ADU-{year}-{complaint.pk:06d}"


# --- Submitting -----------------------------------------------------------------------------


def submit(
    user, *, subject, title, description, program=None, event=None, service="", photo=None, now=None
):
    require_resident(user)
    now = now or timezone.now()
    title = plain_text(title, 140, _("Summary"))
    description = plain_text(description, 3000, _("What happened"))
    service = plain_text(service, 120, _("Service"), required=False)
    if subject == Complaint.Subject.PROGRAM and program is None:
        raise DomainError(_("Choose the program."), "invalid_program", 422)
    if subject == Complaint.Subject.EVENT and event is None:
        raise DomainError(_("Choose the activity."), "invalid_event", 422)
    if subject == Complaint.Subject.SERVICE and not service:
        raise DomainError(_("Name the service."), "invalid_service", 422)
    if subject not in Complaint.Subject.values:
        raise DomainError(_("Choose what the complaint is about."), "invalid_subject", 422)
    check_daily_limit(
        user,
        "complaint",
        lambda since: Complaint.objects.filter(reporter=user, submitted_at__gte=since),
    )
    photo_file = clean_photo(photo)
    verify_due = workdays.add_workdays(now, VERIFY_DAYS)
    with transaction.atomic():
        complaint = Complaint(
            reporter=user,
            subject=subject,
            program=program if subject == Complaint.Subject.PROGRAM else None,
            event=event if subject == Complaint.Subject.EVENT else None,
            service=service if subject == Complaint.Subject.SERVICE else "",
            title=title,
            description=description,
            submitted_at=now,
            verify_due=verify_due,
            answer_due=workdays.add_workdays(verify_due, ANSWER_DAYS),
        )
        if photo_file is not None:
            complaint.photo.save(photo_file.name, photo_file, save=False)
        complaint.save()
        complaint.code = make_code(complaint)
        complaint.save(update_fields=["code"])
        ComplaintUpdate.objects.create(
            complaint=complaint, kind=Kind.SUBMITTED, author=user, created_at=now
        )
        _notify(complaint, Kind.SUBMITTED)
    return complaint


# --- Steps --------------------------------------------------------------------------------


def _locked(complaint):
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _conflict(message):
    return DomainError(message, "invalid_step", 409)


def verify(complaint, user, note="", now=None):
    require_staff(user)
    now = now or timezone.now()
    note = plain_text(note, 2000, _("Note"), required=False)
    with transaction.atomic():
        c = _locked(complaint)
        if c.status != St.SUBMITTED:
            raise _conflict(_("This complaint has already been verified."))
        c.status = St.VERIFIED
        c.verified_at = now
        start = min(timezone.localtime(now).date(), c.verify_due)
        c.answer_due = workdays.add_workdays(start, ANSWER_DAYS)
        c.overdue_since = None  # a late answer is a new lateness: staff are told again
        c.save(update_fields=["status", "verified_at", "answer_due", "overdue_since"])
        ComplaintUpdate.objects.create(
            complaint=c, kind=Kind.VERIFIED, body=note, author=user, created_at=now
        )
        log(c, "participation.complaint_verified", user=user)
        _notify(c, Kind.VERIFIED)
    return c


def answer(complaint, user, body, now=None):
    """Staff answer (first or again after a reply or reopening); the 10-working-day
    closing clock starts from this answer."""
    require_staff(user)
    now = now or timezone.now()
    body = plain_text(body, 3000, _("Answer"))
    with transaction.atomic():
        c = _locked(complaint)
        if c.status == St.CLOSED:
            raise _conflict(_("This complaint is closed."))
        if c.status == St.SUBMITTED:
            # Answering verifies it at the same time.
            c.verified_at = now
            start = min(timezone.localtime(now).date(), c.verify_due)
            c.answer_due = workdays.add_workdays(start, ANSWER_DAYS)
        today = timezone.localtime(now).date()
        if c.first_answered_at is None:
            c.first_answered_at = now
            c.answered_on_time = today <= c.answer_due
        c.last_answered_at = now
        c.status = St.ANSWERED
        c.close_due = workdays.add_workdays(now, CLOSE_DAYS)
        c.overdue_since = None
        c.save()
        ComplaintUpdate.objects.create(
            complaint=c, kind=Kind.ANSWERED, body=body, author=user, created_at=now
        )
        log(c, "participation.complaint_answered", user=user)
        _notify(c, Kind.ANSWERED)
    return c


def _require_reporter(complaint, user):
    if not user.is_authenticated:
        raise DomainError(_("Please log in first."), "not_authenticated", 401)
    if complaint.reporter_id != user.pk:
        raise NotFoundError(_("No complaint of yours has this tracking code."), "not_found")


def reply(complaint, user, body, now=None):
    """The reporter adds a message. After an answer, it stops the automatic closing
    until staff answer again, and the office has 5 working days for that answer (from
    the first reply after the answer; more messages do not move the deadline)."""
    _require_reporter(complaint, user)
    now = now or timezone.now()
    body = plain_text(body, 3000, _("Message"))
    with transaction.atomic():
        c = _locked(complaint)
        if c.status == St.CLOSED:
            raise _conflict(_("This complaint is closed."))
        if c.status == St.ANSWERED and not c.awaits_answer:
            c.answer_due = workdays.add_workdays(now, ANSWER_DAYS)
            c.overdue_since = None
        c.reporter_replied_at = now
        c.save(update_fields=["reporter_replied_at", "answer_due", "overdue_since"])
        ComplaintUpdate.objects.create(
            complaint=c, kind=Kind.REPLY, body=body, author=user, created_at=now
        )
        transaction.on_commit(lambda: _enqueue_staff_reply(c.pk))
    return c


def confirm_resolved(complaint, user, now=None):
    _require_reporter(complaint, user)
    now = now or timezone.now()
    with transaction.atomic():
        c = _locked(complaint)
        if c.status != St.ANSWERED:
            raise _conflict(_("Only an answered complaint can be confirmed as resolved."))
        c.status = St.CLOSED
        c.closed_at = now
        c.closing = Complaint.Closing.CONFIRMED
        c.save(update_fields=["status", "closed_at", "closing"])
        ComplaintUpdate.objects.create(
            complaint=c, kind=Kind.CONFIRMED, author=user, created_at=now
        )
    return c


def can_reopen(complaint):
    return complaint.reopened_at is None and complaint.status in (St.ANSWERED, St.CLOSED)


def reopen(complaint, user, body, now=None):
    """Once: the complaint needs a new answer within 5 working days."""
    _require_reporter(complaint, user)
    now = now or timezone.now()
    body = plain_text(body, 3000, _("Message"))
    with transaction.atomic():
        c = _locked(complaint)
        if c.reopened_at is not None:
            raise _conflict(_("A complaint can be reopened only once."))
        if c.status not in (St.ANSWERED, St.CLOSED):
            raise _conflict(_("Only an answered complaint can be reopened."))
        c.status = St.REOPENED
        c.reopened_at = now
        c.closed_at = None
        c.closing = ""
        c.close_due = None
        c.answer_due = workdays.add_workdays(now, ANSWER_DAYS)
        c.overdue_since = None
        c.save()
        ComplaintUpdate.objects.create(
            complaint=c, kind=Kind.REOPENED, body=body, author=user, created_at=now
        )
        _notify(c, Kind.REOPENED)
    return c


# --- The daily run --------------------------------------------------------------------------


def close_due_complaints(now=None):
    """Close answered complaints whose 10 working days have passed without a reply."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    due = Complaint.objects.filter(status=St.ANSWERED, close_due__lt=today).filter(
        Q(reporter_replied_at__isnull=True) | Q(reporter_replied_at__lt=F("last_answered_at"))
    )
    closed = []
    for complaint in due:
        with transaction.atomic():
            c = _locked(complaint)
            if c.status != St.ANSWERED:
                continue
            c.status = St.CLOSED
            c.closed_at = now
            c.closing = Complaint.Closing.AUTOMATIC
            c.save(update_fields=["status", "closed_at", "closing"])
            ComplaintUpdate.objects.create(complaint=c, kind=Kind.CLOSED, created_at=now)
            _notify(c, Kind.CLOSED)
            closed.append(c)
    return closed


def mark_overdue(now=None):
    """Mark complaints that have just become overdue; returns them (staff are told)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    newly = list(Complaint.objects.overdue(today).filter(overdue_since__isnull=True))
    if newly:
        Complaint.objects.filter(pk__in=[c.pk for c in newly]).update(overdue_since=today)
    return newly


# --- Public figures per program -------------------------------------------------------------


# What the public figures read of each complaint, in the order _figures() unpacks it.
FIGURE_COLUMNS = (
    "submitted_at",
    "first_answered_at",
    "answered_on_time",
    "status",
    "verify_due",
    "answer_due",
    "reporter_replied_at",
    "last_answered_at",
)


def program_figures(program):
    """Counts and timings for one program's complaints, never their content: how many,
    how many overdue now, the median working days to the first answer, and the share
    answered on time (of those whose answer was due or given)."""
    rows = list(Complaint.objects.about_program(program).values_list(*FIGURE_COLUMNS))
    return _figures(rows)


def _calendar(rows):
    """One Calendar (one query for cuti bersama) covering every answered span."""
    answered = [(s, a) for s, a, *_ in rows if a is not None]
    if not answered:
        return None
    return workdays.Calendar(
        min(timezone.localtime(s).date() for s, _a in answered),
        max(timezone.localtime(a).date() for _s, a in answered),
    )


def _figures(rows, today=None, calendar=None):
    today = today or timezone.localdate()
    answered = [(s, a) for s, a, *_ in rows if a is not None]
    calendar = calendar or _calendar(rows)
    days = [workdays.workdays_between(s, a, calendar) for s, a in answered]
    judged = [ok for _s, a, ok, *_ in rows if a is not None and ok is not None]
    late_unanswered = [
        1
        for _s, a, _ok, status, _v, due, *_rest in rows
        if a is None and status != St.CLOSED and due < today
    ]
    overdue = sum(
        1
        for _s, _a, _ok, status, verify_due, answer_due, replied, last_answered in rows
        if Complaint.late(
            status,
            verify_due,
            answer_due,
            today,
            Complaint.awaits_reply_answer(status, replied, last_answered),
        )
    )
    total_judged = len(judged) + len(late_unanswered)
    return {
        "count": len(rows),
        "answered": len(days),
        "overdue": overdue,
        "median_days": statistics.median(days) if days else None,
        "on_time_share": round(100 * sum(judged) / total_judged) if total_judged else None,
    }


def figures_by_program():
    """[(program, figures)] for every live, public program with at least one complaint
    (three queries: the rows, the programs with their view restrictions, cuti bersama)."""
    from pages.models import ProgramPage

    rows = {}
    for program_id, event_program_id, *rest in Complaint.objects.filter(
        Q(program__isnull=False) | Q(event__organising_program__isnull=False)
    ).values_list("program_id", "event__organising_program_id", *FIGURE_COLUMNS):
        rows.setdefault(program_id or event_program_id, []).append(tuple(rest))
    # Only published, public programs are named (as on the per-program page); the
    # complaints about the others still count in overall_figures().
    programs = ProgramPage.objects.live().public().filter(pk__in=rows).order_by("title")
    calendar = _calendar([row for program_rows in rows.values() for row in program_rows])
    return [(p, _figures(rows[p.pk], calendar=calendar)) for p in programs]


def overall_figures():
    return _figures(list(Complaint.objects.values_list(*FIGURE_COLUMNS)))


# --- Notifications ------------------------------------------------------------------------


def _notify(complaint, kind):
    complaint_id = complaint.pk

    def run():
        from participation.tasks import notify_complaint_step

        notify_complaint_step.enqueue(complaint_id, str(kind))

    transaction.on_commit(run)


def _enqueue_staff_reply(complaint_id):
    from participation.tasks import notify_staff_reply

    notify_staff_reply.enqueue(complaint_id)
