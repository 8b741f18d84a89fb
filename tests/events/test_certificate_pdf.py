"""The certificate PDF: one A4 landscape page whatever the text, with a QR code that
points at the public verification page."""

import re

import pytest
from django.conf import settings

from events import certificate_pdf
from tests.events.test_badges import certificate  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

PAGE = re.compile(rb"/Type /Page\b(?!s)")
A4_LANDSCAPE = b"/MediaBox [0 0 841.89 595.28]"


def test_one_a4_landscape_page(certificate):  # noqa: F811
    pdf = certificate_pdf.render(certificate)
    assert len(PAGE.findall(pdf)) == 1
    assert A4_LANDSCAPE in pdf


def test_long_names_and_titles_stay_on_one_page(certificate):  # noqa: F811
    certificate.name = "Raden Ajeng Siti Nurhaliza Kusumawardhani Putri Ayu " * 3
    certificate.course = "Pelatihan Pengolahan Pangan dan Pemasaran Digital " * 4
    pdf = certificate_pdf.render(certificate)
    assert len(PAGE.findall(pdf)) == 1


def test_the_qr_code_points_at_the_verification_page(certificate, monkeypatch):  # noqa: F811
    encoded = []
    make = certificate_pdf.qrcode.make

    def recording(data, **kwargs):
        encoded.append(data)
        return make(data, **kwargs)

    monkeypatch.setattr(certificate_pdf.qrcode, "make", recording)
    certificate_pdf.render(certificate)
    assert encoded == [settings.SITE_BASE_URL.rstrip("/") + f"/sertifikat/{certificate.code}/"]
