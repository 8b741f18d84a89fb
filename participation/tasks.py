"""E-mails of residents' voice, sent by django-tasks (the worker: `manage.py db_worker`).

Texts live in templates/participation/email/<name>_subject.txt and <name>_message.txt;
they go out in the site's language (Indonesian)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from community import roles

logger = logging.getLogger("balai.participation")


def absolute(path):
    return settings.SITE_BASE_URL.rstrip("/") + path


def _send(name, recipients, context):
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"participation/email/{name}_subject.txt", context)
        body = render_to_string(f"participation/email/{name}_message.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    sent = 0
    for recipient in recipients:  # one e-mail each: supporters never see each other
        try:
            sent += send_mail(subject, body, None, [recipient])
        except Exception:  # noqa: BLE001 - a mail outage must not fail the task run
            logger.exception("could not send %s e-mail", name)
    return sent


def staff_emails():
    """Active staff (community.roles: superusers, Django staff, Staf Humas, Moderator)."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(
        Q(is_superuser=True)
        | Q(is_staff=True)
        | Q(groups__name__in=[roles.STAFF_GROUP, roles.MODERATOR_GROUP])
    ).distinct()
    return list(users.values_list("email", flat=True))


@task()
def notify_proposal_answer(answer_id):
    """The author and every supporter: the proposal's new status and the answer."""
    from participation.models import ProposalAnswer

    answer = ProposalAnswer.objects.select_related("proposal__author").filter(pk=answer_id).first()
    if answer is None:
        return 0
    proposal = answer.proposal
    emails = list(
        get_user_model()
        .objects.filter(proposal_supports__proposal=proposal, is_active=True)
        .values_list("email", flat=True)
    )
    if proposal.author_id and proposal.author.is_active:
        emails.append(proposal.author.email)
    return _send(
        "proposal_status",
        emails,
        {
            "proposal": proposal,
            "answer": answer,
            "status": proposal.Status(answer.status).label,
            "url": absolute(proposal.get_absolute_url()),
        },
    )


@task()
def notify_complaint_step(complaint_id, kind):
    """The reporter, at each step of their complaint."""
    from participation.models import Complaint

    complaint = Complaint.objects.select_related("reporter").filter(pk=complaint_id).first()
    if complaint is None:
        return 0
    update = complaint.updates.filter(kind=kind).order_by("-created_at", "-pk").first()
    return _send(
        "complaint_step",
        [complaint.reporter.email],
        {
            "complaint": complaint,
            "kind": kind,
            "update": update,
            "url": absolute(complaint.get_absolute_url()),
        },
    )


@task()
def notify_staff_reply(complaint_id):
    from participation.models import Complaint

    complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is None:
        return 0
    return _send(
        "complaint_reply",
        staff_emails(),
        {"complaint": complaint, "url": absolute(complaint.get_absolute_url())},
    )


@task()
def notify_overdue(complaint_ids):
    """Staff: complaints that have just become overdue."""
    from participation.models import Complaint

    complaints = list(Complaint.objects.filter(pk__in=complaint_ids).order_by("submitted_at"))
    if not complaints:
        return 0
    from django.urls import reverse

    return _send(
        "overdue",
        staff_emails(),
        {"complaints": complaints, "url": absolute(reverse("participation:complaint_queue"))},
    )
