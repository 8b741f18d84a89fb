"""Scenario (b): a full event puts a resident on the waiting list; a cancellation
promotes them at once, and they see it."""

import re

from django.core import mail

from events.models import Enrollment
from tests.e2e.data import build_kelurahan
from tests.e2e.support import BROWSER, make_resident
from tests.factories.events import enroll_directly

pytestmark = BROWSER


def test_waitlisted_resident_is_promoted_when_another_cancels(new_context):
    site = build_kelurahan()
    course = site.sewing_course
    course.capacity = 1
    course.save()
    rina = make_resident("rina@example.id", "Rina Wati")
    budi = make_resident("budi@example.id", "Budi Santoso")
    enroll_directly(course, rina)

    # Budi finds the course full and joins the waiting list.
    budi_page = new_context("phone", user=budi).new_page()
    budi_page.goto(course.url)
    assert budi_page.locator(".seats .badge--full").is_visible()
    budi_page.locator(f"form[action$='/kegiatan/{course.pk}/daftar/'] button").click()
    budi_page.wait_for_load_state()
    status = budi_page.locator(".enroll-panel .status--waitlisted")
    assert re.search(r"\b1\b", status.inner_text()), status.inner_text()
    assert Enrollment.objects.get(event=course, user=budi).status == "waitlisted"

    # Rina cancels from "Kegiatan saya" on her computer.
    mail.outbox.clear()
    rina_page = new_context("desktop", user=rina).new_page()
    rina_page.goto("/kegiatan-saya/")
    item = rina_page.locator(".enrollment", has_text=course.title)
    item.locator("form[action$='/batal/konfirmasi/'] button").click()
    rina_page.wait_for_load_state()
    rina_page.locator("main form[action$='/batal/'] button").click()
    rina_page.wait_for_load_state()
    assert not rina_page.locator(".enrollment", has_text=course.title).count()

    # Budi is promoted at once, told by e-mail, and sees it on the page and in his list.
    assert Enrollment.objects.get(event=course, user=budi).status == "confirmed"
    assert [m.to for m in mail.outbox if "budi@example.id" in m.to], "Budi got no e-mail"
    budi_page.reload()
    assert budi_page.locator(".enroll-panel .status--confirmed").is_visible()
    assert not budi_page.locator(".enroll-panel .status--waitlisted").count()
    budi_page.goto("/kegiatan-saya/")
    budi_item = budi_page.locator(".enrollment", has_text=course.title)
    assert budi_item.locator(".badge--confirmed").is_visible()
    assert budi_item.locator(".check-in-code").is_visible()
