"""The ledger's rules, called by the admin, the API, the importer and the partners hook.

Workflow: draft -> submitted (staff) -> approved (moderator) -> public. Approved entries
never change (the model refuses too); a correction is `reverse(entry)`, a new entry with
the opposite amounts that goes through the same approval. Every step is written to
Wagtail's audit log (`wagtail.log_actions.log`) under the actions registered in
accountability/wagtail_hooks.py. Each write takes the row lock in one transaction.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accountability.models import (
    ApprovalStatus,
    FundingLine,
    IndicatorActual,
    LedgerEntry,
    SourceKind,
)
from community.roles import is_moderator, is_staff
from config.errors import DomainError, PermissionDeniedError

ACTION_CREATE = "accountability.create"
ACTION_EDIT = "accountability.edit"
ACTION_SUBMIT = "accountability.submit"
ACTION_APPROVE = "accountability.approve"
ACTION_REVERSE = "accountability.reverse"
ACTION_IMPORT = "accountability.import"
ACTION_PLEDGE = "accountability.pledge"

ENTRY_FIELDS = {
    "funding",
    "kind",
    "occurred_on",
    "amount",
    "area",
    "households_reached",
    "people_reached",
    "unit",
    "quantity",
    "description",
    "evidence_url",
    "evidence_document",
}


def validation_message(error):
    """A ValidationError as one Indonesian sentence per field."""
    if hasattr(error, "message_dict"):
        parts = []
        for messages in error.message_dict.values():
            parts.extend(str(m) for m in messages)
        return " ".join(parts)
    return " ".join(str(m) for m in error.messages)


def full_clean(instance, exclude=None):
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        raise DomainError(validation_message(error), "invalid") from error


def require_staff(user):
    if not is_staff(user):
        raise PermissionDeniedError(_("Only office staff may record funding."), "not_staff")


def require_moderator(user):
    if not is_moderator(user):
        raise PermissionDeniedError(_("Only a moderator may approve."), "not_moderator")


def _locked_error():
    return DomainError(
        _("An approved entry cannot be changed. Record a reversing entry instead."),
        "locked",
        status=409,
    )


def build_entry(program, **fields):
    unknown = set(fields) - ENTRY_FIELDS
    if unknown:
        raise DomainError(_("Unknown fields: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    entry = LedgerEntry(program=program, **fields)
    full_clean(entry, exclude=["created_by", "import_batch", "reverses"])
    return entry


@transaction.atomic
def create_entry(user, program, *, submit=False, **fields):
    """A new draft entry (or submitted at once with submit=True). Staff only."""
    require_staff(user)
    entry = build_entry(program, **fields)
    entry.created_by = user
    if submit:
        entry.status = ApprovalStatus.SUBMITTED
        entry.submitted_at = timezone.now()
    entry.save()
    log(entry, ACTION_CREATE, user=user)
    if submit:
        log(entry, ACTION_SUBMIT, user=user)
    return entry


@transaction.atomic
def update_entry(user, entry, **fields):
    """Change a draft or submitted entry. An approved one answers 409 "locked"."""
    require_staff(user)
    entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.is_locked:
        raise _locked_error()
    unknown = set(fields) - ENTRY_FIELDS
    if unknown:
        raise DomainError(_("Unknown fields: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(entry, name, value)
    full_clean(entry, exclude=["created_by", "import_batch", "reverses"])
    entry.save()
    log(entry, ACTION_EDIT, user=user)
    return entry


@transaction.atomic
def submit(user, entry):
    require_staff(user)
    entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == ApprovalStatus.SUBMITTED:
        return entry
    if entry.is_locked:
        raise _locked_error()
    entry.status = ApprovalStatus.SUBMITTED
    entry.submitted_at = timezone.now()
    entry.save(update_fields=["status", "submitted_at"])
    log(entry, ACTION_SUBMIT, user=user)
    return entry


def approve(user, entry):
    """Moderator only; a submitted entry becomes public and never changes again."""
    return _approve(user, entry, _("Only an entry submitted for approval can be approved."))


@transaction.atomic
def _approve(user, record, not_submitted_message):
    """The one approval step of ledger entries and indicator figures: under a row lock,
    submitted → approved (public, locked); approving twice at once approves once."""
    require_moderator(user)
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.is_locked:
        return record
    if record.status != ApprovalStatus.SUBMITTED:
        raise DomainError(not_submitted_message, "not_submitted", 409)
    record.status = ApprovalStatus.APPROVED
    record.approved_by = user
    record.approved_at = timezone.now()
    record.save(update_fields=["status", "approved_by", "approved_at"])
    log(record, ACTION_APPROVE, user=user)
    return record


@transaction.atomic
def reverse(user, entry, reason=""):
    """A correction: a new submitted entry with the opposite amount and counts. Only an
    approved entry is reversed (a draft is simply edited), and only once."""
    require_staff(user)
    entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if not entry.is_locked:
        raise DomainError(
            _("Only an approved entry is reversed; edit a draft instead."), "not_approved", 409
        )
    if entry.is_reversal:
        raise DomainError(_("A reversing entry cannot be reversed again."), "is_reversal", 409)
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise DomainError(_("This entry has already been reversed."), "already_reversed", 409)
    text = _("Reversal of entry #%(id)s") % {"id": entry.pk}
    if reason:
        text = f"{text}: {reason}"
    reversal = LedgerEntry(
        program_id=entry.program_id,
        funding_id=entry.funding_id,
        kind=entry.kind,
        occurred_on=timezone.localdate(),
        amount=-entry.amount,
        area_id=entry.area_id,
        households_reached=-entry.households_reached,
        people_reached=-entry.people_reached,
        unit=entry.unit,
        quantity=-entry.quantity if entry.quantity is not None else None,
        description=text[:250],
        reverses=entry,
        created_by=user,
        status=ApprovalStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    reversal.save()
    log(reversal, ACTION_REVERSE, user=user, data={"reverses": entry.pk})
    return reversal


# --- Manual indicator figures: the same approval ----------------------------------


@transaction.atomic
def record_actual(user, indicator, *, period_start, value, evidence_url="", note=""):
    require_staff(user)
    actual = IndicatorActual(
        indicator=indicator,
        period_start=period_start,
        value=value,
        evidence_url=evidence_url,
        note=note,
        created_by=user,
        status=ApprovalStatus.SUBMITTED,
    )
    full_clean(actual, exclude=["created_by"])
    actual.save()
    log(actual, ACTION_SUBMIT, user=user)
    return actual


def approve_actual(user, actual):
    """Moderator only; a submitted indicator figure becomes public and locked."""
    return _approve(user, actual, _("Only a figure submitted for approval can be approved."))


# --- Delivered partner pledges (partners.signals.pledge_delivered) -----------------

PLEDGE_SOURCE = {"csr": SourceKind.CSR, "ngo": SourceKind.NGO, "community": SourceKind.COMMUNITY}


def record_pledge(
    *,
    pledge_id,
    program_id,
    area_id,
    partner_id,
    source_kind,
    value,
    unit,
    quantity,
    delivered_on,
    description,
    evidence_url,
    **kwargs,
):
    """A delivered pledge becomes CSR/NGO funding for its program and a disbursement
    waiting for a moderator's approval. Idempotent per pledge_id: a repeated signal adds
    nothing. Without a program nothing is recorded (returns None); without an RW or
    kelurahan (a need for a whole kecamatan) only the funding line is recorded, since
    the ledger counts by RW or kelurahan. Returns the funding line."""
    from pages.models import Area, ProgramPage

    program = ProgramPage.objects.filter(pk=program_id).first() if program_id else None
    if program is None:
        return None
    levels = (Area.Level.RW, Area.Level.VILLAGE)
    area = Area.objects.filter(pk=area_id, level__in=levels).first() if area_id else None
    existing = FundingLine.objects.filter(pledge_id=pledge_id).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            funding = FundingLine.objects.create(
                pledge_id=pledge_id,
                program=program,
                source_kind=PLEDGE_SOURCE.get(source_kind, SourceKind.NGO),
                partner_id=partner_id,
                fiscal_year=delivered_on.year,
                amount=value,
                description=description[:250],
                document_url=evidence_url,
            )
            log(funding, ACTION_PLEDGE, data={"pledge_id": pledge_id})
            if area is not None:
                entry = LedgerEntry.objects.create(
                    program=program,
                    funding=funding,
                    kind=LedgerEntry.Kind.DISBURSEMENT,
                    occurred_on=min(delivered_on, timezone.localdate()),
                    amount=value,
                    area=area,
                    unit=unit if quantity is not None else "",
                    quantity=quantity if unit else None,
                    description=description[:250],
                    evidence_url=evidence_url,
                    pledge_id=pledge_id,
                    status=ApprovalStatus.SUBMITTED,
                    submitted_at=timezone.now(),
                )
                log(entry, ACTION_PLEDGE, data={"pledge_id": pledge_id})
    except IntegrityError:
        # The same pledge arrived twice at once: the other one recorded it.
        return FundingLine.objects.filter(pledge_id=pledge_id).first()
    return funding
