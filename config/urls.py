from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config import page_routes
from config.api import api, not_found, wagtail_api
from config.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", wagtail_api.urls),
    path("api/", api.urls),
    re_path(r"^api/", not_found),
    path("_allauth/", include("allauth.headless.urls")),
    # Choosing a language needs no CSRF token (the worst a forged request can do is
    # switch someone's language), so the footer's form carries none and public pages
    # stay shareable from the anonymous page cache (config.page_cache).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap),
    path("akun/", include("allauth.urls")),
    path("", include("community.urls")),
    path("", include("events.urls")),
    path("", include("eligibility.urls")),
    path("", include("participation.urls")),
    path("", include("partners.urls")),
    path("", include("accountability.urls")),
    path("", include("search.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it catches every remaining URL. Its routing goes
# through the route cache (config.page_routes); Wagtail's own _util/ URLs stay first.
urlpatterns += [
    path(
        "",
        include([p for p in wagtail_urls.urlpatterns if getattr(p, "name", "") != "wagtail_serve"]),
    ),
    re_path(wagtail_urls.serve_pattern, page_routes.serve, name="wagtail_serve"),
]
