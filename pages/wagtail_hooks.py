"""Wagtail admin for the content snippets: areas (wilayah) and partners (mitra).

Both live under one "Areas and partners" menu. Searching uses the database directly
(name and parent's name), so "Pondok Labu" also finds its RWs.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from config.page_cache import is_anonymous, mark_cacheable
from pages.models import Area, Partner


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("Areas")
    list_display = [
        "name",
        Column("level", label=_("Level"), accessor="get_level_display"),
        Column("parent", label=_("Part of"), accessor="parent"),
        "slug",
    ]
    list_filter = ["level"]
    search_fields = ["name", "parent__name", "slug"]
    search_backend_name = None  # plain database lookups: also match the parent's name
    ordering = ["level", "name"]
    list_per_page = 50

    def get_queryset(self, request):
        return Area.objects.select_related("parent__parent").order_by("level", "name")


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = _("Partners")
    list_display = [
        "name",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        "website",
    ]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = ["name"]


class AreasAndPartnersGroup(SnippetViewSetGroup):
    items = (AreaViewSet, PartnerViewSet)
    menu_icon = "site"
    menu_label = _("Areas and partners")
    menu_name = "areas-and-partners"


register_snippet(AreasAndPartnersGroup)


@hooks.register("before_serve_page")
def mark_public_page_cacheable(page, request, serve_args, serve_kwargs):
    """A page without view restrictions may be shared from the anonymous page cache
    (config.page_cache decides whether the response is, in the end, stored)."""
    if is_anonymous(request) and not page.get_view_restrictions():
        mark_cacheable(request)
