"""One read path per listing: the HTML page and the API list the same items in the same
order for the same filters (events, groups, my enrollments, my groups)."""

import re
from datetime import timedelta

import pytest

from community.models import Membership
from events.models import Attendance, Enrollment
from tests.factories.community import CommunityGroupPageFactory, GroupIndexPageFactory
from tests.factories.events import (
    EventIndexPageFactory,
    ResidentFactory,
    add_member,
    enroll_directly,
    make_event,
)
from tests.factories.pages import AreaFactory, ProgramIndexPageFactory, ProgramPageFactory

CARD_LINK = re.compile(r'class="card__title"><a href="([^"]+)"')


def hrefs(response):
    assert response.status_code == 200
    return CARD_LINK.findall(response.content.decode())


def api_urls(response, key="url"):
    assert response.status_code == 200, response.content
    data = response.json()
    items = data["results"] if isinstance(data, dict) else data
    return [item[key] for item in items]


@pytest.fixture
def city(home_page):
    """Events and groups with a spread of dates, categories, areas, seats and members."""
    rw1 = AreaFactory(name="RW 01", slug="rw-01")
    rw2 = AreaFactory(name="RW 02", slug="rw-02")
    programs = ProgramIndexPageFactory(parent=home_page)
    program = ProgramPageFactory(parent=programs, title="Pelatihan Kerja", category="economy")
    index = EventIndexPageFactory(parent=home_page)
    groups_index = GroupIndexPageFactory(parent=home_page)
    people = [ResidentFactory() for _ in range(3)]
    events = []
    for i in range(15):
        event = make_event(
            index,
            sessions=1 + i % 3,
            start_in=timedelta(days=1 + (i * 7) % 20, hours=i),
            title=f"Kegiatan {i:02d}",
            capacity=1 + i % 2,
            category="health" if i % 3 == 0 else "skills_training",
            area=rw1 if i % 2 else rw2,
            organising_program=program if i % 4 == 0 else None,
        )
        for person in people[: i % 3]:
            enroll_directly(event, person)
        events.append(event)
    groups = []
    for i in range(14):
        group = CommunityGroupPageFactory(
            parent=groups_index,
            title=f"Kelompok {(i * 5) % 14:02d}",
            kind="study_group" if i % 2 else "enterprise_circle",
            area=rw1 if i % 3 else rw2,
            member_limit=2 if i % 4 == 0 else None,
        )
        for person in people[: i % 3]:
            add_member(group, person)
        groups.append(group)
    return {"index": index, "groups_index": groups_index, "program": program, "rw1": rw1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "html_query,api_query",
    [
        ("", ""),
        ("category=health", "category=health"),
        ("area=rw-01", "area=rw-01"),
        ("open=on", "open=true"),
        ("halaman=2", "page=2"),
        ("arsip=1", "archive=true"),
    ],
)
def test_event_index_and_api_list_the_same_events(client, city, html_query, api_query):
    page = hrefs(client.get(f"{city['index'].url}?{html_query}"))
    api = api_urls(client.get(f"/api/events/?page_size=12&{api_query}"))
    assert page == api
    if not html_query.startswith("arsip"):
        assert page, "the filter should find something"


@pytest.mark.django_db
def test_event_index_and_api_agree_on_a_program(client, city):
    program = city["program"]
    page = hrefs(client.get(f"{city['index'].url}?program={program.pk}"))
    api = api_urls(client.get(f"/api/events/?page_size=12&program={program.pk}"))
    assert page == api
    assert len(page) == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    "html_query,api_query",
    [
        ("", ""),
        ("jenis=study_group", "kind=study_group"),
        ("wilayah=rw-02", "area=rw-02"),
        ("q=kelompok+1", "q=kelompok+1"),
        ("halaman=2", "page=2"),
    ],
)
def test_group_index_and_api_list_the_same_groups(client, city, html_query, api_query):
    page = hrefs(client.get(f"{city['groups_index'].url}?{html_query}"))
    api = api_urls(client.get(f"/api/groups/?page_size=12&{api_query}"))
    assert page == api
    assert page


@pytest.mark.django_db
def test_my_enrollments_page_and_api_list_the_same_in_the_same_order(client, city, home_page):
    me = ResidentFactory()
    index = city["index"]
    later = make_event(index, start_in=timedelta(days=20), title="Nanti")
    soon = make_event(index, start_in=timedelta(days=2), title="Segera")
    running = make_event(index, sessions=3, start_in=timedelta(days=-8), title="Berjalan")
    past = make_event(index, start_in=timedelta(days=-30), title="Lewat")
    older = make_event(index, start_in=timedelta(days=-60), title="Lama")
    cancelled = make_event(index, start_in=timedelta(days=5), title="Batal")
    for event in (later, older, soon, past, running):
        enroll_directly(event, me)
    enroll_directly(cancelled, me, status=Enrollment.Status.CANCELLED)
    client.force_login(me)

    page = hrefs(client.get("/kegiatan-saya/"))
    api = [item["event"]["url"] for item in client.get("/api/me/enrollments/").json()]

    # By the next session still to come (the running course next meets in 6 days).
    expected = [e.url for e in (soon, running, later, past, older)]
    assert page == api == expected


@pytest.mark.django_db
def test_my_groups_page_and_api_list_the_same_in_the_same_order(client, city):
    me = ResidentFactory()
    groups = list(city["groups_index"].get_children().specific().order_by("title"))
    statuses = [
        Membership.Status.PENDING,
        Membership.Status.ACTIVE,
        Membership.Status.DECLINED,
        Membership.Status.LEFT,
        Membership.Status.ACTIVE,
    ]
    for group, status in zip(groups[::2], statuses, strict=False):
        Membership.objects.create(group=group, user=me, status=status)
    client.force_login(me)

    page = hrefs(client.get("/akun/kelompok/"))
    api = api_urls(client.get("/api/me/groups/"))

    assert page == api
    assert len(page) == 4  # the group they left is not listed
    assert page[:2] == sorted(page[:2])  # active ones first, by name


@pytest.mark.django_db
def test_my_enrollments_show_attendance_toward_completion(client, city):
    me = ResidentFactory()
    course = make_event(city["index"], sessions=6, start_in=timedelta(days=-15), title="Kursus")
    course.completion_threshold = 5
    course.save()
    enrollment = enroll_directly(course, me)
    for session in list(course.sessions.order_by("starts_at"))[:3]:
        Attendance.objects.create(session=session, enrollment=enrollment)
    client.force_login(me)

    html = client.get("/kegiatan-saya/").content.decode()
    api = client.get("/api/me/enrollments/").json()[0]

    assert "Hadir di 3 dari 6 sesi" in html
    assert "5 sesi diperlukan untuk menyelesaikan" in html
    assert html.count("session--past") == 3  # three sessions already over, greyed
    assert (api["attended_sessions"], api["sessions_to_complete"], api["completed"]) == (
        3,
        5,
        False,
    )
