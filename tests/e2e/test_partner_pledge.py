"""Scenario: a partner's staff logs in, pledges to an open need; staff confirm it on
the need's page; the partner marks it delivered with evidence; the public sees the
progress. Every page on the way is axe-clean, on a phone and a desktop."""

from pathlib import Path

from django.contrib.auth.models import Group

from community.roles import STAFF_GROUP
from pages.models import Area
from partners.models import Need, PartnerMember, Pledge
from tests.e2e.data import build_kelurahan
from tests.e2e.support import BROWSER, log_in, make_resident, serious_violations
from tests.factories.pages import AreaFactory, PartnerFactory

pytestmark = BROWSER


def _need(site):
    city = AreaFactory(name="Kota Jakarta Selatan", slug="jaksel")
    district = AreaFactory(name="Cilandak", level=Area.Level.DISTRICT, parent=city, slug="cilandak")
    village = AreaFactory(
        name="Kelurahan Sukamaju", level=Area.Level.VILLAGE, parent=district, slug="sukamaju"
    )
    rw = AreaFactory(name="RW 04", level=Area.Level.RW, parent=village, slug="sukamaju-rw-04")
    return Need.objects.create(
        title="10 mesin jahit untuk kursus RW 04",
        description="Mesin jahit portable untuk kelas ibu-ibu.",
        program=site.sewing_program,
        area=rw,
        kind=Need.Kind.GOODS,
        unit="mesin jahit",
        amount=10,
        unit_value=2_350_000,
        evidence_required=True,
    )


def test_partner_pledges_staff_confirm_partner_delivers(new_context, tmp_path):
    site = build_kelurahan()
    need = _need(site)
    partner = PartnerFactory(name="PT Sinar Sehat Nusantara", kind="private")
    ratna = make_resident("csr@sinarsehat.test", "Ratna Wulandari")
    PartnerMember.objects.create(partner=partner, user=ratna)
    rina = make_resident("humas@kelurahan.test", "Rina Humas")
    rina.groups.add(Group.objects.get(name=STAFF_GROUP))
    problems = {}

    # The partner logs in on her phone and pledges from the need's page.
    phone = new_context("phone").new_page()
    log_in(phone, "csr@sinarsehat.test")
    phone.goto("/kebutuhan/")
    problems["board"] = serious_violations(phone)
    phone.get_by_role("link", name=need.title).click()
    phone.wait_for_load_state()
    phone.fill("input[name=amount]", "0")
    phone.get_by_role("button", name="Kirim janji").click()
    phone.wait_for_load_state()
    assert "Jumlah harus lebih dari nol." in phone.locator("#pledge-error").inner_text()
    problems["need with error"] = serious_violations(phone)
    assert Pledge.objects.count() == 0
    phone.fill("input[name=amount]", "6")
    phone.fill("textarea[name=note]", "Dikirim dari gudang Cilandak.")
    phone.get_by_role("button", name="Kirim janji").click()
    phone.wait_for_load_state()
    assert "Terima kasih! Janji Anda tercatat" in phone.locator(".messages").inner_text()
    pledge = Pledge.objects.get()
    assert pledge.status == Pledge.Status.PLEDGED and pledge.partner == partner

    # Staff open the need on a desktop and confirm.
    desk = new_context("desktop").new_page()
    log_in(desk, "humas@kelurahan.test")
    desk.goto(need.url)
    problems["need for staff"] = serious_violations(desk)
    desk.get_by_role("button", name=f"Konfirmasi janji {partner.name}").click()
    desk.wait_for_load_state()
    assert "Janji dikonfirmasi." in desk.locator(".messages").inner_text()
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CONFIRMED

    # The partner records the delivery with a photo of the handover.
    phone.goto("/mitra/dasbor/")
    problems["dashboard"] = serious_violations(phone)
    item = phone.locator(f"#janji-{pledge.pk}")
    evidence = Path(tmp_path) / "serah-terima.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    item.locator("input[name=evidence]").set_input_files(str(evidence))
    item.get_by_role("button", name="Tandai sudah disalurkan").click()
    phone.wait_for_load_state()
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.DELIVERED

    # Anyone sees the progress and the partner's page.
    visitor = new_context("phone").new_page()
    visitor.goto(need.url)
    text = visitor.locator("main").inner_text()
    assert "6 mesin jahit" in text and "Tersalurkan" in text
    problems["need for visitors"] = serious_violations(visitor)
    visitor.goto(partner.url)
    assert need.title in visitor.locator("main").inner_text()
    problems["partner page"] = serious_violations(visitor)
    width = visitor.evaluate("window.innerWidth")
    assert visitor.evaluate("document.documentElement.scrollWidth") <= width
    assert not {k: v for k, v in problems.items() if v}, problems
