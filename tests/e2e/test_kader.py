"""A kader assists a resident end to end on a phone: registers them (consent on paper),
hands over the claim code, joins them to a group and enrolls them in an activity; then
the resident claims the account and sees who registered them. Axe clean throughout."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from community.models import Membership
from community.roles import KADER_GROUP
from events.models import Enrollment
from pages.models import Area
from tests.e2e.data import build_kelurahan
from tests.e2e.support import BROWSER, log_in, make_resident, serious_violations
from tests.factories.pages import AreaFactory

pytestmark = BROWSER


@pytest.fixture
def site():
    site = build_kelurahan()
    village = AreaFactory(
        name="Kelurahan Sukamaju",
        level=Area.Level.VILLAGE,
        parent=AreaFactory(
            name="Kecamatan Contoh", level=Area.Level.DISTRICT, parent=AreaFactory(name="Kota")
        ),
    )
    site.rw = AreaFactory(name="RW 03", level=Area.Level.RW, parent=village, slug="sukamaju-rw-03")
    site.village = village
    site.group.area = site.rw
    site.group.join_policy = "open"
    site.group.save()
    site.sewing_course.area = village
    site.sewing_course.save()
    return site


@pytest.fixture
def kader(site):
    user = make_resident("kader@example.com", "Ibu Ratna", home_area=site.village)
    user.groups.add(Group.objects.get(name=KADER_GROUP))
    return user


def test_a_kader_assists_a_resident_end_to_end(new_context, site, kader):
    page = new_context("phone", user=kader, java_script_enabled=False).new_page()
    page.goto("/pendampingan/")
    page.get_by_role("link", name="Daftarkan warga").click()
    page.wait_for_load_state()
    page.fill("input[name=name]", "Mbah Sarinah")
    page.fill("input[name=phone]", "0812 3456 7890")
    page.select_option("select[name=area]", str(site.rw.pk))
    page.fill("input[name=paper_form_number]", "SKM-RW03-0001")
    page.locator("main form button[type=submit]").click()  # forgot the consent box
    page.wait_for_load_state()
    assert "menandatangani persetujuan" in page.locator("main").inner_text()
    page.check("input[name=consent]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    code = page.locator(".claim-code").inner_text().strip()
    assert len(code) == 11

    page.get_by_role("link", name="Lanjut: kelompok dan kegiatan").click()
    page.wait_for_load_state()
    page.select_option("select[name=group]", str(site.group.pk))
    page.get_by_role("button", name="Gabungkan warga").click()
    page.wait_for_load_state()
    assert "sekarang anggota" in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Daftarkan ke kegiatan").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Daftarkan ke Kursus Menjahit Dasar").click()
    page.wait_for_load_state()
    assert "terdaftar di Kursus Menjahit Dasar" in page.locator(".messages").inner_text()

    resident = Membership.objects.get(group=site.group).user
    # The same pages with JavaScript on, for axe (a script itself).
    checked = new_context("phone", user=kader).new_page()
    for url in (
        "/pendampingan/",
        "/pendampingan/daftar/",
        f"/pendampingan/warga/{resident.pk}/",
        f"/pendampingan/warga/{resident.pk}/kegiatan/",
    ):
        checked.goto(url)
        assert serious_violations(checked) == [], url
    assert Enrollment.objects.get(user=resident).status == "confirmed"
    assert resident.email is None

    # Later, the resident claims the account with the code on the paper.
    own = new_context("phone").new_page()
    own.goto("/akun/klaim/")
    assert serious_violations(own) == []
    own.fill("input[name=code]", code)
    own.fill("input[name=email]", "sarinah@example.com")
    own.fill("input[name=password1]", "Kelurahan-Sehat-2024")
    own.fill("input[name=password2]", "Kelurahan-Sehat-2024")
    own.locator("main form button[type=submit]").click()
    own.wait_for_load_state()
    assert own.locator("h1").inner_text() == "Hampir selesai"
    EmailAddress.objects.filter(email="sarinah@example.com").update(verified=True)
    log_in(own, "sarinah@example.com")
    own.goto("/akun/profil/")
    assert "Didaftarkan oleh kader Ibu Ratna" in own.locator("main").inner_text()
    assert serious_violations(own) == []


def test_another_kader_cannot_open_my_resident(new_context, site, kader):
    from community import assisted

    resident, _code = assisted.register_resident(
        kader, name="Pak Darto", phone="", area=site.rw, paper_form_number="F-2", consent=True
    )
    other = make_resident("kader2@example.com", "Bu Lain", home_area=site.village)
    other.groups.add(Group.objects.get(name=KADER_GROUP))
    page = new_context("phone", user=other).new_page()
    response = page.goto(f"/pendampingan/warga/{resident.pk}/")
    assert response.status == 404
    page.goto("/pendampingan/")
    assert "Pak Darto" not in page.locator("main").inner_text()
