"""The project's URLs with /api/v2/ served by pages.api.PagesAPIViewSet (for tests)."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from config.urls import urlpatterns as project_urlpatterns
from pages.api import PagesAPIViewSet

router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", PagesAPIViewSet)
router.register_endpoint("images", ImagesAPIViewSet)
router.register_endpoint("documents", DocumentsAPIViewSet)

urlpatterns = [
    path("api/v2/", router.urls),
    *(p for p in project_urlpatterns if str(p.pattern) != "api/v2/"),
]
