"""Partner accounts: staff invite a partner's staff by e-mail; the invited person logs
in (or signs up) with that address and accepts, which links the account to the partner.

One account acts for one partner. The e-mail goes through django-tasks
(partners.tasks.send_invitation), after the invitation is saved.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.roles import is_staff
from config.errors import DomainError, NotFoundError, PermissionDeniedError
from partners.models import PartnerInvitation, PartnerMember


def invite(partner, email, by):
    """Staff invite `email` to act for `partner`. Returns the PartnerInvitation."""
    if not is_staff(by):
        raise PermissionDeniedError(_("Only staff can invite partners."), "forbidden")
    email = (email or "").strip().lower()
    if not email or "@" not in email:
        raise DomainError(_("Enter a valid e-mail address."), "invalid_email", 422)
    existing = PartnerMember.objects.filter(user__email__iexact=email).select_related("partner")
    member = existing.first()
    if member is not None and member.partner_id != partner.pk:
        raise DomainError(
            _("This e-mail address already acts for %(partner)s.") % {"partner": member.partner},
            "other_partner",
            409,
        )
    with transaction.atomic():
        invitation = PartnerInvitation.objects.create(partner=partner, email=email, invited_by=by)
        transaction.on_commit(lambda: _enqueue(invitation.pk))
    return invitation


def _enqueue(invitation_id):
    from partners.tasks import send_invitation

    send_invitation.enqueue(invitation_id)


def find(token):
    invitation = (
        PartnerInvitation.objects.select_related("partner").filter(token=token or "").first()
    )
    if invitation is None:
        raise NotFoundError(_("This invitation link is not valid."), "not_found")
    return invitation


def accept_problem(invitation, user):
    """Why this account may not accept this invitation, or None."""
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == getattr(user, "pk", None):
            return None
        return DomainError(_("This invitation has already been used."), "used", 409)
    if invitation.expires_at <= timezone.now():
        return DomainError(
            _("This invitation has expired. Ask the kelurahan office for a new one."),
            "expired",
            409,
        )
    if not user.is_authenticated:
        return DomainError(_("Please log in first."), "not_authenticated", 401)
    if user.email.lower() != invitation.email.lower():
        return PermissionDeniedError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email},
            "wrong_account",
        )
    member = PartnerMember.objects.filter(user=user).first()
    if member is not None and member.partner_id != invitation.partner_id:
        return DomainError(
            _("Your account already acts for another partner."), "other_partner", 409
        )
    return None


def accept(invitation, user):
    """Link `user` to the invitation's partner. Returns the PartnerMember."""
    with transaction.atomic():
        invitation = PartnerInvitation.objects.select_for_update().get(pk=invitation.pk)
        problem = accept_problem(invitation, user)
        if problem:
            raise problem
        member, _created = PartnerMember.objects.get_or_create(
            user=user, defaults={"partner_id": invitation.partner_id}
        )
        if invitation.accepted_at is None:
            invitation.accepted_at = timezone.now()
            invitation.accepted_by = user
            invitation.save(update_fields=["accepted_at", "accepted_by"])
        if hasattr(user, "_balai_partner"):
            del user._balai_partner
        return member
