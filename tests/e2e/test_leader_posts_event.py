"""Scenario (d): a leader posts an activity for their group; a communications staff
member (Wagtail's Moderators group) approves it in the admin; it is on the events page."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from events.models import EventPage
from tests.e2e.data import build_kelurahan, make_leader
from tests.e2e.support import BROWSER, make_resident

pytestmark = BROWSER

TITLE = "Belajar Pembukuan Warung"


def test_leader_posts_event_and_moderator_approves_it(new_context):
    site = build_kelurahan()
    group = site.group
    leader = make_resident("ketua.melati@example.id", "Ibu Sri Wahyuni")
    make_leader(group, leader)
    staff = make_resident("humas@example.id", "Staf Humas", is_staff=True)
    staff.groups.add(Group.objects.get(name="Moderator"))

    # The leader fills in the form from the group's activity list.
    sri = new_context("phone", user=leader).new_page()
    sri.goto(f"/kelompok/{group.pk}/kegiatan/")
    sri.locator(f"a[href$='/kelompok/{group.pk}/kegiatan/baru/']").click()
    sri.wait_for_load_state()
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    sri.fill("input[name=title]", TITLE)
    sri.select_option("select[name=kind]", "training")
    sri.fill("textarea[name=summary]", "Cara mencatat pemasukan dan pengeluaran warung.")
    sri.fill("input[name=capacity]", "20")
    sri.fill("input[name='sesi-0-date']", day)
    sri.fill("input[name='sesi-0-starts']", "15:00")
    sri.fill("input[name='sesi-0-ends']", "17:00")
    sri.fill("input[name='sesi-0-venue']", "Balai RW 03")
    sri.locator("main form button[type=submit]:not([name])").click()
    sri.wait_for_url(f"**/kelompok/{group.pk}/kegiatan/")
    row = sri.locator("tr", has_text=TITLE)
    assert row.locator(".badge--in_moderation").is_visible()
    event = EventPage.objects.get(title=TITLE)
    assert not event.live

    # Not public yet.
    visitor = new_context("phone").new_page()
    visitor.goto(site.events.url)
    assert not visitor.get_by_text(TITLE).count()

    # The moderator approves it in the Wagtail admin.
    humas = new_context("desktop", user=staff).new_page()
    humas.goto("/admin/")
    humas.get_by_role("link", name=TITLE).first.click()
    humas.wait_for_load_state()
    assert f"/admin/pages/{event.pk}/edit/" in humas.url
    humas.locator("footer [data-w-dropdown-target=toggle]").first.click()
    humas.locator("button[data-workflow-action-name=approve]").first.click()
    humas.wait_for_load_state()
    event.refresh_from_db()
    assert event.live

    # It is on the events page, and the leader sees it published.
    visitor.reload()
    visitor.get_by_role("link", name=TITLE).click()
    visitor.wait_for_load_state()
    assert visitor.locator("h1").inner_text() == TITLE
    assert visitor.locator(".sessions").get_by_text("Balai RW 03").is_visible()
    sri.reload()
    assert sri.locator("tr", has_text=TITLE).locator(".badge--published").is_visible()
