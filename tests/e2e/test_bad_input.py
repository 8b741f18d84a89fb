"""Scenario (e): forms given bad input answer in Bahasa Indonesia, next to the field,
and keep what the person typed."""

import re
from datetime import timedelta

from django.utils import timezone

from events.models import Enrollment
from tests.e2e.data import build_kelurahan
from tests.e2e.support import BROWSER, PASSWORD, make_resident

pytestmark = BROWSER

# Words any Indonesian sentence of this kind contains; none is English.
INDONESIAN = re.compile(
    r"\b(tidak|sudah|harus|belum|boleh|ini|itu|yang|Anda|dengan|kosong|ditutup|salah|benar)\b",
    re.I,
)


def assert_indonesian(text, english_source):
    text = " ".join(text.split())
    assert text, "no message shown"
    assert english_source.lower() not in text.lower(), f"shown in English: {text!r}"
    assert INDONESIAN.search(text), f"not Indonesian: {text!r}"


def field(page, name):
    """The box around one form field: its label, its error and its input."""
    return page.locator(f"main .field:has([name='{name}'])")


def test_wrong_password_keeps_the_email(phone):
    make_resident("siti@example.id")
    phone.goto("/akun/login/")
    phone.fill("input[name=login]", "siti@example.id")
    phone.fill("input[name=password]", "bukan-sandinya")
    phone.locator("main form button[type=submit]").first.click()
    phone.wait_for_load_state()
    form = phone.locator("main form").first
    error = form.locator(".form-errors, .errorlist, .field-error").first
    assert error.is_visible()
    assert_indonesian(error.inner_text(), "password you specified are not correct")
    assert error.get_attribute("role") == "alert" or error.locator("[role=alert]").count()
    assert phone.input_value("input[name=login]") == "siti@example.id"
    assert phone.input_value("input[name=password]") == ""  # never echoed back


def test_signup_with_an_email_already_used(phone, settings):
    """With allauth's enumeration prevention (its default) the form cannot say "taken"
    without telling strangers who has an account: the page says "check your e-mail"
    and the owner of the address is told, in Indonesian, that they already have an
    account. With ACCOUNT_PREVENT_ENUMERATION = False the form says so next to the
    field. Either way nothing is lost and no second account is made."""
    from django.contrib.auth import get_user_model
    from django.core import mail

    make_resident("siti@example.id")
    phone.goto("/akun/signup/")
    phone.fill("input[name=email]", "siti@example.id")
    has_name = phone.locator("input[name=display_name]").count() > 0
    if has_name:
        phone.fill("input[name=display_name]", "Siti Nurhaliza")
    phone.fill("input[name=password1]", PASSWORD)
    phone.fill("input[name=password2]", PASSWORD)
    phone.locator("main form button[type=submit]").first.click()
    phone.wait_for_load_state()
    assert get_user_model().objects.filter(email="siti@example.id").count() == 1

    if getattr(settings, "ACCOUNT_PREVENT_ENUMERATION", True):
        assert "/akun/confirm-email/" in phone.url
        assert_indonesian(phone.locator("main").inner_text(), "We have sent an e-mail")
        assert [m.to for m in mail.outbox] == [["siti@example.id"]]
        assert_indonesian(mail.outbox[0].body, "You are receiving this e-mail because")
        return

    email = field(phone, "email")
    error = email.locator(".field-error, .errorlist").first
    assert error.is_visible(), "the error is not next to the e-mail field"
    assert_indonesian(error.inner_text(), "already registered")
    assert email.locator("input").get_attribute("aria-invalid") == "true"
    assert phone.input_value("input[name=email]") == "siti@example.id"
    if has_name:
        assert phone.input_value("input[name=display_name]") == "Siti Nurhaliza"


def test_profile_without_a_name_keeps_the_rest(new_context):
    resident = make_resident("siti@example.id", complete=False)
    page = new_context("phone", user=resident).new_page()
    page.goto("/akun/profil/")
    page.fill("input[name=display_name]", "")
    page.fill("input[name=phone]", "0812 3456 7890")
    page.check("input[name=consent]")
    page.locator("main form.profile-form button[type=submit]").click()
    page.wait_for_load_state()
    name = field(page, "display_name")
    error = name.locator(".field-error, .errorlist").first
    assert error.is_visible(), "the error is not next to the name field"
    assert_indonesian(error.inner_text(), "This field is required")
    assert page.input_value("input[name=phone]") == "0812 3456 7890"
    assert page.is_checked("input[name=consent]")
    resident.refresh_from_db()
    assert not resident.display_name and not resident.phone


def test_event_form_with_an_empty_required_field_keeps_the_rest(new_context):
    from tests.e2e.data import make_leader

    site = build_kelurahan()
    leader = make_resident("ketua@example.id", "Ibu Sri")
    make_leader(site.group, leader)
    page = new_context("desktop", user=leader).new_page()
    page.goto(f"/kelompok/{site.group.pk}/kegiatan/baru/")
    page.fill("input[name=title]", "Belajar Pembukuan Warung")
    page.fill("textarea[name=summary]", "")
    page.fill("input[name='sesi-0-venue']", "Balai RW 03")
    page.locator("main form button[type=submit]:not([name])").click()
    page.wait_for_load_state()
    error = field(page, "summary").locator(".errorlist, .field-error").first
    assert error.is_visible(), "the error is not next to the summary field"
    assert_indonesian(error.inner_text(), "This field is required")
    assert page.input_value("input[name=title]") == "Belajar Pembukuan Warung"
    assert page.input_value("input[name='sesi-0-venue']") == "Balai RW 03"


def test_enrolling_after_the_window_closed(new_context):
    site = build_kelurahan()
    course = site.sewing_course
    resident = make_resident()
    page = new_context("phone", user=resident).new_page()
    page.goto(course.url)
    enroll = page.locator(f"form[action$='/kegiatan/{course.pk}/daftar/'] button")
    assert enroll.is_visible()

    # The window closes while the resident is reading the page; then they press Enroll.
    course.enrollment_closes_at = timezone.now() - timedelta(minutes=1)
    course.save()
    enroll.click()
    page.wait_for_load_state()
    panel = page.locator(".enroll-panel")
    message = page.locator(".messages .message--error")
    assert message.is_visible()
    assert_indonesian(message.inner_text(), "Enrollment for this activity is closed")
    # The enrollment panel says so too, and offers no button any more.
    assert_indonesian(panel.locator(".field-error").inner_text(), "is closed")
    assert not panel.locator(f"form[action$='/kegiatan/{course.pk}/daftar/']").count()
    assert not Enrollment.objects.filter(event=course).exists()
