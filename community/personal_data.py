"""A person's own data: download it as JSON, or delete the account.

Other apps add their part of the download without community importing them (the
dependency arrow points from events to community, never back):

    # events/apps.py, in ready():
    from community import personal_data
    personal_data.register("enrollments", my_enrollments_as_dicts)

The callable receives the user and returns something JSON-serialisable (lists, dicts,
strings, numbers; datetimes are turned into ISO 8601 strings).
"""

import logging

from django.db import transaction
from django.utils import timezone

from community import membership as rules
from community import notifications
from community.models import Membership
from community.signals import account_deleting

logger = logging.getLogger("balai.community")

_sections = {}


def register(name, function):
    """Add a section `name` to every download; `function(user)` returns its content."""
    _sections[name] = function


def unregister(name):
    _sections.pop(name, None)


def profile_data(user):
    area = user.home_area
    return {
        "email": user.email,
        "display_name": user.display_name,
        "phone": user.phone,
        "home_area": {"id": area.pk, "name": str(area), "slug": area.slug} if area else None,
        "data_consent_at": user.data_consent_at,
        "email_reminders": user.email_reminders,
        "email_group_updates": user.email_group_updates,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def memberships_data(user):
    memberships = Membership.objects.filter(user=user).select_related("group").order_by("pk")
    return [
        {
            "group_id": m.group_id,
            "group": m.group.title,
            "role": m.role,
            "status": m.status,
            "message_from_leader": m.message,
            "requested_at": m.created_at,
            "decided_at": m.decided_at,
            "updated_at": m.updated_at,
        }
        for m in memberships
    ]


def export(user):
    data = {
        "exported_at": timezone.now(),
        "profile": profile_data(user),
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in user.emailaddress_set.all()
        ],
        "memberships": memberships_data(user),
    }
    for name, function in _sections.items():
        data[name] = function(user)
    return data


def delete_account(user):
    """Delete the person and what is theirs; groups they alone led return to staff."""
    orphaned = rules.orphaned_group_ids(user)
    with transaction.atomic():
        account_deleting.send(sender=type(user), user=user)
        user_id = user.pk
        user.delete()  # memberships and e-mail addresses go with the user (CASCADE)
        for group_id in orphaned:
            transaction.on_commit(lambda g=group_id: notifications.group_without_leader(g))
    logger.info("account %s deleted; groups without leader: %s", user_id, orphaned)
    return orphaned
