"""Cek kelayakan in a phone browser, with JavaScript off and on: one question at a time,
an explained result, and a printable checklist whose link carries no answers. Axe clean."""

import re

import pytest

from eligibility import demo
from pages.models import Area
from tests.e2e.data import build_kelurahan
from tests.e2e.support import BROWSER, serious_violations
from tests.factories.pages import AreaFactory, ProgramPageFactory

pytestmark = BROWSER


@pytest.fixture
def site():
    site = build_kelurahan()
    city = AreaFactory(name="Kota Jakarta Selatan", slug="jakarta-selatan")
    village = AreaFactory(
        name="Kelurahan Pondok Labu",
        level=Area.Level.VILLAGE,
        slug="pondok-labu",
        parent=AreaFactory(name="Kecamatan Cilandak", level=Area.Level.DISTRICT, parent=city),
    )
    rw = AreaFactory(name="RW 03", level=Area.Level.RW, parent=village, slug="pondok-labu-rw-03")
    AreaFactory(
        name="Kecamatan Kebon Jeruk",
        level=Area.Level.DISTRICT,
        slug="kecamatan-kebon-jeruk",
        parent=AreaFactory(name="Kota Jakarta Barat"),
    )
    areas = {a.slug: a for a in Area.objects.all()}
    documents = {
        "pelatihan-barista-tata-boga": ["KTP elektronik", "Ijazah terakhir"],
        "program-keluarga-harapan": ["KTP elektronik", "Kartu Keluarga"],
    }
    for slug, (note, specs) in demo.RULES.items():
        page = ProgramPageFactory(
            parent=site.programs,
            title=slug.replace("-", " ").title(),
            slug=slug,
            required_documents=[("document", d) for d in documents.get(slug, ["KTP elektronik"])],
        )
        demo.set_rules(page, note, specs, areas)
    site.rw = rw
    return site


def check_axe(page, javascript):
    """axe runs as a script: only where JavaScript is on (the same HTML either way)."""
    if javascript:
        assert serious_violations(page) == []


def answer_all(page, site, answers):
    """Answer each question as it comes; return the keys asked."""
    asked = []
    for _ in range(12):
        current = page.locator("input[name=current]")
        if not current.count():
            break
        key = current.get_attribute("value")
        asked.append(key)
        value = answers.get(key)
        if key == "area":
            page.select_option("select[name=area]", str(site.rw.pk))
        elif value is None:
            pass  # "I don't know": leave it empty
        elif key in ("age", "household_size", "income_per_member"):
            page.fill(f"input[name={key}]", value)
        else:
            page.check(f"input[name={key}][value={value}]")
        page.locator("form.check-step button[type=submit]").click()
        page.wait_for_load_state()
    return asked


ANSWERS = {
    "age": "24",
    "dtks": "no",
    "income_per_member": "Rp750.000",
    "employment": "jobseeker",
    "pregnant_or_under_five": "no",
}


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_self_check_on_a_phone(new_context, site, javascript):
    page = new_context("phone", java_script_enabled=javascript).new_page()
    page.goto("/cek-kelayakan/")
    assert page.locator("h1").inner_text() == "Cek kelayakan"
    check_axe(page, javascript)
    asked = answer_all(page, site, ANSWERS)
    assert len(asked) <= 10 and "kis_pbi" not in asked
    assert page.locator("h1").inner_text() == "Hasil cek kelayakan Anda"
    eligible = page.locator("section.results--eligible")
    assert "Pelatihan Barista Tata Boga" in eligible.inner_text()
    not_eligible = page.locator("section.results--not_eligible")
    assert "Peraturan Menteri Sosial Nomor 1 Tahun 2018" in not_eligible.inner_text()
    check_axe(page, javascript)
    page.get_by_role("link", name="Buka daftar bawaan").click()
    page.wait_for_load_state()
    # Program ids only: no answer (age 24, income 750,000) travels in the shared link.
    assert re.search(r"/cek-kelayakan/daftar-bawaan/\?(program=\d+&?)+$", page.url)
    assert "Ijazah terakhir" in page.locator("main").inner_text()
    check_axe(page, javascript)
    if javascript:  # prints on one A4 page
        pdf = page.pdf(format="A4")
        assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1


def test_an_impossible_age_is_asked_again(new_context, site):
    page = new_context("phone").new_page()
    page.goto("/cek-kelayakan/")
    page.select_option("select[name=area]", str(site.rw.pk))
    page.locator("form.check-step button[type=submit]").click()
    page.wait_for_load_state()
    page.fill("input[name=age]", "300")
    page.locator("form.check-step button[type=submit]").click()
    page.wait_for_load_state()
    assert "Usia harus antara 0 dan 120 tahun" in page.locator("main").inner_text()
    assert page.locator("input[name=current]").get_attribute("value") == "age"
    check_axe(page, True)
