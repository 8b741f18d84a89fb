"""Who is who: the one place that decides staff, moderator and kader.

Every app asks here (HTML views, the API, admin hooks, rules), never `user.is_staff`
or a group name of its own, so a "Staf Humas" editor is staff everywhere alike.

- staff: an active superuser, a Django staff user, or a member of "Staf Humas" or
  "Moderator" (the groups pages/migrations/0003 creates);
- moderator: an active superuser or a member of "Moderator" (approves and publishes);
- kader: a member of "Kader" (community/migrations creates it): registers residents
  without a smartphone and acts for them within their own area.
"""

STAFF_GROUP = "Staf Humas"
MODERATOR_GROUP = "Moderator"
KADER_GROUP = "Kader"


def _group_names(user):
    # Cached on the user object: a request asks several times, one query answers all.
    names = getattr(user, "_balai_group_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._balai_group_names = names
    return names


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def is_staff(user):
    if not _active(user):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return bool(_group_names(user) & {STAFF_GROUP, MODERATOR_GROUP})


def is_moderator(user):
    if not _active(user):
        return False
    return user.is_superuser or MODERATOR_GROUP in _group_names(user)


def is_kader(user):
    return _active(user) and KADER_GROUP in _group_names(user)


def may_have_admin_access(user):
    """A first answer, without a query of its own, to "may this user reach the Wagtail
    admin?" (the user bar on every page asks): False means certainly not; True means
    ask Wagtail's permission check. Admin access comes from a group (Wagtail's user
    editor assigns groups only; pages/migrations/0003 gives "Staf Humas" and "Moderator"
    wagtailadmin.access_admin), so a resident in no group, who is neither superuser nor
    Django staff, has none. The group names are the ones the rules above read (one query
    per request, shared). A permission given to a user directly (Django admin) and to
    no group of theirs is not seen here."""
    if not _active(user):
        return False
    return user.is_superuser or user.is_staff or bool(_group_names(user))


def staff_users():
    """Every active staff user: `is_staff` above, as a query (for e-mailing staff)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(is_staff=True)
            | Q(groups__name__in=[STAFF_GROUP, MODERATOR_GROUP])
        )
        .distinct()
    )
