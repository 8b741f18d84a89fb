"""Funding and results on a phone: the program page's "Dana & capaian" funnel and table
show the same numbers as the API, the chart fits a 360 px screen without JavaScript,
the section is axe-clean, and /transparansi/ stays under the 250 KB first-view budget."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accountability import ledger
from accountability.models import FundingLine
from events.models import Attendance
from pages.models import Area
from tests.e2e.data import build_kelurahan
from tests.e2e.support import BROWSER, serious_violations
from tests.factories.community import UserFactory
from tests.factories.events import enroll_directly
from tests.factories.pages import AreaFactory

pytestmark = BROWSER

BUDGET = 250 * 1024


@pytest.fixture
def site():
    site = build_kelurahan(with_images=True)
    from django.contrib.auth.models import Group

    kota = AreaFactory(name="Kota Uji", slug="kota-uji", level=Area.Level.CITY)
    kec = AreaFactory(name="Kecamatan Uji", slug="kec-uji", level=2, parent=kota)
    kel = AreaFactory(name="Kelurahan Sukamaju", slug="sukamaju", level=3, parent=kec)
    rw = AreaFactory(name="RW 03", slug="sukamaju-rw-03", level=4, parent=kel)
    staff = UserFactory(email="staf@uji.id")
    staff.groups.add(Group.objects.get(name="Staf Humas"))
    moderator = UserFactory(email="moderator@uji.id")
    moderator.groups.add(Group.objects.get(name="Moderator"))
    program = site.sewing_program
    line = FundingLine.objects.create(
        program=program,
        source_kind="csr",
        fiscal_year=timezone.localdate().year,
        amount=24_000_000,
        document_number="PKS-CSR/04",
    )
    day = timezone.localdate() - timedelta(days=5)
    for kind, amount, households in (
        ("commitment", 24_000_000, 0),
        ("disbursement", 15_000_000, 10),
        ("disbursement", 3_000_000, 2),
    ):
        entry = ledger.create_entry(
            staff,
            program,
            kind=kind,
            amount=amount,
            occurred_on=day,
            area=rw,
            households_reached=households,
            people_reached=households,
            funding=line,
            submit=True,
        )
        ledger.approve(moderator, entry)
    ledger.create_entry(
        staff, program, kind="disbursement", amount=777_000, occurred_on=day, area=rw, submit=True
    )  # waiting: never public
    sessions = list(site.sewing_course.sessions.all())
    for i in range(8):
        enrollment = enroll_directly(site.sewing_course, UserFactory(home_area=rw))
        attended = sessions if i < 3 else sessions[:1] if i < 6 else []
        for session in attended:  # three complete all six sessions
            Attendance.objects.create(session=session, enrollment=enrollment)
    return site


def table_values(page, funnel):
    cells = page.locator(f'table[data-funnel="{funnel}"] td[data-key]')
    return {
        cells.nth(i).get_attribute("data-key"): cells.nth(i).get_attribute("data-value")
        for i in range(cells.count())
    }


def test_program_funnel_and_table_agree_with_the_api_on_a_phone(new_context, site):
    page = new_context("phone", java_script_enabled=False).new_page()
    response = page.goto(site.sewing_program.url)
    assert response.ok
    section = page.locator("#dana-capaian")
    section.scroll_into_view_if_needed()
    assert section.is_visible()

    api = page.request.get(f"/api/programs/{site.sewing_program.pk}/funding/").json()
    money = table_values(page, "money")
    for key in ("allocated", "committed", "disbursed", "households_reached", "people_reached"):
        assert money[key] == str(api["summary"][key]), key
    assert money["disbursed"] == "18000000"  # the entry waiting for approval is not shown
    people = table_values(page, "people")
    assert people == {k: str(v) for k, v in api["people"].items()}
    assert people == {"enrolled": "8", "attended": "6", "completed": "< 5"}

    # The chart is drawn (no JavaScript), shows the same amounts and fits the screen.
    chart = section.locator("svg.chart").first
    box = chart.bounding_box()
    assert box and box["width"] <= 360 and box["height"] > 40
    assert "Rp 18 jt" in chart.inner_html()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    text = section.inner_text()
    assert "Rp 18.000.000" in text and "Rp 24.000.000" in text


def test_section_and_transparency_page_are_accessible_and_light(new_context, site):
    context = new_context("phone")
    page = context.new_page()
    for url in (site.sewing_program.url, "/transparansi/"):
        page.goto(url)
        assert not serious_violations(page), url
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, url

    fresh = new_context("phone").new_page()
    sizes = []
    fresh.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
    fresh.goto("/transparansi/", wait_until="load")
    fresh.wait_for_load_state("networkidle")
    assert sum(sizes) < BUDGET, sizes
