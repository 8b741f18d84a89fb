"""Response headers every page gets: the Content-Security-Policy (django-csp, a looser
policy for the Wagtail admin), Permissions-Policy, and private caching for personal
pages and answers."""

import re

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

# Pages and answers that hold one person's data (profile, "Kegiatan saya" with its
# private calendar link, rosters): never stored by a shared cache or the browser.
PRIVATE_PATHS = re.compile(
    r"^/(?:api/me/|_allauth/|akun/|kegiatan-saya/|kalender/"
    r"|kegiatan/\d+/peserta|kelompok/\d+/kelola/)"
)
# The API personalises answers by the app's session token as well as by the cookie.
TOKEN_PATHS = ("/api/", "/_allauth/")

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; the admin (and the API's Swagger page) get
    CONTENT_SECURITY_POLICY_ADMIN instead of the site's strict policy, since Wagtail's
    editor needs inline styles and scripts."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        prefixes = tuple(settings.CONTENT_SECURITY_POLICY_ADMIN["PATHS"])
        if request.path_info.startswith(prefixes):
            directives = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
            return PolicyParts(default_config(directives), parts.update, parts.replace, parts.nonce)
        return parts


class PrivacyHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path_info
        if PRIVATE_PATHS.match(path):
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
        if path.startswith(TOKEN_PATHS):
            patch_vary_headers(response, ["X-Session-Token"])
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response
