"""Wagtail API v2 pages endpoint with the prefetching Balai's page types need.

Wagtail's own PagesAPIViewSet loads areas, partners, tags and image renditions one page
at a time; this subclass prefetches them when a client asks for one page type
(`?type=pages.ProgramPage`), so a listing costs the same number of queries for 10
programs as for 100. Mounted at /api/v2/pages/ in config/api.py.
"""

from django.db.models import Prefetch
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet as WagtailDocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet as WagtailImagesAPIViewSet

from config.middleware import API_ERRORS
from pages.blocks import API_IMAGE_SPECS
from pages.models import Area, ProgramPage


def hero_images():
    return get_image_model().objects.prefetch_renditions(*API_IMAGE_SPECS.values())


class BoundedPagination(WagtailPagination):
    """Wagtail's pagination, where an offset past any real listing answers an empty
    page: an offset beyond 64 bits (`?offset=99999999999999999999`) reached the
    database and failed there (a 500)."""

    MAX_OFFSET = 2**31

    def paginate_queryset(self, queryset, request, view=None):
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError:
            offset = 0  # Wagtail answers the 400 for that
        if offset > self.MAX_OFFSET:
            self.view = view
            self.total_count = queryset.count()
            return queryset[:0]
        return super().paginate_queryset(queryset, request, view)


class BalaiErrors:
    """Wagtail's content API answers its errors as `{"message": <English>}` (and Django
    REST framework's as `{"detail": <English>}`); Balai's API contract is `{"detail",
    "code"}` in the visitor's language, the same on every path under /api/. Wagtail's own
    message stays under "message" (its documented field) for developers."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        known = API_ERRORS.get(response.status_code)
        if known is None or not isinstance(response.data, dict):
            return response
        code, message = known
        original = response.data.get("message", response.data.get("detail"))
        response.data = {"detail": str(message()), "code": code}
        if original:
            response.data["message"] = str(original)
        return response


class ImagesAPIViewSet(BalaiErrors, WagtailImagesAPIViewSet):
    pagination_class = BoundedPagination


class DocumentsAPIViewSet(BalaiErrors, WagtailDocumentsAPIViewSet):
    pagination_class = BoundedPagination


class PagesAPIViewSet(BalaiErrors, WagtailPagesAPIViewSet):
    pagination_class = BoundedPagination

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
