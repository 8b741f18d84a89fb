"""With JavaScript off (old phones, data savers, a script that failed to load) search,
filters, enrolling and joining still work: they are plain forms."""

import pytest

from community.models import Membership
from events.models import Enrollment
from tests.e2e.data import build_kelurahan
from tests.e2e.support import BROWSER, make_resident, open_menu
from tests.factories.events import make_event

pytestmark = BROWSER


@pytest.fixture
def site():
    site = build_kelurahan()
    make_event(
        site.events,
        title="Posyandu Balita RW 05",
        slug="posyandu-balita-rw-05",
        kind="health_service",
        category="health",
        summary="Penimbangan dan imunisasi balita.",
        capacity=None,
    )
    return site


@pytest.fixture
def no_js(new_context):
    def make(user=None):
        context = new_context("phone", user=user, java_script_enabled=False)
        page = context.new_page()
        return page

    return make


def test_search_and_filters_without_javascript(no_js, site):
    page = no_js()
    page.goto("/")
    open_menu(page)  # the "Menu" toggle is a <details>: no script needed
    page.locator(".site-nav a[href$='/cari/']").click()
    page.wait_for_load_state()
    page.fill("main input[name=q]", "menjahit")
    page.locator("main form[role=search] button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "q=menjahit" in page.url
    assert page.locator("main").get_by_role("link", name="Kursus Menjahit Dasar").count()
    assert not page.locator("main").get_by_role("link", name="Posyandu Balita RW 05").count()

    page.goto(site.events.url)
    folded = page.locator("details:has(form.filters):not([open]) > summary")
    if folded.count():  # on a phone the filters fold away; <details> opens without script
        folded.click()
    page.select_option("form.filters select[name=category]", "health")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "category=health" in page.url
    cards = page.locator("main .card-grid")
    assert cards.get_by_role("link", name="Posyandu Balita RW 05").is_visible()
    assert not cards.get_by_role("link", name="Kursus Menjahit Dasar").count()


def test_enroll_and_join_without_javascript(no_js, site):
    resident = make_resident()
    page = no_js(user=resident)

    page.goto(site.sewing_course.url)
    page.locator(f"form[action$='/kegiatan/{site.sewing_course.pk}/daftar/'] button").click()
    page.wait_for_load_state()
    assert page.locator(".enroll-panel .status--confirmed").is_visible()
    assert Enrollment.objects.get(user=resident).status == "confirmed"

    page.goto(site.group.url)
    page.locator(f"form[action$='/kelompok/{site.group.pk}/gabung/'] button").click()
    page.wait_for_load_state()
    assert page.locator(".group-join .badge--pending").is_visible()
    assert Membership.objects.get(user=resident).status == Membership.Status.PENDING
