"""E-mails leave the request: enrollment, promotion and membership e-mails are queued
as django-tasks after the commit, and the worker sends them."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from community import membership as membership_rules
from community.models import CommunityGroupPage
from events import enrollment as rules
from tests.factories.community import CommunityGroupPageFactory, GroupIndexPageFactory, leader_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings, monkeypatch):
    """Production's queue (the database backend) instead of the tests' immediate one.
    The worker runs in the test's transaction: it must not close that connection."""
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker():
    DBTaskResult.objects.exclude(task_path__contains=".send_").delete()
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


def queued_tasks():
    """The e-mail tasks waiting (Wagtail's search-index tasks queue here too)."""
    names = (result.task_path.rsplit(".", 1)[-1] for result in DBTaskResult.objects.all())
    return sorted(name for name in names if name.startswith("send_"))


def test_enrollment_and_promotion_mails_are_queued_not_sent_inline(
    queued, event, resident, make_resident, django_capture_on_commit_callbacks
):
    second, third = make_resident(), make_resident()
    with django_capture_on_commit_callbacks(execute=True):
        rules.enroll(event, resident)
        rules.enroll(event, second)
        rules.enroll(event, third)  # capacity 2: waitlisted
    assert mail.outbox == []  # nothing sent inside the request
    assert queued_tasks() == ["send_enrollment_mail"] * 3

    with django_capture_on_commit_callbacks(execute=True):
        rules.cancel(event, resident)  # the waitlisted person is promoted
    assert mail.outbox == []
    run_worker()
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 5
    promoted = [m for m in mail.outbox if m.subject.startswith("Anda mendapat tempat")]
    assert [m.to for m in promoted] == [[third.email]]


def test_membership_mails_are_queued_not_sent_inline(
    queued, home_page, resident, django_capture_on_commit_callbacks
):
    group = CommunityGroupPageFactory(
        parent=GroupIndexPageFactory(parent=home_page),
        join_policy=CommunityGroupPage.JoinPolicy.APPROVAL,
    )
    leader = leader_of(group)
    with django_capture_on_commit_callbacks(execute=True):
        request = membership_rules.join(group, resident)
    assert mail.outbox == []
    assert queued_tasks() == ["send_new_request"]
    run_worker()
    assert [m.to for m in mail.outbox] == [[leader.email]]

    with django_capture_on_commit_callbacks(execute=True):
        membership_rules.approve(request, leader)
    assert len(mail.outbox) == 1
    run_worker()
    assert [m.to for m in mail.outbox[1:]] == [[resident.email]]


def test_a_request_withdrawn_before_the_worker_runs_is_not_announced(
    queued, home_page, resident, django_capture_on_commit_callbacks
):
    group = CommunityGroupPageFactory(
        parent=GroupIndexPageFactory(parent=home_page),
        join_policy=CommunityGroupPage.JoinPolicy.APPROVAL,
    )
    leader_of(group)
    with django_capture_on_commit_callbacks(execute=True):
        membership_rules.join(group, resident)
        membership_rules.leave(group, resident)
    run_worker()
    assert mail.outbox == []


def test_account_mails_are_queued_not_sent_inline(queued, client, resident):
    """allauth's password-reset e-mail is rendered in the request (the office's name and
    the reset link) but sent by the worker."""
    response = client.post("/akun/password/reset/", {"email": resident.email})
    assert response.status_code == 302
    assert mail.outbox == []
    assert queued_tasks() == ["send_account_mail"]
    run_worker()
    [message] = mail.outbox
    assert message.to == [resident.email]
    assert "kata sandi" in message.subject.lower()
    assert message.body.startswith("Halo dari Kantor Kelurahan")
    assert re.search(r"/akun/\S*/kunci/[0-9a-z]+-[0-9a-z]+-[0-9a-f]+/", message.body)
