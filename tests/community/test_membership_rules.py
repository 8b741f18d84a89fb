"""The membership rules (community.membership), called directly."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from community import membership as rules
from community.models import CommunityGroupPage, Membership
from config.errors import DomainError
from tests.factories.community import StaffFactory, UserFactory, leader_of, member_of

Status = Membership.Status
pytestmark = pytest.mark.django_db


def test_join_open_group_makes_an_active_member(open_group, resident):
    membership = rules.join(open_group, resident)
    assert membership.status == Status.ACTIVE
    assert membership.role == Membership.Role.MEMBER
    assert rules.is_active_member(open_group, resident)


def test_join_twice_returns_the_same_membership(open_group, resident):
    first = rules.join(open_group, resident)
    second = rules.join(open_group, resident)
    assert first.pk == second.pk
    assert Membership.objects.filter(group=open_group, user=resident).count() == 1


def test_join_approval_group_is_pending_and_emails_the_leaders(
    approval_group, leader, resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = rules.join(approval_group, resident)
    assert membership.status == Status.PENDING
    assert not rules.is_active_member(approval_group, resident)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [leader.email]
    assert "Permintaan baru untuk bergabung" in message.subject
    assert resident.display_name in message.body
    assert f"/kelompok/{approval_group.pk}/kelola/" in message.body


def test_leaders_who_turned_off_group_emails_are_not_emailed(
    approval_group, leader, resident, django_capture_on_commit_callbacks
):
    leader.email_group_updates = False
    leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        rules.join(approval_group, resident)
    assert mail.outbox == []


def test_join_needs_consent(open_group):
    person = UserFactory(data_consent_at=None)
    with pytest.raises(DomainError) as exc:
        rules.join(open_group, person)
    assert exc.value.code == "profile_incomplete"
    assert "lengkapi profil" in str(exc.value.message).lower()
    assert not Membership.objects.exists()


def test_open_group_member_limit(make_group):
    group = make_group(member_limit=2)
    rules.join(group, UserFactory())
    rules.join(group, UserFactory())
    with pytest.raises(DomainError) as exc:
        rules.join(group, UserFactory())
    assert exc.value.code == "group_full"
    assert exc.value.status == 409
    assert "penuh" in str(exc.value.message)
    assert rules.active_count(group) == 2


def test_pending_requests_do_not_count_against_the_limit_but_approval_checks_it(
    approval_group, leader
):
    # limit 3: the leader plus two members fill it
    member_of(approval_group)
    waiting = rules.join(approval_group, UserFactory())
    member_of(approval_group)
    with pytest.raises(DomainError) as exc:
        rules.approve(waiting, leader)
    assert exc.value.code == "group_full"
    waiting.refresh_from_db()
    assert waiting.status == Status.PENDING


def test_approve_and_decline_with_message_email_the_resident(
    approval_group, leader, django_capture_on_commit_callbacks
):
    first, second = UserFactory(), UserFactory()
    a = rules.join(approval_group, first)
    b = rules.join(approval_group, second)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rules.approve(a, leader, "Sampai jumpa hari Selasa!")
        rules.decline(b, leader, "Kuota mesin jahit sedang penuh.")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, a.message) == (Status.ACTIVE, "Sampai jumpa hari Selasa!")
    assert (b.status, b.message) == (Status.DECLINED, "Kuota mesin jahit sedang penuh.")
    assert a.decided_at and b.decided_at
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "Selamat bergabung" in by_recipient[first.email].subject
    assert "Sampai jumpa hari Selasa!" in by_recipient[first.email].body
    assert "belum disetujui" in by_recipient[second.email].body
    assert "Kuota mesin jahit sedang penuh." in by_recipient[second.email].body


def test_deciding_twice_is_harmless_but_changing_a_decision_is_refused(approval_group, leader):
    request = rules.join(approval_group, UserFactory())
    rules.decline(request, leader)
    assert rules.decline(request, leader).status == Status.DECLINED
    with pytest.raises(DomainError) as exc:
        rules.approve(request, leader)
    assert exc.value.code == "not_pending"


@pytest.mark.parametrize("who", ["resident", "member", "other_leader"])
def test_only_leaders_and_staff_decide(request, approval_group, who):
    request_ = rules.join(approval_group, UserFactory())
    person = request.getfixturevalue(who)
    for action in (rules.approve, rules.decline):
        with pytest.raises(DomainError) as exc:
            action(request_, person)
        assert exc.value.code == "not_leader"
        assert exc.value.status == 403
    request_.refresh_from_db()
    assert request_.status == Status.PENDING


def test_staff_may_decide(approval_group, staff):
    request = rules.join(approval_group, UserFactory())
    assert rules.approve(request, staff).status == Status.ACTIVE


def test_declined_person_may_ask_again_after_the_cooldown(approval_group, leader, resident):
    request = rules.join(approval_group, resident)
    rules.decline(request, leader, "Belum ada tempat.")
    with pytest.raises(DomainError) as exc:
        rules.join(approval_group, resident)
    assert exc.value.code == "declined_recently"
    Membership.objects.filter(pk=request.pk).update(
        decided_at=timezone.now() - rules.DECLINE_COOLDOWN - timedelta(minutes=1)
    )
    again = rules.join(approval_group, resident)
    assert again.pk == request.pk
    assert again.status == Status.PENDING
    assert again.message == ""


def test_leave_and_rejoin(open_group, resident):
    rules.join(open_group, resident)
    assert rules.leave(open_group, resident).status == Status.LEFT
    assert rules.leave(open_group, resident).status == Status.LEFT  # harmless twice
    assert rules.join(open_group, resident).status == Status.ACTIVE


def test_leave_without_membership(open_group, resident):
    with pytest.raises(DomainError) as exc:
        rules.leave(open_group, resident)
    assert exc.value.code == "not_member"


def test_withdrawing_a_pending_request(approval_group, resident):
    rules.join(approval_group, resident)
    assert rules.leave(approval_group, resident).status == Status.LEFT


def test_last_leader_leaving_notifies_staff(
    approval_group, leader, django_capture_on_commit_callbacks
):
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        rules.leave(approval_group, leader)
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "tidak punya ketua" in mail.outbox[0].subject
    assert rules.led_group_ids(leader) == []


def test_a_leader_leaving_while_another_remains_does_not_notify(
    approval_group, leader, django_capture_on_commit_callbacks
):
    StaffFactory()
    leader_of(approval_group)
    with django_capture_on_commit_callbacks(execute=True):
        rules.leave(approval_group, leader)
    assert mail.outbox == []


def test_staff_make_a_member_a_leader(approval_group, member, staff, resident):
    membership = Membership.objects.get(group=approval_group, user=member)
    rules.make_leader(membership, staff)
    assert rules.is_group_leader(approval_group, member)
    with pytest.raises(DomainError) as exc:
        rules.make_leader(membership, resident)
    assert exc.value.code == "not_staff"


def test_only_active_members_become_leaders(approval_group, staff, resident):
    pending = rules.join(approval_group, resident)
    with pytest.raises(DomainError) as exc:
        rules.make_leader(pending, staff)
    assert exc.value.code == "not_active_member"


def test_join_state(approval_group, leader, resident):
    count = rules.active_count(approval_group)
    assert rules.join_state(approval_group, None, count) == "request"
    request = rules.join(approval_group, resident)
    assert rules.join_state(approval_group, request, count) == "pending"
    approval_group.member_limit = count
    assert rules.join_state(approval_group, None, count) == "full"
    open_group = CommunityGroupPage(join_policy="open", member_limit=None)
    assert rules.join_state(open_group, None, 0) == "join"
