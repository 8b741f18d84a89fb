from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community.admin_policies import StaffPolicy
from search.models import Synonym

# Synonyms are editorial: every staff role adds, edits and deletes them.
register_permission_policy(Synonym, StaffPolicy(Synonym))


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Search synonyms")
    list_display = ["__str__", "note", "updated_at"]
    search_fields = None
    ordering = ["terms"]


register_snippet(SynonymViewSet)
