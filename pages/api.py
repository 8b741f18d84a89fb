"""Wagtail API v2 pages endpoint with the prefetching Balai's page types need.

Wagtail's own PagesAPIViewSet loads areas, partners, tags and image renditions one page
at a time; this subclass prefetches them when a client asks for one page type
(`?type=pages.ProgramPage`), so a listing costs the same number of queries for 10
programs as for 100. Mounted at /api/v2/pages/ in config/api.py.
"""

from django.db.models import Prefetch
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet
from wagtail.images import get_image_model

from pages.blocks import API_IMAGE_SPECS
from pages.models import Area, ProgramPage


def hero_images():
    return get_image_model().objects.prefetch_renditions(*API_IMAGE_SPECS.values())


class PagesAPIViewSet(WagtailPagesAPIViewSet):
    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")
        model = queryset.model
        if any(f.name == "hero_image" for f in model._meta.get_fields()):
            queryset = queryset.prefetch_related(Prefetch("hero_image", queryset=hero_images()))
        if issubclass(model, ProgramPage):
            queryset = queryset.prefetch_related(
                Prefetch("areas", queryset=Area.objects.select_related("parent")),
                "partners",
                "tagged_items__tag",
            )
        return queryset
