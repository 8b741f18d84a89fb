from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community import roles
from search.models import Synonym


class SynonymPermissionPolicy(ModelPermissionPolicy):
    """Synonyms are editorial: every staff role (community.roles.is_staff, which
    includes moderators) adds, edits and deletes them; nobody else does."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete", "view"):
            return roles.is_staff(user)
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return roles.staff_users()


register_permission_policy(Synonym, SynonymPermissionPolicy(Synonym))


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Search synonyms")
    list_display = ["__str__", "note", "updated_at"]
    search_fields = None
    ordering = ["terms"]


register_snippet(SynonymViewSet)
