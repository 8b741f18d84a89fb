"""What a leader hears when staff decide on the activity they posted.

Wagtail e-mails the person who submitted a page when it is approved or sent back: a
staff e-mail in English, with links into the admin that a leader cannot open. For
pages submitted by someone who is not staff (community.roles), Wagtail's e-mail is
left out and Balai sends its own notice in the site's language instead, with links to
the public page or to the leader's own activity list. Staff keep Wagtail's e-mails.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.admin.mail import (
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
)
from wagtail.models import WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected

from community import roles

logger = logging.getLogger("balai.events")


class _StaffOnly:
    def get_recipient_users(self, workflow_state, **kwargs):
        return {
            user
            for user in super().get_recipient_users(workflow_state, **kwargs)
            if roles.is_staff(user)
        }


class StaffApprovalNotifier(_StaffOnly, WorkflowStateApprovalEmailNotifier):
    pass


class StaffRejectionNotifier(_StaffOnly, WorkflowStateRejectionEmailNotifier):
    pass


def connect():
    """Take the place of Wagtail's approval and rejection e-mails (same dispatch_uid:
    whichever app is ready first, only these stay connected), and add Balai's own."""
    for signal, notifier, uid in (
        (workflow_approved, StaffApprovalNotifier(), "workflow_state_approved_email_notification"),
        (workflow_rejected, StaffRejectionNotifier(), "workflow_state_rejected_email_notification"),
    ):
        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
        signal.connect(notifier, sender=WorkflowState, dispatch_uid=uid, weak=False)
    workflow_approved.connect(_approved, sender=WorkflowState, dispatch_uid="balai_event_approved")
    workflow_rejected.connect(_rejected, sender=WorkflowState, dispatch_uid="balai_event_rejected")


def _leader_event(workflow_state, user):
    """(event, leader) when a non-staff person submitted this event; else None."""
    from events.models import EventPage

    page = workflow_state.content_object
    requested_by = workflow_state.requested_by
    if requested_by is None or requested_by == user or roles.is_staff(requested_by):
        return None
    if not isinstance(getattr(page, "specific_deferred", None), EventPage):
        return None
    return page.pk, requested_by.pk


def _approved(sender, instance, user=None, **kwargs):
    found = _leader_event(instance, user)
    if found:
        send_leader_notice.enqueue("approved", *found, "")


def _rejected(sender, instance, user=None, **kwargs):
    found = _leader_event(instance, user)
    if found:
        comment = instance.current_task_state.specific.get_comment() or ""
        send_leader_notice.enqueue("rejected", *found, comment)


def _absolute(path):
    return settings.SITE_BASE_URL.rstrip("/") + path


@task()
def send_leader_notice(kind, event_id, leader_id, comment=""):
    """Tell the leader, in the site's language, that their activity is published
    ("approved") or needs changes ("rejected", with the moderator's comment)."""
    from django.contrib.auth import get_user_model

    from events.models import EventPage

    event = EventPage.objects.filter(pk=event_id).select_related("organising_group").first()
    leader = get_user_model().objects.filter(pk=leader_id, is_active=True).first()
    if event is None or leader is None or not leader.email:
        return False
    group = event.organising_group
    context = {
        "event": event,
        "leader": leader,
        "comment": comment,
        "event_url": _absolute(event.url or "/"),
        "group_events_url": _absolute(reverse("events:group_events", args=[group.pk]))
        if group
        else _absolute("/"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        if kind == "approved":
            subject = _("Your activity is published: %(title)s") % {"title": event.title}
        else:
            subject = _("Your activity needs changes: %(title)s") % {"title": event.title}
        body = render_to_string(f"events/email/leader_{kind}.txt", context)
    try:
        send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [leader.email])
    except Exception:  # a mail server outage must not undo a moderation decision
        logger.exception("could not send the %s notice for event %s", kind, event_id)
        return False
    return True
