"""Caches on top of the pages, the search and the public API answers: shared only when
nothing personal is in them, and exact again after any change (config.content_version)."""

import pytest

from community.models import Membership
from events import enrollment as rules
from tests.factories.community import CommunityGroupPageFactory, GroupIndexPageFactory
from tests.factories.events import EventIndexPageFactory, ResidentFactory, make_event


@pytest.fixture(autouse=True)
def office_settings(home_page):
    """The footer's settings row exists (its first read creates it, which is a change)."""
    from wagtail.models import Site

    from pages.models import OfficeSettings

    OfficeSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def event(home_page):
    index = EventIndexPageFactory(parent=home_page)
    return make_event(index, capacity=3, title="Kursus Menjahit Cache")


@pytest.mark.django_db
def test_anonymous_page_is_served_from_the_cache_and_says_so(client, event):
    first = client.get(event.url)
    second = client.get(event.url)
    assert first["X-Balai-Cache"] == "miss"
    assert second["X-Balai-Cache"] == "hit"
    assert second.content == first.content
    assert "Cookie" in second["Vary"]
    assert second["X-Frame-Options"] == "DENY"  # headers of the page kept
    assert "csrftoken" not in second.cookies


@pytest.mark.django_db
def test_an_enrollment_makes_the_cached_page_exact_again(
    client, event, django_capture_on_commit_callbacks
):
    before = client.get(event.url).content.decode()
    assert client.get(event.url)["X-Balai-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):  # as a real commit would
        rules.enroll(event, ResidentFactory())
    after = client.get(event.url)
    assert after["X-Balai-Cache"] == "miss"
    assert after.content.decode() != before
    assert "Sisa 2 tempat" in after.content.decode()
    assert "Sisa 3 tempat" in before


@pytest.mark.django_db
def test_signed_in_pages_are_never_cached_nor_shared(client, event):
    client.get(event.url)  # an anonymous copy exists
    me = ResidentFactory()
    client.force_login(me)
    response = client.get(event.url)
    assert "X-Balai-Cache" not in response
    assert me.display_name in response.content.decode() or "Keluar" in response.content.decode()
    client.logout()
    anonymous = client.get(event.url).content.decode()
    assert me.display_name not in anonymous


@pytest.mark.django_db
def test_a_membership_change_rebuilds_group_answers(client, home_page):
    index = GroupIndexPageFactory(parent=home_page)
    group = CommunityGroupPageFactory(parent=index, title="Kelompok Cache", member_limit=1)
    listed = client.get("/api/groups/").json()["results"][0]
    assert client.get("/api/groups/")["X-Balai-Cache"] == "hit"
    Membership.objects.create(group=group, user=ResidentFactory(), status="active")
    fresh = client.get("/api/groups/")
    assert fresh["X-Balai-Cache"] == "miss"
    item = fresh.json()["results"][0]
    assert (listed["member_count"], listed["is_full"]) == (0, False)
    assert (item["member_count"], item["is_full"]) == (1, True)


@pytest.mark.django_db
def test_search_answers_are_cached_per_query_and_exact_after_enrolling(
    client, event, django_capture_on_commit_callbacks
):
    from wagtail.search.backends import get_search_backend

    get_search_backend().add(event)
    url = "/api/search/?q=menjahit"
    first = client.get(url)
    assert first["X-Balai-Cache"] == "miss"
    assert client.get(url)["X-Balai-Cache"] == "hit"
    assert client.get("/api/search/?q=kursus")["X-Balai-Cache"] == "miss"  # another query
    seats = first.json()["results"][0]["seats_left"]
    with django_capture_on_commit_callbacks(execute=True):
        rules.enroll(event, ResidentFactory())
    again = client.get(url)
    assert again["X-Balai-Cache"] == "miss"
    assert again.json()["results"][0]["seats_left"] == seats - 1


@pytest.mark.django_db
def test_anonymous_event_detail_is_shared_but_mine_is_personal(
    client, event, django_capture_on_commit_callbacks
):
    url = f"/api/events/{event.pk}/"
    assert client.get(url)["X-Balai-Cache"] == "miss"
    assert client.get(url)["X-Balai-Cache"] == "hit"
    me = ResidentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        rules.enroll(event, me)
    assert client.get(url).json()["seats_left"] == 2  # the shared answer is exact again
    client.force_login(me)
    mine = client.get(url)
    assert "X-Balai-Cache" not in mine
    assert mine.json()["my_enrollment"]["status"] == "confirmed"
    assert mine.json()["seats_left"] == 2
