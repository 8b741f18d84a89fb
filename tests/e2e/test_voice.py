"""Residents' voice on a phone: propose and support, complain and follow the clock,
answer a survey and read its results; axe finds nothing serious on any of the pages."""

import re

from participation.models import Complaint, Proposal, SurveyResponse
from tests.e2e.support import BROWSER, make_resident, serious_violations
from tests.factories.community import StaffFactory
from tests.factories.participation import SurveyFactory, add_question, make_rw

pytestmark = BROWSER


def check_page(page, name, problems):
    found = serious_violations(page)
    width = page.evaluate("window.innerWidth")
    if page.evaluate("document.documentElement.scrollWidth") > width:
        found.append(f"wider than the {width}px screen: scrolls sideways")
    if found:
        problems[name] = found


def test_propose_support_and_answer(new_context):
    rw = make_rw("RW 03")
    author = make_resident("siti@example.id", "Siti Aminah", home_area=rw)
    neighbour = make_resident("budi@example.id", "Budi Santoso", home_area=rw)
    staff = StaffFactory()
    problems = {}

    page = new_context("phone", user=author).new_page()
    page.goto("/usulan/")
    check_page(page, "listing (empty)", problems)
    page.get_by_role("link", name="Kirim usulan").first.click()
    page.wait_for_load_state()
    check_page(page, "proposal form", problems)
    page.fill("input[name=title]", "Lampu jalan di Gang Mawar")
    page.fill("textarea[name=description]", "Gang Mawar gelap sejak lampu rusak.")
    page.select_option("select[name=category]", "keamanan")
    page.select_option("select[name=area]", rw.slug)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Lampu jalan di Gang Mawar"
    proposal = Proposal.objects.get()
    check_page(page, "proposal page", problems)

    other = new_context("phone", user=neighbour).new_page()
    other.goto(f"/usulan/{proposal.pk}/")
    other.get_by_role("button", name="Saya dukung").click()
    other.wait_for_load_state()
    assert other.get_by_text("Anda mendukung usulan ini.").is_visible()
    proposal.refresh_from_db()
    assert proposal.support_count == 1

    office = new_context("phone", user=staff).new_page()
    office.goto(f"/usulan/{proposal.pk}/")
    check_page(office, "proposal page (staff)", problems)
    office.select_option("select[name=status]", "ditinjau")
    office.fill("textarea[name=body]", "Kami koordinasikan dengan Suku Dinas.")
    office.get_by_role("button", name="Terbitkan jawaban").click()
    office.wait_for_load_state()
    proposal.refresh_from_db()
    assert proposal.status == "ditinjau"
    page.goto("/usulan/?urut=dukungan")
    assert page.get_by_text("Lampu jalan di Gang Mawar").is_visible()
    check_page(page, "listing", problems)
    assert not problems, problems


def test_complain_and_follow_the_clock(new_context):
    rw = make_rw("RW 04")
    reporter = make_resident("dewi@example.id", "Dewi Lestari", home_area=rw)
    stranger = make_resident("agus@example.id", "Agus Prasetyo", home_area=rw)
    staff = StaffFactory()
    problems = {}

    page = new_context("phone", user=reporter).new_page()
    page.goto("/pengaduan/")
    check_page(page, "my complaints (empty)", problems)
    page.get_by_role("link", name="Kirim pengaduan").first.click()
    page.wait_for_load_state()
    check_page(page, "complaint form", problems)
    page.check("input[name=subject][value=service]")
    page.fill("input[name=service]", "Surat pengantar")
    page.fill("input[name=title]", "Surat pengantar belum selesai")
    page.fill("textarea[name=description]", "Sudah dua minggu menunggu.")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    complaint = Complaint.objects.get()
    assert complaint.code in page.locator(".messages").inner_text()
    assert re.search(r"/pengaduan/ADU-\d{4}-\d{6}/$", page.url)
    check_page(page, "complaint page", problems)

    office = new_context("phone", user=staff).new_page()
    office.goto("/pengaduan/staf/")
    check_page(office, "staff queue", problems)
    office.goto(complaint.get_absolute_url())
    office.fill("textarea[name=body]", "Surat sudah bisa diambil besok pagi.")
    office.get_by_role("button", name="Kirim jawaban").click()
    office.wait_for_load_state()

    page.reload()
    page.get_by_role("button", name="Sudah selesai").click()
    page.wait_for_load_state()
    complaint.refresh_from_db()
    assert complaint.status == "selesai"

    nosy = new_context("phone", user=stranger).new_page()
    response = nosy.goto(complaint.get_absolute_url())
    assert response.status == 404
    assert "Surat pengantar belum selesai" not in nosy.content()

    page.goto("/pengaduan/kinerja/")
    check_page(page, "public figures", problems)
    assert not problems, problems


def test_answer_a_survey_and_read_the_results(new_context):
    rw = make_rw("RW 05")
    resident = make_resident("nur@example.id", "Nur Aisyah", home_area=rw)
    survey = SurveyFactory(title="Survei Kebutuhan Pelatihan")
    add_question(
        survey, "Pelatihan apa yang Anda butuhkan?", "multiple_choice", "Menjahit\nKomputer"
    )
    add_question(survey, "Seberapa penting?", "scale")
    add_question(survey, "Saran lain", "long_text", required=False)
    problems = {}

    page = new_context("phone", user=resident).new_page()
    page.goto("/survei/")
    check_page(page, "survey list", problems)
    page.get_by_role("link", name="Survei Kebutuhan Pelatihan").click()
    page.wait_for_load_state()
    check_page(page, "survey form", problems)
    page.locator("main form button[type=submit]").click()  # nothing answered yet
    page.wait_for_load_state()
    assert page.locator("[role=alert]").get_by_text("Mohon dijawab").is_visible()
    page.get_by_label("Menjahit").check()
    page.get_by_label("4", exact=True).check()
    page.fill("textarea", "Kursus sablon")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("Anda sudah menjawab survei ini").is_visible()
    assert SurveyResponse.objects.filter(user=resident).count() == 1
    page.get_by_role("link", name="Lihat hasilnya").click()
    page.wait_for_load_state()
    assert page.locator("svg.bar-chart").first.is_visible()
    assert "< 5" in page.locator("table").first.inner_text()
    check_page(page, "survey results", problems)
    assert not problems, problems
