import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group as AuthGroup
from django.urls import reverse
from django.utils import timezone

from community.models import Membership
from events.models import Attendance, EventPage
from tests.factories.events import (
    CommunityGroupPageFactory,
    add_member,
    enroll_directly,
    make_event,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(group, make_resident):
    user = make_resident(display_name="Ibu Sri")
    add_member(group, user, role=Membership.Role.LEADER)
    return user


@pytest.fixture
def moderator(make_resident):
    user = make_resident(is_staff=True)
    user.groups.add(AuthGroup.objects.get(name="Moderator"))
    return user


def session_post(n=1, **extra):
    day = (timezone.localtime() + timedelta(days=7)).date()
    data = {
        "title": "Pelatihan Membuat Kue Kering",
        "kind": "training",
        "category": "skills_training",
        "summary": "Belajar membuat kue kering untuk dijual menjelang Lebaran.",
        "description": "Bawa celemek.\n\nBahan disediakan.",
        "capacity": "15",
        "audience": "residents",
        "sesi-TOTAL_FORMS": str(n),
        "sesi-INITIAL_FORMS": "0",
        "sesi-MIN_NUM_FORMS": "1",
        "sesi-MAX_NUM_FORMS": "30",
    }
    for i in range(n):
        data.update(
            {
                f"sesi-{i}-date": (day + timedelta(weeks=i)).isoformat(),
                f"sesi-{i}-starts": "09:00",
                f"sesi-{i}-ends": "12:00",
                f"sesi-{i}-venue": "Balai RW 05",
            }
        )
    data.update(extra)
    return data


def test_leader_posts_a_draft_that_goes_to_moderation(client, group, leader, moderator):
    client.force_login(leader)
    url = reverse("events:create_event", args=[group.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, session_post(n=2))
    assert response.status_code == 302
    event = EventPage.objects.get(title="Pelatihan Membuat Kue Kering")
    assert not event.live
    assert event.get_parent().pk == group.pk
    assert event.organising_group_id == group.pk
    assert event.sessions.count() == 2
    assert event.workflow_in_progress
    assert timezone.localtime(event.sessions.order_by("starts_at")[0].starts_at).hour == 9

    listing = client.get(reverse("events:group_events", args=[group.pk])).content.decode()
    assert "Pelatihan Membuat Kue Kering" in listing
    assert "badge--in_moderation" in listing

    # Staff approve in the Wagtail admin: the task approves and publishes.
    event.current_workflow_task_state.approve(user=moderator)
    event.refresh_from_db()
    assert event.live
    listing = client.get(reverse("events:group_events", args=[group.pk])).content.decode()
    assert "badge--published" in listing


def test_rejected_event_shows_as_rejected(client, group, leader, moderator):
    client.force_login(leader)
    client.post(reverse("events:create_event", args=[group.pk]), session_post())
    event = EventPage.objects.get(title="Pelatihan Membuat Kue Kering")
    event.current_workflow_task_state.reject(user=moderator)
    listing = client.get(reverse("events:group_events", args=[group.pk])).content.decode()
    assert "badge--rejected" in listing
    assert not EventPage.objects.get(pk=event.pk).live


def test_moderator_can_approve_in_the_admin(client, group, leader, moderator):
    client.force_login(leader)
    client.post(reverse("events:create_event", args=[group.pk]), session_post())
    event = EventPage.objects.get(title="Pelatihan Membuat Kue Kering")
    client.force_login(moderator)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Pelatihan Membuat Kue Kering" in dashboard.content.decode()
    assert event.current_workflow_task.user_can_access_editor(event, moderator)


def test_cannot_post_under_a_group_one_does_not_lead(client, group, make_resident, home_page):
    other_group = CommunityGroupPageFactory(parent=group.get_parent(), title="Kelompok Mawar")
    outsider = make_resident()
    add_member(other_group, outsider, role=Membership.Role.LEADER)
    member = make_resident()
    add_member(group, member)
    url = reverse("events:create_event", args=[group.pk])
    for user in (outsider, member):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, session_post()).status_code == 403
        assert client.get(reverse("events:group_events", args=[group.pk])).status_code == 403
    assert not EventPage.objects.exists()
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_bad_input_keeps_what_was_typed(client, group, leader):
    client.force_login(leader)
    data = session_post(**{"sesi-0-ends": "08:00", "capacity": "-3"})
    response = client.post(reverse("events:create_event", args=[group.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Pelatihan Membuat Kue Kering" in html  # nothing lost
    assert "errorlist" in html
    assert not EventPage.objects.exists()


# A session that began half an hour ago: attendance can be recorded (not before check-in
# opens, events.models.CHECK_IN_OPENS_BEFORE).
UNDER_WAY = -timedelta(minutes=30)


def test_roster_csv_and_attendance_permissions(client, group, leader, make_resident):
    event = make_event(group, capacity=1, title="Pertemuan Kelompok Belajar", start_in=UNDER_WAY)
    a, b = make_resident(display_name="=cmd()"), make_resident()
    first = enroll_directly(event, a)
    enroll_directly(event, b, status="waitlisted")
    session = event.sessions.first()
    urls = [
        reverse("events:roster", args=[event.pk]),
        reverse("events:roster_csv", args=[event.pk]),
        reverse("events:attendance", args=[event.pk, session.pk]),
    ]
    # A resident and the leader of another group: 403.
    other_leader = make_resident()
    other_group = CommunityGroupPageFactory(parent=group.get_parent(), title="Kelompok Mawar")
    add_member(other_group, other_leader, role=Membership.Role.LEADER)
    for user in (a, other_leader):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403
        assert client.post(urls[2], {"present": [first.pk]}).status_code == 403
    assert not Attendance.objects.exists()

    client.force_login(leader)
    roster = client.get(urls[0]).content.decode()
    assert a.email in roster and b.email in roster
    rows = list(csv.reader(io.StringIO(client.get(urls[1]).content.decode("utf-8-sig"))))
    assert len(rows) == 3
    assert rows[1][0] == "'=cmd()"  # no spreadsheet formula injection
    assert [rows[1][3], rows[2][3]] == ["Terdaftar", "Dalam daftar tunggu"]

    client.post(urls[2], {"present": [str(first.pk)]})
    assert Attendance.objects.filter(session=session, enrollment=first).exists()
    client.post(urls[2], {})
    assert not Attendance.objects.exists()


def test_check_in_by_code(client, group, leader, make_resident):
    event = make_event(group, capacity=1, start_in=UNDER_WAY)
    enrollment = enroll_directly(event, make_resident())
    waiting = enroll_directly(event, make_resident(), status="waitlisted")
    session = event.sessions.first()
    url = reverse("events:attendance", args=[event.pk, session.pk])
    client.force_login(leader)
    assert client.post(url, {"code": enrollment.check_in_code.lower()}).status_code == 302
    assert Attendance.objects.filter(enrollment=enrollment).count() == 1
    client.post(url, {"code": enrollment.check_in_code})  # twice: still one record
    assert Attendance.objects.filter(enrollment=enrollment).count() == 1
    assert client.post(url, {"code": "SALAH123"}).status_code == 400
    assert client.post(url, {"code": waiting.check_in_code}).status_code == 400
    assert Attendance.objects.count() == 1


def test_staff_see_any_roster(client, event, make_resident):
    staff = make_resident(is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("events:roster", args=[event.pk])).status_code == 200
    assert client.get(reverse("events:roster", args=[999999])).status_code == 404


def test_enrollments_in_the_admin_are_read_only(client, event, make_resident):
    enroll_directly(event, make_resident())
    admin = make_resident(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/enrollments/")
    assert response.status_code == 200
    assert event.title in response.content.decode()
    assert client.get("/admin/enrollments/new/").status_code in (302, 403)
    listing = client.get(f"/admin/pages/{event.get_parent().pk}/").content.decode()
    assert reverse("events:roster", args=[event.pk]) in listing


def test_group_page_shows_events_and_leader_links(client, group, leader):
    event = make_event(group, title="Pertemuan Rutin Kelompok")
    html = client.get(group.url).content.decode()
    assert event.title in html
    assert reverse("events:create_event", args=[group.pk]) not in html
    client.force_login(leader)
    html = client.get(group.url).content.decode()
    assert reverse("events:create_event", args=[group.pk]) in html


def test_attendance_bad_input(client, group, leader, make_resident):
    event = make_event(group, start_in=UNDER_WAY)
    other = make_event(group)
    enrollment = enroll_directly(event, make_resident())
    session = event.sessions.first()
    client.force_login(leader)
    # A session of another event, or one that does not exist: 404.
    other_session = other.sessions.first()
    assert (
        client.get(reverse("events:attendance", args=[event.pk, other_session.pk])).status_code
        == 404
    )
    assert client.get(reverse("events:attendance", args=[event.pk, 999999])).status_code == 404
    # Junk and other events' enrollments are ignored.
    stranger = enroll_directly(other, make_resident())
    url = reverse("events:attendance", args=[event.pk, session.pk])
    client.post(url, {"present": ["abc", "", str(stranger.pk), str(enrollment.pk)]})
    assert list(Attendance.objects.values_list("enrollment_id", flat=True)) == [enrollment.pk]
    assert client.post(url, {"code": ""}).status_code == 400


def test_unpublished_events_cannot_be_enrolled(client, event, resident):
    event.unpublish()
    client.force_login(resident)
    assert client.post(reverse("events:enroll", args=[event.pk])).status_code == 404
    assert client.get(reverse("events:event_calendar", args=[event.pk])).status_code == 404


def test_add_a_session_keeps_what_was_typed(client, group, leader):
    client.force_login(leader)
    url = reverse("events:create_event", args=[group.pk])
    data = session_post(n=1, add_session="1")
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pelatihan Membuat Kue Kering" in html and "Balai RW 05" in html
    assert 'name="sesi-1-date"' in html  # a new, empty row
    assert not EventPage.objects.exists()
    data = session_post(n=2)
    data["sesi-1-date"] = data["sesi-1-starts"] = data["sesi-1-ends"] = ""
    data["sesi-1-venue"] = ""
    assert client.post(url, data).status_code == 302  # an empty extra row is ignored
    assert EventPage.objects.get().sessions.count() == 1


def test_no_session_at_all_is_refused(client, group, leader):
    client.force_login(leader)
    data = session_post(n=1)
    for field in ("date", "starts", "ends", "venue"):
        data[f"sesi-0-{field}"] = ""
    response = client.post(reverse("events:create_event", args=[group.pk]), data)
    assert response.status_code == 400
    assert not EventPage.objects.exists()


def test_event_edit_form_in_the_admin(client, event, make_resident):
    admin = make_resident(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get(f"/admin/pages/{event.pk}/edit/")
    assert response.status_code == 200
    assert "cancellation_reason" in response.content.decode()
