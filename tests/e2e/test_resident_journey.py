"""Scenario (a): a resident's first visit, from sign-up to cancelling an enrollment."""

import re
from urllib.parse import urlsplit

from django.core import mail

from events.models import Enrollment
from tests.e2e.data import build_kelurahan
from tests.e2e.support import BROWSER, PASSWORD, open_menu

pytestmark = BROWSER


def confirmation_path(message):
    """The e-mail confirmation link in an allauth message, as a path on this site."""
    urls = re.findall(r"https?://\S+", message.body)
    links = [url for url in urls if "konfirmasi" in url or "confirm" in url]
    assert links, f"no confirmation link in: {message.body}"
    return urlsplit(links[0]).path


def test_resident_signs_up_enrolls_downloads_calendar_and_cancels(phone):
    site = build_kelurahan()
    page = phone

    # Sign up.
    page.goto("/akun/signup/")
    page.fill("input[name=email]", "dewi.lestari@example.id")
    if page.locator("input[name=display_name]").count():
        page.fill("input[name=display_name]", "Dewi Lestari")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text(re.compile(r"(periksa|cek).*(e-?mail|surel)", re.I)).first.is_visible()

    # Verify the e-mail address with the link from the mailbox.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dewi.lestari@example.id"]
    page.goto(confirmation_path(mail.outbox[0]))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    confirmed = re.compile(r"mengkonfirmasi|dikonfirmasi|terverifikasi", re.I)
    assert page.locator(".messages").get_by_text(confirmed).is_visible()

    # Log in if confirming did not already; a new resident is sent to complete the
    # profile (name and consent) first.
    if "/akun/login/" in page.url:
        page.fill("input[name=login]", "dewi.lestari@example.id")
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/akun/profil/"))
    page.fill("input[name=display_name]", "Dewi Lestari")
    page.fill("input[name=phone]", "0812 3456 7890")
    page.check("input[name=consent]")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator(".message--success, [role=status]").first.is_visible()

    # Search, open the sewing course, enroll.
    page.goto("/cari/")
    page.fill("main input[name=q]", "menjahit")
    page.locator("main input[name=q]").press("Enter")
    page.wait_for_load_state()
    page.get_by_role("link", name=site.sewing_course.title).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == site.sewing_course.title
    page.locator(f"form[action$='/kegiatan/{site.sewing_course.pk}/daftar/'] button").click()
    page.wait_for_load_state()
    enrolled = re.compile(r"Anda (sudah )?terdaftar", re.I)
    assert page.locator(".messages").get_by_text(enrolled).is_visible()
    enrollment = Enrollment.objects.get(event=site.sewing_course)
    assert enrollment.status == Enrollment.Status.CONFIRMED
    assert enrollment.user.display_name == "Dewi Lestari"

    # It is in "Kegiatan saya", with the check-in code.
    page.goto("/")
    open_menu(page)
    my_activities = re.compile("Kegiatan saya", re.I)
    page.locator(".site-nav").get_by_role("link", name=my_activities).click()
    page.wait_for_load_state()
    item = page.locator(".enrollment", has_text=site.sewing_course.title)
    assert item.is_visible()
    assert enrollment.check_in_code in item.inner_text()

    # Download its calendar file.
    with page.expect_download() as download_info:
        item.locator("a[href$='/kalender.ics']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = download.path().read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in calendar
    assert calendar.count("BEGIN:VEVENT") == 6
    assert "Kursus Menjahit Dasar" in calendar

    # Cancel.
    item.locator("form[action$='/batal/konfirmasi/'] button").click()
    page.wait_for_load_state()
    # The second step (no JavaScript needed): say what is given up, then really cancel.
    page.locator("main form[action$='/batal/'] button").click()
    page.wait_for_load_state()
    cancelled = re.compile(r"dibatalkan", re.I)
    assert page.locator(".messages").get_by_text(cancelled).is_visible()
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.CANCELLED
    assert not page.locator(".enrollment", has_text=site.sewing_course.title).count()
