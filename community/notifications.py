"""E-mails about memberships, queued (django-tasks) after the transaction that caused
them commits: a rush of join requests never waits on the mail server. The worker
(`manage.py db_worker`) sends them; development and the tests run tasks at once.

`new_request(membership)`, `decision(membership)` and `group_without_leader(group_id)`
enqueue; the `send_*` tasks load the rows again by id and send.

Texts live in templates/community/email/<name>_subject.txt and <name>_message.txt, in
English source wrapped for translation; they go out in the site's language (Indonesian),
since we do not know which language the leader or staff member reads.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

logger = logging.getLogger("balai.community")


def absolute(path):
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_BASE_URL.rstrip("/") + path


def send(name, recipients, context):
    recipients = [r for r in recipients if r]
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"community/email/{name}_subject.txt", context)
        body = render_to_string(f"community/email/{name}_message.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    try:
        return send_mail(subject, body, None, recipients)
    except Exception:  # a mail server outage must not undo a committed decision
        logger.exception("could not send %s e-mail to %d recipients", name, len(recipients))
        return 0


@task()
def send_account_mail(subject, body, from_email, to, alternatives, headers, content_subtype):
    """One of allauth's account e-mails (address confirmation, password reset, ...),
    rendered in the request by `community.adapters.AccountAdapter.send_mail` and sent
    here, so sign-up and password reset never wait on the mail server. The links in it
    carry their own tokens, so sending a little later changes nothing."""
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or None)
    message.content_subtype = content_subtype
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    try:
        return message.send()
    except Exception:  # logged and retried by nobody: the resident can ask again
        logger.exception("could not send an account e-mail to %d recipients", len(to))
        return 0


def group_url(group):
    return absolute(group.get_url() or "/")


def manage_url(group_id):
    return absolute(reverse("community:manage", args=[group_id]))


def new_request(membership):
    send_new_request.enqueue(membership.pk)


def decision(membership):
    send_decision.enqueue(membership.pk)


def group_without_leader(group_id):
    send_group_without_leader.enqueue(group_id)


def _membership(membership_id):
    from community.models import Membership

    return Membership.objects.select_related("group", "user").filter(pk=membership_id).first()


@task()
def send_new_request(membership_id):
    """Tell the group's leaders (who want group e-mails) that someone asks to join."""
    from community.models import Membership

    membership = _membership(membership_id)
    if membership is None or membership.status != Membership.Status.PENDING:
        return 0  # withdrawn or decided before the worker got to it
    group = membership.group
    recipients = list(
        get_user_model()
        .objects.filter(
            memberships__group=group,
            memberships__status=Membership.Status.ACTIVE,
            memberships__role=Membership.Role.LEADER,
            is_active=True,
            email_group_updates=True,
        )
        .values_list("email", flat=True)
    )
    return send(
        "new_request",
        recipients,
        {
            "group": group,
            "resident": membership.user,
            "manage_url": manage_url(group.pk),
        },
    )


@task()
def send_decision(membership_id):
    """Tell the resident whether they were accepted (a transactional message: always sent)."""
    membership = _membership(membership_id)
    if membership is None:
        return 0
    return send(
        "decision",
        [membership.user.email],
        {
            "group": membership.group,
            "membership": membership,
            "resident": membership.user,
            "approved": membership.status == membership.Status.ACTIVE,
            "group_url": group_url(membership.group),
        },
    )


@task()
def send_group_without_leader(group_id):
    """Tell staff that a group has no active leader any more: it returns to them."""
    from community.membership import staff_recipients
    from community.models import CommunityGroupPage

    group = CommunityGroupPage.objects.filter(pk=group_id).first()
    if group is None:
        return 0
    logger.warning("group %s has no active leader any more", group_id)
    return send(
        "no_leader",
        staff_recipients(),
        {
            "group": group,
            "admin_url": absolute(reverse("wagtailadmin_pages:edit", args=[group.pk])),
            "memberships_url": absolute(reverse("memberships:index") + f"?group={group.pk}"),
        },
    )
