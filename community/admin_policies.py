"""Wagtail permission policies that follow the one staff rule (community.roles), so an
admin screen answers "who may do this" exactly as the HTML views and the API do."""

from wagtail.permission_policies import ModelPermissionPolicy

from community import roles


class StaffPolicy(ModelPermissionPolicy):
    """Staff may do the `allowed` actions on the model; nobody else may do anything.
    Subclasses narrow `allowed` (e.g. residents create the rows, staff only read)."""

    allowed = ("add", "change", "delete", "view")

    def user_has_permission(self, user, action):
        return action in self.allowed and roles.is_staff(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions, **kwargs):
        if not set(actions) & set(self.allowed):
            return roles.staff_users().none()
        return roles.staff_users()
