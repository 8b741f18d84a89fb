"""What residents see around an activity: a program lists its activities ("Ikuti
kegiatan"), an event links back to its program, JSON-LD and link previews (issue 10:
items 16 and 19)."""

import json
import re
from datetime import timedelta

import pytest

from events import enrollment as rules
from tests.factories.community import CommunityGroupPageFactory, GroupIndexPageFactory
from tests.factories.events import EventIndexPageFactory, ResidentFactory, make_event
from tests.factories.pages import ImageFactory, ProgramIndexPageFactory, ProgramPageFactory

pytestmark = pytest.mark.django_db


def json_ld(html):
    return json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S)[1])


def og(html):
    return dict(re.findall(r'<meta property="(og:[a-z:_]+)" content="([^"]*)"', html))


@pytest.fixture
def program(home_page):
    index = ProgramIndexPageFactory(parent=home_page)
    return ProgramPageFactory(parent=index, title="Pelatihan Kerja Warga")


@pytest.fixture
def index(home_page):
    return EventIndexPageFactory(parent=home_page)


def test_program_page_lists_its_upcoming_activities_with_a_call_to_action(client, program, index):
    soon = make_event(index, title="Kursus Las", organising_program=program)
    later = make_event(
        index, title="Kursus Jahit", organising_program=program, start_in=timedelta(days=9)
    )
    make_event(index, title="Sudah Lewat", organising_program=program, start_in=timedelta(-9))
    make_event(index, title="Kegiatan Lain")
    cancelled = make_event(index, title="Dibatalkan", organising_program=program)
    cancelled.is_cancelled = True
    cancelled.cancellation_reason = "Hujan"
    cancelled.save()

    html = client.get(program.url).content.decode()

    assert html.index(soon.title) < html.index(later.title)
    for absent in ("Sudah Lewat", "Kegiatan Lain", "Dibatalkan"):
        assert absent not in html
    assert "Ikuti kegiatan" in html
    assert f"{index.url}?program={program.pk}" in html


def test_program_without_activities_shows_no_empty_section(client, program, index):
    assert "Ikuti kegiatan" not in client.get(program.url).content.decode()


def test_the_event_index_opens_filtered_to_the_program(client, program, index):
    mine = make_event(index, title="Kursus Program", organising_program=program)
    make_event(index, title="Kursus Lain")
    html = client.get(f"{index.url}?program={program.pk}").content.decode()
    assert mine.title in html and "Kursus Lain" not in html
    # Only the program asked for is offered, not every program of the city.
    assert html.count('name="program"') == 1
    assert f'value="{program.pk}" selected' in html


def test_event_page_links_back_to_its_program(client, program, index, home_page):
    groups = GroupIndexPageFactory(parent=home_page)
    group = CommunityGroupPageFactory(parent=groups, title="Kelompok Las")
    event = make_event(index, organising_group=group, organising_program=program)
    html = client.get(event.url).content.decode()
    assert f'href="{group.url}"' in html
    assert f'href="{program.url}"' in html
    assert "Bagian dari program" in html


def test_json_ld_has_remaining_capacity_and_an_image(client, index):
    event = make_event(index, capacity=5, hero_image=ImageFactory())
    rules.enroll(event, ResidentFactory())
    data = json_ld(client.get(event.url).content.decode())
    assert data["maximumAttendeeCapacity"] == 5
    assert data["remainingAttendeeCapacity"] == 4
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["image"][0].startswith("http://testserver/")


def test_json_ld_of_a_full_and_of_a_cancelled_event(client, index):
    full = make_event(index, capacity=1)
    rules.enroll(full, ResidentFactory())
    data = json_ld(client.get(full.url).content.decode())
    assert data["remainingAttendeeCapacity"] == 0
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"
    assert "image" not in data

    cancelled = make_event(index, capacity=10)
    cancelled.is_cancelled = True
    cancelled.cancellation_reason = "Narasumber berhalangan"
    cancelled.save()
    data = json_ld(client.get(cancelled.url).content.decode())
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["offers"]["availability"] != "https://schema.org/InStock"
    assert data["remainingAttendeeCapacity"] == 0


def test_pages_carry_open_graph_tags_for_link_previews(client, program, index):
    event = make_event(index, title="Posyandu Balita", hero_image=ImageFactory())
    tags = og(client.get(event.url).content.decode())
    assert tags["og:title"] == "Posyandu Balita"
    assert tags["og:url"] == f"http://testserver{event.url}"
    assert tags["og:description"] == event.summary
    assert tags["og:image"].startswith("http://testserver/") and ".jpg" in tags["og:image"]
    assert tags["og:locale"] == "id_ID"

    tags = og(client.get(program.url).content.decode())
    assert tags["og:title"] == program.title
    assert "og:image" not in tags  # no picture, no broken preview
