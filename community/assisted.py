"""Pendampingan: a kader registers residents without a smartphone or e-mail, and acts
for them within the kader's own area. Every rule of it lives here; the kader pages, the
events app (enrolling on someone's behalf) and the tests call these functions.

Decisions worth knowing:
- A kader is `community.roles.is_kader(user)` with a home area; they act within that
  area and every area inside it (their kelurahan and its RWs, or one RW).
- A kader sees and acts for only the residents they registered, and only while those
  residents live in the kader's area.
- The resident's consent is taken on paper; the kader records who took it, when and the
  form's number, and the resident's `data_consent_at` is set, so the usual consent rule
  of groups and activities holds for them as for anyone.
- The account has no e-mail and no usable password until the resident claims it with
  the one-time claim code the kader hands over on paper (10 characters, about 50 bits,
  valid CLAIM_CODE_VALID, only its SHA-256 kept, one use, attempts rate limited).
- Every action is logged with the kader's name (KaderAction), which the resident sees
  on their account page ("didaftarkan oleh kader X") and in "download my data".
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model, password_validation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import membership
from community.models import AssistedRegistration, KaderAction
from community.phone import normalize_phone
from community.roles import is_kader
from config.errors import DomainError, NotFoundError, PermissionDeniedError

logger = logging.getLogger("balai.community")

CLAIM_CODE_VALID = timedelta(days=60)
CLAIM_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off paper
CLAIM_CODE_LENGTH = 10
CLAIM_ATTEMPTS = 10  # per address and per 15 minutes
Action = KaderAction.Action


# --- Who may do what ----------------------------------------------------------------


def require_kader(user):
    if not is_kader(user):
        raise PermissionDeniedError(_("Only a kader can do this."), "not_kader")
    if user.home_area_id is None:
        raise PermissionDeniedError(
            _("Your kader account has no area yet. Ask the kelurahan staff to set it."),
            "kader_without_area",
        )


def area_ids(kader):
    """The kader's area and every area inside it."""
    area = kader.home_area
    return {area.pk, *area.descendant_ids()}


def in_area(kader, area_id, ids=None):
    return area_id is not None and area_id in (ids if ids is not None else area_ids(kader))


def assisted_by(kader):
    """The residents this kader may see and act for, newest first: those they
    registered who still live in the kader's area (someone who moved out, or whose area
    is unknown, is not theirs to see). The kader's list and resident_for() both use it."""
    users = get_user_model().objects
    if kader.home_area_id is None:
        return users.none()
    return (
        users.filter(assisted_registration__kader=kader, home_area_id__in=area_ids(kader))
        .select_related("assisted_registration", "home_area__parent")
        .order_by("-assisted_registration__created_at", "-pk")
    )


def resident_for(kader, resident_id):
    """A resident this kader may act for (see assisted_by), or NotFoundError (another
    kader's resident, or someone who moved out of the kader's area)."""
    require_kader(kader)
    resident = assisted_by(kader).filter(pk=resident_id).first()
    if resident is None:
        raise NotFoundError(_("This resident is not one you assist."), "not_assisted")
    return resident


def require_target_in_area(kader, area_id, kind):
    """An activity or group outside the kader's area (or without one) is refused."""
    if not in_area(kader, area_id):
        raise PermissionDeniedError(
            _("This %(kind)s is outside your area: you can only act within %(area)s.")
            % {"kind": kind, "area": kader.home_area},
            "outside_area",
        )


# --- The log -------------------------------------------------------------------------


def log(kader, resident, action, target=None, outcome=""):
    entry = KaderAction.objects.create(
        kader=kader,
        kader_name=kader.get_full_name(),
        resident=resident,
        action=action,
        target_id=getattr(target, "pk", None),
        target_title=getattr(target, "title", "")[:255],
        outcome=outcome,
    )
    logger.info(
        "kader %s: %s for resident %s (%s %s)",
        kader.pk,
        action,
        resident.pk,
        entry.target_id,
        outcome,
    )
    return entry


def history(resident):
    return KaderAction.objects.filter(resident=resident).order_by("-created_at", "-pk")


# --- Registering and claiming -----------------------------------------------------------


def _hash(code):
    normalized = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return hashlib.sha256(normalized.encode()).hexdigest()


def _new_code():
    return "".join(secrets.choice(CLAIM_ALPHABET) for _ in range(CLAIM_CODE_LENGTH))


def format_code(code):
    return f"{code[:5]}-{code[5:]}"


def register_resident(kader, *, name, phone, area, paper_form_number, consent):
    """Register a resident in person. Returns (resident, claim code to hand over)."""
    require_kader(kader)
    name = (name or "").strip()
    paper_form_number = (paper_form_number or "").strip()
    if not name:
        raise DomainError(_("Write the resident's name."), "name_required", 422)
    if not consent:
        raise DomainError(
            _("The resident must sign the consent on the paper form first."),
            "consent_required",
            422,
        )
    if not paper_form_number:
        raise DomainError(_("Write the paper form's number."), "form_number_required", 422)
    try:
        phone = normalize_phone(phone)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], "invalid_phone", 422) from None
    if area is None or not in_area(kader, area.pk):
        raise PermissionDeniedError(
            _("Choose an RW within your area (%(area)s).") % {"area": kader.home_area},
            "outside_area",
        )
    code = _new_code()
    now = timezone.now()
    try:
        with transaction.atomic():
            resident = get_user_model()(
                email=None,
                display_name=name,
                phone=phone,
                home_area=area,
                data_consent_at=now,
                email_reminders=False,
                email_group_updates=False,
            )
            resident.set_unusable_password()
            resident.save()
            AssistedRegistration.objects.create(
                resident=resident,
                kader=kader,
                kader_name=kader.get_full_name(),
                paper_form_number=paper_form_number,
                consent_taken_by=kader,
                consent_taken_by_name=kader.get_full_name(),
                consent_taken_at=now,
                claim_code_hash=_hash(code),
                claim_code_expires_at=now + CLAIM_CODE_VALID,
            )
            log(kader, resident, Action.REGISTERED)
    except IntegrityError:
        raise DomainError(
            _("A resident with this paper form number is already registered."),
            "form_number_taken",
            409,
        ) from None
    return resident, format_code(code)


def new_claim_code(kader, resident):
    """A fresh claim code (the old one stops working), e.g. when the paper was lost."""
    resident = resident_for(kader, resident.pk)
    registration = resident.assisted_registration
    if registration.is_claimed:
        raise DomainError(
            _("This resident has already claimed the account."), "already_claimed", 409
        )
    code = _new_code()
    registration.claim_code_hash = _hash(code)
    registration.claim_code_expires_at = timezone.now() + CLAIM_CODE_VALID
    registration.save(update_fields=["claim_code_hash", "claim_code_expires_at"])
    log(kader, resident, Action.CLAIM_CODE)
    return format_code(code)


def _too_many_attempts(client_key):
    key = f"assisted:claim-attempts:{client_key}"
    cache.add(key, 0, 15 * 60)
    try:
        attempts = cache.incr(key)
    except ValueError:
        attempts = 1
    return attempts > CLAIM_ATTEMPTS


def claim(code, email, password, client_key="-"):
    """The resident takes over their account: adds an e-mail and a password. Returns the
    user; the e-mail address still has to be confirmed before logging in."""
    from allauth.account.models import EmailAddress

    if _too_many_attempts(client_key):
        raise DomainError(
            _("Too many attempts. Please wait 15 minutes and try again."), "rate_limited", 429
        )
    invalid = DomainError(
        _("This claim code is not valid. Check it, or ask your kader for a new one."),
        "invalid_claim_code",
        422,
    )
    if not code:
        raise invalid
    email = get_user_model().objects.normalize_email((email or "").strip()).lower()
    with transaction.atomic():
        registration = (
            AssistedRegistration.objects.select_for_update()
            .select_related("resident")
            .filter(claim_code_hash=_hash(code), claimed_at__isnull=True)
            .first()
        )
        if registration is None or registration.claim_code_expires_at <= timezone.now():
            raise invalid
        resident = registration.resident
        User = get_user_model()
        if (
            User.objects.filter(email__iexact=email).exclude(pk=resident.pk).exists()
            or EmailAddress.objects.filter(email__iexact=email).exists()
        ):
            raise DomainError(
                _("This e-mail address already belongs to an account."), "email_taken", 409
            )
        try:
            password_validation.validate_password(password, resident)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), "weak_password", 422) from None
        resident.email = email
        resident.set_password(password)
        resident.email_reminders = True
        resident.email_group_updates = True
        resident.save()
        address = EmailAddress.objects.create(
            user=resident, email=email, primary=True, verified=False
        )
        registration.claimed_at = timezone.now()
        registration.claim_code_hash = ""
        registration.save(update_fields=["claimed_at", "claim_code_hash"])
        KaderAction.objects.create(
            kader=registration.kader,
            kader_name=registration.kader_name,
            resident=resident,
            action=Action.CLAIMED,
        )
    return resident, address


# --- Acting for a resident ---------------------------------------------------------------


def join_on_behalf(kader, resident, group):
    """Join a group for a resident (the usual membership rules, then the log)."""
    resident = resident_for(kader, resident.pk)
    require_target_in_area(kader, group.area_id, _("group"))
    result = membership.join(group, resident)
    log(kader, resident, Action.JOINED, group, result.status)
    return result


# Other apps add what a kader can do for a resident (events: enroll in an activity),
# without community importing them: (label, url name taking the resident's id).
_actions = []


def register_action(label, url_name):
    if (label, url_name) not in _actions:
        _actions.append((label, url_name))


def actions():
    return list(_actions)


def personal_data(user):
    """For "download my data": who registered the person, and what was done for them."""
    registration = getattr(user, "assisted_registration", None)
    if registration is None:
        return None
    return {
        "registered_by_kader": registration.kader_name,
        "registered_at": registration.created_at,
        "paper_form_number": registration.paper_form_number,
        "consent_taken_by": registration.consent_taken_by_name,
        "consent_taken_at": registration.consent_taken_at,
        "claimed_at": registration.claimed_at,
        "actions": [
            {
                "at": entry.created_at,
                "kader": entry.kader_name,
                "action": entry.action,
                "target_id": entry.target_id,
                "target": entry.target_title,
                "outcome": entry.outcome,
            }
            for entry in history(user)
        ],
    }
