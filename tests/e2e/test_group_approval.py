"""Scenario (c): a resident asks to join a group that needs a leader's approval; the
leader logs in and approves; the resident sees the membership."""

from django.core import mail

from community.models import Membership
from tests.e2e.data import build_kelurahan, make_leader
from tests.e2e.support import BROWSER, log_in, make_resident, open_menu

pytestmark = BROWSER


def test_leader_approves_a_join_request(new_context):
    site = build_kelurahan()
    group = site.group
    leader = make_resident("ketua.melati@example.id", "Ibu Sri Wahyuni")
    make_leader(group, leader)
    resident = make_resident("ani@example.id", "Ani Rahmawati")

    # The resident asks to join from the group's page.
    ani = new_context("phone", user=resident).new_page()
    ani.goto(group.url)
    ani.locator(f"form[action$='/kelompok/{group.pk}/gabung/'] button").click()
    ani.wait_for_load_state()
    assert ani.locator(".group-join .badge--pending").is_visible()
    membership = Membership.objects.get(group=group, user=resident)
    assert membership.status == Membership.Status.PENDING
    assert any("ketua.melati@example.id" in m.to for m in mail.outbox), "leader not told"

    # The leader logs in with the form, opens the group's management page, approves.
    sri = new_context("desktop").new_page()
    log_in(sri, "ketua.melati@example.id")
    sri.goto(group.url)
    sri.locator(f"a[href$='/kelompok/{group.pk}/kelola/']").click()
    sri.wait_for_load_state()
    request = sri.locator(".request", has_text="Ani Rahmawati")
    request.locator("textarea[name=message]").fill("Selamat bergabung, sampai jumpa Sabtu!")
    request.locator("button[formaction$='/setujui/']").click()
    sri.wait_for_load_state()
    assert sri.locator("table.roster", has_text="Ani Rahmawati").is_visible()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE

    # The resident sees it: on the group's page and in "Kelompok saya".
    ani.reload()
    assert ani.locator(".group-join .status--ok").is_visible()
    open_menu(ani)
    ani.locator(".site-nav a[href$='/akun/kelompok/']").click()
    ani.wait_for_load_state()
    entry = ani.locator(".my-groups li", has_text=group.title)
    assert entry.locator(".badge--active").is_visible()
    assert "Selamat bergabung" in entry.inner_text()
