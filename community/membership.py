"""Membership rules: who is in a group, who leads it, and how that changes.

Every change to a membership goes through these functions, whoever asks: the HTML
views, the API and the Wagtail admin. Other apps (events) ask here, never the tables.

Decisions worth knowing:
- Joining an open group makes you an active member at once; a group with leader
  approval gets a pending request. Repeating a join returns the current state.
- The member limit counts active members. It is checked (on join of an open group and
  on approval) while holding a row lock on the group, inside one transaction, so many
  people joining at once can never overfill a group.
- A declined person may ask again, but only DECLINE_COOLDOWN after the decision, so a
  leader is not asked the same question every day. The declined record is kept (with
  the leader's message) until then.
- Someone who left may join again like anyone else (as a member, never as a leader).
- A leader may leave. If they were the group's last leader, staff are e-mailed: the
  group returns to staff until they name a new leader in the admin.
- Joining needs a complete profile with consent to data processing (UU PDP): a
  group's leaders see their members' names and phone numbers (community.consent).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community import notifications, roles
from community.consent import require_consent
from community.models import ACTIVE_LEADER, CommunityGroupPage, Membership
from config.errors import DomainError, NotFoundError, PermissionDeniedError

logger = logging.getLogger("balai.community")

DECLINE_COOLDOWN = timedelta(days=7)
Status = Membership.Status
Role = Membership.Role

# "Kelompok saya": groups I am in first, then requests waiting, then the rest.
STATUS_ORDER = Case(
    When(status=Status.ACTIVE, then=Value(0)),
    When(status=Status.PENDING, then=Value(1)),
    When(status=Status.DECLINED, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


# --- Errors (stable codes for the API) ------------------------------------------------


class GroupFullError(DomainError):
    def __init__(self):
        super().__init__(
            _("This group is full: it has reached its member limit."), "group_full", 409
        )


class DeclinedRecentlyError(DomainError):
    def __init__(self, until):
        super().__init__(
            _("Your request was declined. You can ask again from %(date)s.")
            % {"date": timezone.localtime(until).strftime("%d-%m-%Y")},
            "declined_recently",
            409,
        )


class NotMemberError(DomainError):
    def __init__(self):
        super().__init__(_("You are not a member of this group."), "not_member", 409)


class NotPendingError(DomainError):
    def __init__(self):
        super().__init__(
            _("This request has already been decided or withdrawn."), "not_pending", 409
        )


class NotLeaderError(PermissionDeniedError):
    def __init__(self):
        super().__init__(_("Only this group's leaders and staff can do this."), "not_leader")


class NotStaffError(PermissionDeniedError):
    def __init__(self):
        super().__init__(_("Only staff can do this."), "not_staff")


class LoginRequiredError(DomainError):
    def __init__(self):
        super().__init__(_("Please log in first."), "not_authenticated", 401)


# --- Questions ------------------------------------------------------------------------


def is_active_member(group, user):
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(group=group, user=user, status=Status.ACTIVE).exists()


def is_group_leader(group, user):
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        group=group, user=user, status=Status.ACTIVE, role=Role.LEADER
    ).exists()


def leads(membership):
    """The same rule on a membership already read (`membership_for`): no query."""
    return (
        membership is not None
        and membership.status == Status.ACTIVE
        and membership.role == Role.LEADER
    )


def led_group_ids(user):
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user, status=Status.ACTIVE, role=Role.LEADER).values_list(
            "group_id", flat=True
        )
    )


def is_staff_for(group, user):
    """Staff manage every group: the one staff rule (community.roles.is_staff)."""
    return roles.is_staff(user)


def can_manage(group, user, is_leader=None):
    """May see the roster with contact details and decide requests. `is_leader`: the
    answer of `leads(membership_for(group, user))` when the caller has it already."""
    if is_staff_for(group, user):
        return True
    return is_group_leader(group, user) if is_leader is None else is_leader


def membership_for(group, user):
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(group=group, user=user).first()


def active_count(group):
    return Membership.objects.filter(group=group, status=Status.ACTIVE).count()


def with_member_counts(queryset):
    """Annotate group pages with `member_count` (active members) in the same query
    (see CommunityGroupPageQuerySet.with_member_counts)."""
    return queryset.with_member_counts()


def join_state(group, membership, member_count):
    """What the join button says: join, request, pending, member, leader, declined, full."""
    if membership is not None:
        if membership.status == Status.ACTIVE:
            return "leader" if membership.role == Role.LEADER else "member"
        if membership.status == Status.PENDING:
            return "pending"
        if membership.status == Status.DECLINED and not _may_ask_again(membership):
            return "declined"
    if group.is_full_at(member_count):
        return "full"
    return "request" if group.join_policy == CommunityGroupPage.JoinPolicy.APPROVAL else "join"


def _may_ask_again(membership):
    decided = membership.decided_at or membership.updated_at
    return decided is None or timezone.now() >= decided + DECLINE_COOLDOWN


# --- Changes --------------------------------------------------------------------------


def _lock_group(group):
    """Lock the group's row for the rest of the transaction; return its current rules."""
    return (
        CommunityGroupPage.objects.select_for_update(of=("self",))
        .only("pk", "join_policy", "member_limit")
        .get(pk=group.pk)
    )


def _is_full(locked_group):
    if locked_group.member_limit is None:
        return False
    return locked_group.is_full_at(active_count(locked_group))


def join(group, user):
    """Join `group` (or ask to). Returns the Membership; repeating returns it unchanged."""
    if not user.is_authenticated:
        raise LoginRequiredError()
    require_consent(user)
    with transaction.atomic():
        locked = _lock_group(group)
        membership = Membership.objects.filter(group_id=locked.pk, user=user).first()
        if membership and membership.status in (Status.ACTIVE, Status.PENDING):
            return membership
        if membership and membership.status == Status.DECLINED and not _may_ask_again(membership):
            raise DeclinedRecentlyError(
                (membership.decided_at or membership.updated_at) + DECLINE_COOLDOWN
            )
        if _is_full(locked):
            raise GroupFullError()
        is_open = locked.join_policy == CommunityGroupPage.JoinPolicy.OPEN
        status = Status.ACTIVE if is_open else Status.PENDING
        now = timezone.now()
        if membership is None:
            membership = Membership(group_id=locked.pk, user=user)
        membership.status = status
        membership.role = Role.MEMBER
        membership.message = ""
        membership.decided_at = now if is_open else None
        membership.save()
        if status == Status.PENDING:
            transaction.on_commit(lambda: notifications.new_request(membership))
    logger.info("membership %s: user %s %s group %s", membership.pk, user.pk, status, group.pk)
    return membership


def leave(group, user):
    """Leave `group` or withdraw a pending request. Repeating it is harmless."""
    if not user.is_authenticated:
        raise LoginRequiredError()
    with transaction.atomic():
        locked = _lock_group(group)
        membership = Membership.objects.filter(group_id=locked.pk, user=user).first()
        if membership is None or membership.status == Status.DECLINED:
            raise NotMemberError()
        if membership.status == Status.LEFT:
            return membership
        was_leader = membership.is_leader
        membership.status = Status.LEFT
        membership.role = Role.MEMBER
        membership.save()
        if was_leader and not _has_other_leaders(locked, user):
            transaction.on_commit(lambda: notifications.group_without_leader(locked.pk))
    return membership


def _has_other_leaders(group, user):
    return Membership.objects.filter(ACTIVE_LEADER, group_id=group.pk).exclude(user=user).exists()


def _decide(membership, by, new_status, message):
    group = membership.group
    if not can_manage(group, by):
        raise NotLeaderError()
    with transaction.atomic():
        locked = _lock_group(group)
        current = Membership.objects.select_for_update().get(pk=membership.pk)
        if current.status == new_status and current.decided_at:
            return current  # the same decision twice: nothing to do
        if current.status != Status.PENDING:
            raise NotPendingError()
        if new_status == Status.ACTIVE and _is_full(locked):
            raise GroupFullError()
        current.status = new_status
        current.message = (message or "").strip()
        current.decided_at = timezone.now()
        current.save()
        transaction.on_commit(lambda: notifications.decision(current))
    logger.info("membership %s %s by user %s", current.pk, new_status, by.pk)
    return current


def approve(membership, by, message=""):
    return _decide(membership, by, Status.ACTIVE, message)


def decline(membership, by, message=""):
    return _decide(membership, by, Status.DECLINED, message)


def set_role(membership, role, by):
    """Staff make an active member a leader (or a leader a member again)."""
    group = membership.group
    if not is_staff_for(group, by):
        raise NotStaffError()
    with transaction.atomic():
        locked = _lock_group(group)
        current = Membership.objects.select_for_update().get(pk=membership.pk)
        if role == Role.LEADER and current.status != Status.ACTIVE:
            raise DomainError(
                _("Only an active member can be made a leader."), "not_active_member", 409
            )
        if current.role == role:
            return current
        was_leader = current.is_leader
        current.role = role
        current.save(update_fields=["role", "updated_at"])
        if was_leader and not _has_other_leaders(locked, current.user):
            transaction.on_commit(lambda: notifications.group_without_leader(locked.pk))
    return current


def make_leader(membership, by):
    return set_role(membership, Role.LEADER, by)


def get_group(group_id):
    """A live group page by id, or NotFoundError."""
    group = CommunityGroupPage.objects.live().filter(pk=group_id).first()
    if group is None:
        raise NotFoundError(_("Group not found."), "not_found")
    return group


def orphaned_group_ids(user):
    """Groups this person is the only active leader of (used before deleting an account)."""
    led = led_group_ids(user)
    if not led:
        return []
    still_led = set(
        Membership.objects.filter(ACTIVE_LEADER, group_id__in=led)
        .exclude(user=user)
        .values_list("group_id", flat=True)
    )
    return [group_id for group_id in led if group_id not in still_led]


def staff_recipients():
    return list(roles.staff_users().exclude(email="").values_list("email", flat=True)) or [
        email for _name, email in getattr(settings, "ADMINS", [])
    ]
