"""Certificates API (django-ninja): `me_router` at /api/me/certificates/ (the resident's
own), `router` at /api/certificates/ (public verification, minimal data)."""

from datetime import date, datetime

from django.urls import reverse
from ninja import Router, Schema

from config.api_auth import resident_auth
from config.api_schemas import error_responses
from events import certificates as rules

me_router = Router(tags=["me"])
router = Router(tags=["certificates"])


class CertificateVerificationOut(Schema):
    id: str
    name: str
    course: str
    first_date: date
    last_date: date
    issuer: str
    signed_by: str
    issued_at: datetime
    status: str  # "valid" or "revoked"
    revoked_at: datetime | None
    verify_url: str


class MyCertificateOut(CertificateVerificationOut):
    event_id: int
    pdf_url: str | None
    open_badge_url: str | None


def _urls(certificate):
    valid = not certificate.is_revoked
    return {
        "verify_url": reverse("events:certificate_verify", args=[certificate.code]),
        "pdf_url": reverse("events:certificate_pdf", args=[certificate.code]) if valid else None,
        "open_badge_url": reverse("events:certificate_badge", args=[certificate.code])
        if valid
        else None,
    }


@me_router.get(
    "/",
    response={200: list[MyCertificateOut], **error_responses(401)},
    auth=resident_auth,
    url_name="my_certificates",
)
def my_certificates(request):
    """My certificates, newest first, with links to the PDF and the signed Open Badge."""
    return [
        {**rules.verification_data(c), **_urls(c), "event_id": c.event_id}
        for c in rules.mine(request.auth)
    ]


@router.get(
    "/{code}/",
    response={200: CertificateVerificationOut, **error_responses(404)},
    auth=None,
    url_name="certificate",
)
def verify_certificate(request, code: str):
    """Public verification: only what the certificate prints, and "valid" or "revoked"."""
    certificate = rules.certificate_by_code(code)
    data = rules.verification_data(certificate)
    data["verify_url"] = reverse("events:certificate_verify", args=[certificate.code])
    return data
