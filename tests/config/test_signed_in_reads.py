"""What signed-in pages read on every request: Wagtail's route from the cache (checked on
use, privacy never cached), the header and footer per content version, the user bar
only for those who may edit."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from community.roles import STAFF_GROUP
from events.models import EventPage
from pages.models import OfficeSettings, StandardPage
from tests.factories.events import EventIndexPageFactory, ResidentFactory, make_event


@pytest.fixture(autouse=True)
def office(home_page):
    return OfficeSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def event(home_page):
    return make_event(EventIndexPageFactory(parent=home_page), title="Kursus Rute")


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured.captured_queries]


def _tree_walks(sql):
    """Wagtail's routing: a child looked up by its slug."""
    return [q for q in sql if '"wagtailcore_page"."slug" =' in q]


@pytest.mark.django_db
def test_a_remembered_route_skips_the_tree_walk_and_follows_a_slug_change(client, event):
    client.force_login(ResidentFactory())
    old_url = event.url
    first, first_sql = _get(client, old_url)
    second, second_sql = _get(client, old_url)
    assert first.status_code == second.status_code == 200
    assert _tree_walks(first_sql) and not _tree_walks(second_sql)
    assert len(second_sql) < len(first_sql)
    assert second.content.decode().count("Kursus Rute") == first.content.decode().count(
        "Kursus Rute"
    )

    event.slug = "kursus-rute-baru"
    event.save_revision().publish()
    new_url = EventPage.objects.get(pk=event.pk).url
    assert new_url.endswith("/kursus-rute-baru/")
    assert client.get(old_url).status_code == 404
    assert client.get(new_url).status_code == 200

    EventPage.objects.get(pk=event.pk).unpublish()
    assert client.get(new_url).status_code == 404


@pytest.mark.django_db
def test_view_restrictions_still_apply_to_a_remembered_route(client, event):
    client.force_login(ResidentFactory())
    assert client.get(event.url).status_code == 200  # the route is remembered
    restriction = PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=STAFF_GROUP))
    response = client.get(event.url)
    assert response.status_code == 302  # not in the group: Wagtail asks for another log-in
    assert "Kursus Rute" not in response.content.decode()


@pytest.mark.django_db
def test_a_new_view_restriction_takes_the_page_out_of_the_anonymous_cache(client, event):
    client.get(event.url)
    assert client.get(event.url)["X-Balai-Cache"] == "hit"
    PageViewRestriction.objects.create(page=event, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(event.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
def test_header_and_footer_are_read_once_per_content_version(client, home_page, office, event):
    client.force_login(ResidentFactory())
    client.get(event.url)
    _, sql = _get(client, event.url)
    assert not [q for q in sql if "pages_officesettings" in q]
    menu = '"wagtailcore_page"."show_in_menus"'
    assert not [q for q in sql if menu in q.partition("WHERE")[2]]

    office.office_name = "Kantor Kelurahan Sukamaju Baru"
    office.save()  # bumps the content version (pages.apps)
    home_page.add_child(instance=StandardPage(title="Layanan Baru", slug="layanan-baru"))
    page = StandardPage.objects.get(slug="layanan-baru")
    page.show_in_menus = True
    page.save_revision().publish()
    html = client.get(event.url).content.decode()
    assert "Kantor Kelurahan Sukamaju Baru" in html
    assert 'href="/layanan-baru/"' in html


@pytest.mark.django_db
def test_user_bar_only_for_those_who_may_edit_and_no_permission_query_for_residents(client, event):
    client.force_login(ResidentFactory())
    client.get(event.url)
    response, sql = _get(client, event.url)
    assert "wagtail-userbar" not in response.content.decode()
    assert not [q for q in sql if "auth_permission" in q]

    editor = ResidentFactory()
    editor.groups.add(Group.objects.get(name=STAFF_GROUP))
    client.force_login(editor)
    assert "wagtail-userbar" in client.get(event.url).content.decode()
