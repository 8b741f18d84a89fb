"""Background tasks (django-tasks): the partner invitation e-mail."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from partners.models import PartnerInvitation

logger = logging.getLogger("balai.partners")


@task()
def send_invitation(invitation_id):
    """E-mail the invitation link. Returns True when sent."""
    invitation = (
        PartnerInvitation.objects.select_related("partner", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "partner": invitation.partner,
            "url": settings.SITE_BASE_URL.rstrip("/") + invitation.get_absolute_url(),
        }
        body = render_to_string("partners/email/invitation.txt", context)
        subject = _("Invitation to act for %(partner)s on Balai") % {
            "partner": invitation.partner.name
        }
        send_mail(subject, body, None, [invitation.email])
    logger.info("Partner invitation %s sent", invitation_id)
    return True
