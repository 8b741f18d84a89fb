"""Pledge rules, in one place: the HTML views, the API and the Wagtail admin all call
these functions.

    pledged ──confirm (staff)──▶ confirmed ──deliver (+evidence)──▶ delivered ──report──▶ reported
       └────────────── cancel (with a reason) ──────────────┘

The need's pledged and delivered totals are shared data: every change takes the need's
row lock (``SELECT ... FOR UPDATE``, with a lock timeout), re-reads it and updates the
totals in the same transaction, so fifty partners pledging at once keep them exact.
Over-pledging is allowed (a need may get more than it asked); the pages show it.

When a pledge becomes delivered, ``partners.signals.pledge_delivered`` is sent once,
after the transaction commits, with plain values (see partners/signals.py).
"""

import logging
import re
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from community.roles import is_staff
from config.errors import DomainError, NotFoundError, PermissionDeniedError
from partners.models import EVIDENCE_MAX_BYTES, Need, PartnerMember, Pledge, today
from partners.signals import pledge_delivered

logger = logging.getLogger("balai.partners")

LOCK_TIMEOUT = "5s"
MAX_AMOUNT = 10**15  # a sanity bound: a quadrillion rupiah is a typo

SOURCE_KINDS = {
    "private": "csr",
    "ngo": "ngo",
    "community": "community",
    "government": "government",
    "university": "university",
}


# --- Who -------------------------------------------------------------------------------


def partner_of(user):
    """The partner this account acts for, or None (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_balai_partner"):
        member = PartnerMember.objects.select_related("partner").filter(user=user).first()
        user._balai_partner = member.partner if member else None
    return user._balai_partner


def acts_for(user, partner_id):
    partner = partner_of(user)
    return partner is not None and partner.pk == partner_id


def can_act_on(pledge, user):
    """The pledge's own partner's accounts, and staff."""
    return is_staff(user) or acts_for(user, pledge.partner_id)


def _require_login(user):
    if user is None or not user.is_authenticated:
        raise DomainError(_("Please log in first."), "not_authenticated", 401)


def _require_staff(user):
    _require_login(user)
    if not is_staff(user):
        raise PermissionDeniedError(_("Only staff can do this."), "forbidden")


def _require_actor(pledge, user):
    _require_login(user)
    if not can_act_on(pledge, user):
        raise PermissionDeniedError(
            _("Only the partner who made this pledge, or staff, can do this."), "forbidden"
        )


# --- Checks ----------------------------------------------------------------------------


AMOUNT_PATTERN = re.compile(r"^-?(\d+|\d{1,3}(\.\d{3})+)$")


def clean_amount(amount):
    """A whole, positive number (rupiah or units) or a DomainError. Accepts 1500000,
    "1500000" and "1.500.000" (Indonesian thousands); refuses 1.5, "1,5" and words."""
    value = None
    if isinstance(amount, int) and not isinstance(amount, bool):
        value = amount
    elif isinstance(amount, str) and AMOUNT_PATTERN.match(amount.strip().replace(" ", "")):
        value = int(amount.strip().replace(" ", "").replace(".", ""))
    if value is None:
        raise DomainError(_("Enter the amount as a whole number."), "invalid_amount", 422)
    if value <= 0:
        raise DomainError(_("The amount must be more than zero."), "invalid_amount", 422)
    if value > MAX_AMOUNT:
        raise DomainError(_("The amount is too large."), "invalid_amount", 422)
    return value


def pledge_problem(need, user, on=None):
    """Why this account may not pledge to this need now, as a DomainError, or None."""
    if user is None or not user.is_authenticated:
        return DomainError(_("Please log in first."), "not_authenticated", 401)
    if partner_of(user) is None:
        return PermissionDeniedError(
            _("Only partner accounts can pledge. Ask the kelurahan office for an invitation."),
            "not_a_partner",
        )
    if not need.is_open(on):
        return DomainError(_("This need is closed to new pledges."), "need_closed", 409)
    return None


def check_evidence(evidence):
    """An uploaded evidence file's type and size, or a DomainError."""
    if not evidence:
        return
    if getattr(evidence, "size", 0) > EVIDENCE_MAX_BYTES:
        raise DomainError(_("The evidence file is larger than 5 MB."), "evidence_too_large", 422)
    field = Pledge._meta.get_field("evidence")
    try:
        for validator in field.validators:
            validator(evidence)
    except ValidationError:
        raise DomainError(
            _("Upload the evidence as a PDF, JPG, PNG or WebP file."), "evidence_type", 422
        ) from None


# --- Locking ---------------------------------------------------------------------------


def _lock_need(need_id):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    try:
        return Need.objects.select_for_update().get(pk=need_id)
    except Need.DoesNotExist:
        raise NotFoundError(_("Need not found."), "not_found") from None


def _lock_pledge(pledge_id):
    """Lock the pledge's need first, then the pledge (always in that order)."""
    need_id = Pledge.objects.filter(pk=pledge_id).values_list("need_id", flat=True).first()
    if need_id is None:
        raise NotFoundError(_("Pledge not found."), "not_found")
    need = _lock_need(need_id)
    pledge = Pledge.objects.select_for_update().select_related("partner").get(pk=pledge_id)
    pledge.need = need
    return need, pledge


@contextmanager
def _step(name, pledge_id):
    """One pledge step: a transaction whose lock wait ends in a "try again" 409."""
    try:
        with transaction.atomic():
            yield
    except OperationalError as exc:
        logger.warning("%s: lock timeout on pledge %s: %s", name, pledge_id, exc)
        raise _busy_error() from exc


def _busy_error():
    return DomainError(
        _("Many partners are pledging right now. Please try again in a moment."), "busy", 409
    )


def _wrong_state(pledge):
    return DomainError(
        _("This pledge is %(status)s: that step is not possible now.")
        % {"status": pledge.get_status_display().lower()},
        "invalid_state",
        409,
    )


def _move_totals(need_id, pledged=0, delivered=0):
    Need.objects.filter(pk=need_id).update(
        pledged_total=F("pledged_total") + pledged,
        delivered_total=F("delivered_total") + delivered,
    )


def _log(pledge, action, user, **data):
    try:
        log(instance=pledge, action=action, user=user, data=data or None)
    except Exception:  # the audit log must never undo a pledge
        logger.exception("Could not write the audit log for pledge %s", pledge.pk)


# --- Changing --------------------------------------------------------------------------


def pledge(need, user, amount, note=""):
    """A partner account pledges `amount` (rupiah or units) to `need`. Returns the Pledge."""
    _require_login(user)
    amount = clean_amount(amount)
    partner = partner_of(user)
    try:
        with transaction.atomic(durable=True):
            need = _lock_need(need.pk)
            problem = pledge_problem(need, user)
            if problem:
                raise problem
            created = Pledge.objects.create(
                need=need,
                partner=partner,
                amount=amount,
                note=(note or "").strip(),
                pledged_by=user,
            )
            _move_totals(need.pk, pledged=amount)
            _log(created, "partners.pledge", user, amount=amount)
            return created
    except OperationalError as exc:
        logger.warning("pledge: lock timeout on need %s: %s", need.pk, exc)
        raise _busy_error() from exc


def confirm(pledge, user):
    """Staff confirm a pledge they agreed with the partner."""
    _require_staff(user)
    with _step("confirm", pledge.pk):
        _need, pledge = _lock_pledge(pledge.pk)
        if pledge.status != Pledge.Status.PLEDGED:
            raise _wrong_state(pledge)
        pledge.status = Pledge.Status.CONFIRMED
        pledge.confirmed_at = timezone.now()
        pledge.confirmed_by = user
        pledge.save(update_fields=["status", "confirmed_at", "confirmed_by", "updated_at"])
        _log(pledge, "partners.confirm", user)
        return pledge


def deliver(pledge, user, evidence=None, note="", delivered_on=None):
    """The partner (or staff) records the delivery of a confirmed pledge. Where the need
    requires evidence, a file must come with it. Sends `pledge_delivered` after commit."""
    _require_actor(pledge, user)
    check_evidence(evidence)
    delivered_on = delivered_on or today()
    if delivered_on > today():
        raise DomainError(_("The delivery date cannot be in the future."), "invalid_date", 422)
    with _step("deliver", pledge.pk):
        need, pledge = _lock_pledge(pledge.pk)
        if pledge.status == Pledge.Status.PLEDGED:
            raise DomainError(
                _("Staff must confirm this pledge before it can be delivered."),
                "not_confirmed",
                409,
            )
        if pledge.status != Pledge.Status.CONFIRMED:
            raise _wrong_state(pledge)
        if need.evidence_required and not evidence and not pledge.evidence:
            raise DomainError(
                _(
                    "This need requires delivery evidence: upload a receipt, photo or handover "
                    "letter."
                ),
                "evidence_required",
                422,
            )
        if evidence:
            pledge.evidence = evidence
        pledge.status = Pledge.Status.DELIVERED
        pledge.delivered_on = delivered_on
        pledge.delivered_at = timezone.now()
        pledge.evidence_note = (note or "").strip()
        pledge.save()
        _move_totals(need.pk, delivered=pledge.amount)
        _log(pledge, "partners.deliver", user, delivered_on=str(delivered_on))
        transaction.on_commit(lambda: _send_delivered(pledge.pk))
        return pledge


def _send_delivered(pledge_id):
    """Tell apps above (accountability) about one delivery, with plain values only."""
    pledge = (
        Pledge.objects.select_related("need", "need__program", "partner").filter(pk=pledge_id)
    ).first()
    if pledge is None:
        return
    need, partner = pledge.need, pledge.partner
    is_cash = need.kind == Need.Kind.CASH
    with translation.override(settings.LANGUAGE_CODE):  # always the site's language
        description = _("%(what)s from %(partner)s for %(need)s") % {
            "what": pledge.amount_display,
            "partner": partner.name,
            "need": need.title,
        }
    pledge_delivered.send(
        sender=Pledge,
        pledge_id=pledge.pk,
        program_id=need.program_id,
        area_id=need.area_id,
        partner_id=partner.pk,
        source_kind=SOURCE_KINDS.get(partner.kind, partner.kind),
        value=int(pledge.value),
        unit="" if is_cash else need.unit,
        quantity=None if is_cash else int(pledge.amount),
        delivered_on=pledge.delivered_on,
        description=str(description),
        evidence_url=_evidence_url(pledge),
    )


def _evidence_url(pledge):
    if not pledge.evidence:
        return ""
    url = pledge.evidence.url
    if url.startswith("/"):
        url = settings.SITE_BASE_URL.rstrip("/") + url
    return url


def report(pledge, user, text):
    """After delivery, the partner (or staff) reports how it was used."""
    _require_actor(pledge, user)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write a short report of how the help was used."), "report_empty", 422)
    with _step("report", pledge.pk):
        _need, pledge = _lock_pledge(pledge.pk)
        if pledge.status != Pledge.Status.DELIVERED:
            raise _wrong_state(pledge)
        pledge.status = Pledge.Status.REPORTED
        pledge.report = text
        pledge.reported_at = timezone.now()
        pledge.save(update_fields=["status", "report", "reported_at", "updated_at"])
        _log(pledge, "partners.report", user)
        return pledge


def cancel(pledge, user, reason):
    """Cancel a pledge that is not delivered yet, with a reason (the partner or staff)."""
    _require_actor(pledge, user)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason for cancelling."), "reason_required", 422)
    with _step("cancel", pledge.pk):
        need, pledge = _lock_pledge(pledge.pk)
        if pledge.status not in (Pledge.Status.PLEDGED, Pledge.Status.CONFIRMED):
            raise _wrong_state(pledge)
        pledge.status = Pledge.Status.CANCELLED
        pledge.cancelled_at = timezone.now()
        pledge.cancel_reason = reason
        pledge.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
        _move_totals(need.pk, pledged=-pledge.amount)
        _log(pledge, "partners.cancel", user, reason=reason)
        return pledge


def recount(need):
    """The totals recomputed from the pledges (for checks and repairs)."""
    pledges = Pledge.objects.filter(need=need)
    pledged = sum(pledges.active().values_list("amount", flat=True))
    delivered = sum(pledges.delivered().values_list("amount", flat=True))
    return pledged, delivered
