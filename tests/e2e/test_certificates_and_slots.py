"""Browser tests for issue 16: a resident downloads a certificate and opens its
verification page on a phone; a resident books a time at the posyandu for a child and
the kader checks them in by queue number. Every page is axe-clean and fits the phone."""

from datetime import timedelta

import pytest

from tests.e2e.data import build_kelurahan
from tests.e2e.support import BROWSER, make_resident, serious_violations
from tests.factories.events import enroll_directly, make_event

pytestmark = BROWSER


def fits_and_clean(page):
    problems = serious_violations(page)
    width = page.evaluate("window.innerWidth")
    if page.evaluate("document.documentElement.scrollWidth") > width:
        problems.append(f"wider than the {width}px screen: scrolls sideways")
    return problems


@pytest.fixture
def site():
    return build_kelurahan()


@pytest.fixture
def certificate(site):
    from events import certificates
    from events.models import Attendance

    course = make_event(
        site.events,
        sessions=3,
        start_in=-timedelta(days=40),
        title="Pelatihan Tata Boga Dasar",
        slug="pelatihan-tata-boga-dasar",
        grants_certificate=True,
        completion_threshold=2,
    )
    resident = make_resident(email="siti@example.com", name="Siti Aminah")
    enrollment = enroll_directly(course, resident)
    for session in course.ordered_sessions()[:2]:
        Attendance.objects.create(session=session, enrollment=enrollment)
    return certificates.issue(enrollment)


def test_a_resident_downloads_a_certificate_and_verifies_it_on_a_phone(new_context, certificate):
    page = new_context("phone", user=certificate.user).new_page()
    page.goto("/kegiatan-saya/")
    section = page.locator("section", has=page.get_by_role("heading", name="Sertifikat saya"))
    assert "Pelatihan Tata Boga Dasar" in section.inner_text()
    assert fits_and_clean(page) == []

    with page.expect_download() as info:
        section.get_by_role("link", name="Unduh sertifikat (PDF)").click()
    download = info.value
    assert download.suggested_filename == f"sertifikat-{certificate.code}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # The QR code on the PDF opens this page: anyone can check it, no login needed.
    stranger = new_context("phone").new_page()
    stranger.goto(f"/sertifikat/{certificate.code}/")
    assert stranger.get_by_text("Sertifikat sah").is_visible()
    text = stranger.locator("main").inner_text()
    assert "Siti Aminah" in text and "Pelatihan Tata Boga Dasar" in text
    assert "siti@example.com" not in stranger.content()
    assert fits_and_clean(stranger) == []


def test_a_revoked_certificate_says_so(new_context, certificate):
    from django.contrib.auth import get_user_model

    from events import certificates

    staff = get_user_model().objects.create_user(
        email="staf@example.com", password="x-Staf-2024", is_staff=True
    )
    certificates.revoke(certificate, staff, "Salah catat kehadiran.")
    page = new_context("phone").new_page()
    page.goto(f"/sertifikat/{certificate.code}/")
    assert page.get_by_role("alert").get_by_text("Sertifikat dicabut").is_visible()
    assert fits_and_clean(page) == []


@pytest.fixture
def posyandu(site):
    from events import slots
    from events.models import EventPage
    from tests.events.slot_support import make_kader, service_day

    day = service_day(
        site.events,
        title="Posyandu Balita Melati",
        slug="posyandu-balita-melati",
        kind=EventPage.Kind.HEALTH_SERVICE,
    )
    kader = make_kader(make_resident(email="kader@example.com", name="Bu Kader Yanti"))
    slots.generate(day, kader, minutes=15, per_slot=6)
    return day, kader


def test_a_booking_and_check_in(new_context, posyandu):
    day, kader = posyandu
    mother = make_resident(email="dewi@example.com", name="Dewi Lestari")
    phone = new_context("phone", user=mother).new_page()
    phone.goto(day.url)
    phone.get_by_role("link", name="Pilih waktu (nomor antrean)").click()
    phone.wait_for_load_state()
    assert fits_and_clean(phone) == []

    form = phone.locator("form.slot-form")
    form.locator("input[name=slot]").nth(1).check()
    form.get_by_label("Anggota keluarga", exact=True).check()
    form.get_by_label("Nama anggota keluarga").fill("Rafa Pratama")
    form.get_by_label("Umur (tahun)").fill("200")
    form.get_by_role("button", name="Pesan waktu ini").click()
    phone.wait_for_load_state()
    assert phone.get_by_role("alert").inner_text().strip() == "Umur harus antara 0 dan 120 tahun."
    assert fits_and_clean(phone) == []

    form = phone.locator("form.slot-form")
    form.locator("input[name=slot]").nth(1).check()
    form.get_by_label("Umur (tahun)").fill("1")
    form.get_by_role("button", name="Pesan waktu ini").click()
    phone.wait_for_load_state()
    mine = phone.locator("section", has=phone.get_by_role("heading", name="Pemesanan saya"))
    assert "Nomor antrean 7" in mine.inner_text()
    assert "Rafa Pratama" in mine.inner_text()
    assert fits_and_clean(phone) == []

    desk = new_context("desktop", user=kader).new_page()
    desk.goto(f"/kegiatan/{day.pk}/antrean/")
    assert fits_and_clean(desk) == []
    desk.get_by_label("Nomor antrean").fill("7")
    desk.get_by_role("button", name="Catat kehadiran").click()
    desk.wait_for_load_state()
    assert "Nomor 7, Rafa Pratama, sudah hadir." in desk.locator("body").inner_text()
    assert "1 memesan · 1 hadir · 0 tidak datang" in desk.locator("main").inner_text()

    # The resident sees it too.
    phone.goto("/kegiatan-saya/")
    assert "Nomor antrean 7" in phone.locator("main").inner_text()
    assert fits_and_clean(phone) == []
