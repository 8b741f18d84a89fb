"""Membership rules: who is in a group, who leads it. Other apps ask here, never the tables."""

from community.models import Membership


def is_active_member(group, user):
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        group=group, user=user, status=Membership.Status.ACTIVE
    ).exists()


def is_group_leader(group, user):
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        group=group, user=user, status=Membership.Status.ACTIVE, role=Membership.Role.LEADER
    ).exists()


def led_group_ids(user):
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(
            user=user, status=Membership.Status.ACTIVE, role=Membership.Role.LEADER
        ).values_list("group_id", flat=True)
    )
