"""Response headers every page gets: the Content-Security-Policy (django-csp, a looser
policy for the Wagtail admin), Permissions-Policy, and private caching for personal
pages and answers."""

import json
import re

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.translation import gettext as _

from config.page_cache import is_anonymous

# Pages and answers that hold one person's data (profile, "Kegiatan saya" with its
# private calendar link, rosters, attendance, the queue desk, a kader's residents, saved
# eligibility checks, a partner's dashboard, complaints, survey exports): never stored
# by a shared cache or the browser.
PRIVATE_PATHS = re.compile(
    r"^/(?:api/me/|_allauth/|akun/|kegiatan-saya/|kalender/|pendampingan/"
    r"|kegiatan/\d+/(?:peserta|presensi/|sertifikat/|antrean/)|kelompok/\d+/kelola/"
    r"|cek-kelayakan/(?:simpan|tersimpan|petugas)/|mitra/(?:dasbor|janji|undangan)/"
    r"|pengaduan/(?!kinerja/)|survei/\d+/hasil\.csv)"
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
        elif not response.has_header("Cache-Control") and not is_anonymous(request):
            # Any other page rendered for a signed-in visitor shows their name and
            # menu: the browser may keep it, a shared cache may not.
            patch_cache_control(response, private=True)
        if path.startswith(TOKEN_PATHS):
            patch_vary_headers(response, ["X-Session-Token"])
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response


# Django's own answers on /api/ (405 from ninja's router, a CSRF failure, a 400 for a
# suspicious request, a 500) are HTML or plain text; the API answers JSON only.
API_ERRORS = {
    400: ("bad_request", lambda: _("The request is not valid.")),
    403: ("forbidden", lambda: _("You may not do this.")),
    404: ("not_found", lambda: _("Not found.")),
    405: ("method_not_allowed", lambda: _("This method is not allowed here.")),
    413: ("too_large", lambda: _("The request is too large.")),
    500: ("server_error", lambda: _("Something went wrong on our side. Please try again.")),
}


def _is_api(path):
    # Wagtail's content API (/api/v2/) keeps its own error shape; /api/docs is a page.
    return path.startswith("/api/") and not path.startswith(("/api/v2/", "/api/docs"))


class ApiErrorsMiddleware:
    """Every error under /api/ is `{"detail", "code"}` JSON in the user's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or not _is_api(request.path_info):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        code, message = API_ERRORS.get(status, API_ERRORS[500 if status >= 500 else 400])
        replacement = HttpResponse(
            json.dumps({"detail": str(message()), "code": code}),
            status=status,
            content_type="application/json; charset=utf-8",
        )
        for header in ("Allow", "Vary", "Cache-Control", "Retry-After"):
            if header in response:
                replacement[header] = response[header]
        return replacement


class BadInputMiddleware:
    """A NUL byte is never valid input, and the databases refuse it (PostgreSQL raises,
    SQLite's full-text search chokes): refuse it at the door. In the path: 404; in the
    query string or a form/JSON body: 400. A POST missing a field a view reads
    (Wagtail's editor without a StreamField's count) is a 400 too, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return self._refuse(request, 404)
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            return self._refuse(request, 400)
        if self._body_has_nul(request):
            return self._refuse(request, 400)
        return self.get_response(request)

    def _body_has_nul(self, request):
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method in ("GET", "HEAD", "OPTIONS") or content_type.startswith("multipart/"):
            return False
        try:
            body = request.body
        except RequestDataTooBig:
            return False  # the view answers 413 (or 400) for that
        if b"\x00" in body:
            return True
        if content_type.startswith("application/x-www-form-urlencoded"):
            return b"%00" in body
        return b"\\u0000" in body

    def process_exception(self, request, exception):
        if isinstance(exception, MultiValueDictKeyError) and request.method == "POST":
            return self._refuse(request, 400)
        return None

    def _refuse(self, request, status):
        # Before LocaleMiddleware: answer in the language it would choose.
        with translation.override(translation.get_language_from_request(request)):
            return self._answer(request, status)

    def _answer(self, request, status):
        if request.path_info.startswith("/api/") and not request.path_info.startswith("/api/v2/"):
            # For the JSON API a NUL byte is one more invalid value: 422, as for any
            # other input that does not validate.
            status = 422 if status == 400 else status
            body = {"detail": str(API_ERRORS[404][1]()), "code": "not_found"}
            if status == 422:
                body = {
                    "detail": str(_("Some input is not valid.")),
                    "code": "invalid",
                    "errors": {},
                }
            return HttpResponse(
                json.dumps(body), status=status, content_type="application/json; charset=utf-8"
            )
        if request.path_info.startswith("/api/"):
            code, message = API_ERRORS[status]
            return HttpResponse(
                json.dumps({"detail": str(message()), "code": code}),
                status=status,
                content_type="application/json; charset=utf-8",
            )
        from django.views import defaults

        if status == 404:
            return defaults.page_not_found(request, Http404())
        return defaults.bad_request(request, SuspiciousOperation())
