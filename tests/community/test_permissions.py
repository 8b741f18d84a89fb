"""Who may do what, as a matrix: role x action, in the browser and through the API.

A wrong role gets a login redirect (anonymous, browser), 401 (anonymous, API) or 403,
and never sees another group's roster.
"""

import pytest
from django.urls import reverse

from community.models import Membership
from tests.factories.community import UserFactory, member_of

Status = Membership.Status
ROLES = ["anonymous", "resident", "member", "leader", "other_leader", "staff"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(approval_group, leader, member, other_leader, staff, resident):
    applicant = UserFactory(display_name="Pemohon Rahasia", phone="+6281200000099")
    pending = member_of(approval_group, applicant, status=Status.PENDING)
    member.phone = "+6281211112222"
    member.save()
    people = {
        "anonymous": None,
        "resident": resident,
        "member": member,
        "leader": leader,
        "other_leader": other_leader,
        "staff": staff,
    }
    request = Membership.objects.get(group=approval_group, user=pending)
    return approval_group, people, request


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


# --- Browser ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_view_group(client, setup, role):
    group, people, _ = setup
    response = client_for(client, people[role]).get(group.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert group.title in content
    assert "+6281211112222" not in content  # phones never on the public page
    assert "Pemohon Rahasia" not in content  # nor who asked to join


ROSTER = {
    "anonymous": 302,
    "resident": 403,
    "member": 403,
    "leader": 200,
    "other_leader": 403,
    "staff": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_view_roster(client, setup, role):
    group, people, _ = setup
    response = client_for(client, people[role]).get(reverse("community:manage", args=[group.pk]))
    assert response.status_code == ROSTER[role]
    content = response.content.decode()
    if ROSTER[role] == 200:
        assert "+6281211112222" in content
        assert "Pemohon Rahasia" in content
    else:
        assert "+6281211112222" not in content
        assert "Pemohon Rahasia" not in content
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


JOIN_AFTER = {
    "resident": (Status.PENDING, "member"),
    "member": (Status.ACTIVE, "member"),
    "leader": (Status.ACTIVE, "leader"),
    "other_leader": (Status.PENDING, "member"),
    "staff": (Status.PENDING, "member"),
}


@pytest.mark.parametrize("role", ROLES)
def test_join(client, setup, role):
    group, people, _ = setup
    response = client_for(client, people[role]).post(reverse("community:join", args=[group.pk]))
    assert response.status_code == 302
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
        return
    membership = Membership.objects.get(group=group, user=people[role])
    assert (membership.status, membership.role) == JOIN_AFTER[role]


@pytest.mark.parametrize("role", ROLES)
def test_leave(client, setup, role):
    group, people, _ = setup
    response = client_for(client, people[role]).post(
        reverse("community:leave", args=[group.pk]), {"confirm": "yes"}
    )
    assert response.status_code == 302
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
        return
    membership = Membership.objects.filter(group=group, user=people[role]).first()
    if role in ("member", "leader"):
        assert membership.status == Status.LEFT
    else:
        assert membership is None


@pytest.mark.parametrize(
    "decision,outcome", [("setujui", Status.ACTIVE), ("tolak", Status.DECLINED)]
)
@pytest.mark.parametrize("role", ROLES)
def test_approve_and_decline(client, setup, role, decision, outcome):
    group, people, request = setup
    url = reverse("community:decide", args=[group.pk, request.pk, decision])
    response = client_for(client, people[role]).post(url, {"message": "Terima kasih"})
    request.refresh_from_db()
    if role in ("leader", "staff"):
        assert response.status_code == 302
        assert request.status == outcome
        assert request.message == "Terima kasih"
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert request.status == Status.PENDING


def test_a_leader_cannot_decide_another_groups_request_through_their_own_group(
    client, setup, other_leader
):
    group, _, request = setup
    other_group_id = other_leader.memberships.get().group_id
    client.force_login(other_leader)
    url = reverse("community:decide", args=[other_group_id, request.pk, "setujui"])
    assert client.post(url).status_code == 404
    request.refresh_from_db()
    assert request.status == Status.PENDING


def test_get_is_not_allowed_for_changes(client, setup):
    group, people, request = setup
    client.force_login(people["leader"])
    assert client.get(reverse("community:join", args=[group.pk])).status_code == 405
    url = reverse("community:decide", args=[group.pk, request.pk, "setujui"])
    assert client.get(url).status_code == 405


# --- API -------------------------------------------------------------------------------


API = {
    # action: {role: status code}
    "view": dict.fromkeys(ROLES, 200),
    "roster": {**dict.fromkeys(ROLES, 403), "anonymous": 401, "leader": 200, "staff": 200},
    "join": {**dict.fromkeys(ROLES, 200), "anonymous": 401},
    "leave": {**dict.fromkeys(ROLES, 409), "anonymous": 401, "member": 200, "leader": 200},
    "approve": {**dict.fromkeys(ROLES, 403), "anonymous": 401, "leader": 200, "staff": 200},
    "decline": {**dict.fromkeys(ROLES, 403), "anonymous": 401, "leader": 200, "staff": 200},
}


def call(client, action, group, request):
    base = f"/api/groups/{group.pk}/"
    if action == "view":
        return client.get(base)
    if action == "roster":
        return client.get(base + "members/")
    if action == "join":
        return client.post(base + "membership/")
    if action == "leave":
        return client.delete(base + "membership/")
    return client.post(
        base + f"requests/{request.pk}/{action}",
        {"message": "Oke"},
        content_type="application/json",
    )


@pytest.mark.parametrize("action", list(API))
@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(client, setup, role, action):
    group, people, request = setup
    response = call(client_for(client, people[role]), action, group, request)
    expected = API[action][role]
    assert response.status_code == expected, response.content
    body = response.json()
    if expected >= 400:
        assert set(body) >= {"detail", "code"}
        assert "Pemohon Rahasia" not in response.content.decode()
    request.refresh_from_db()
    if action in ("approve", "decline") and expected != 200:
        assert request.status == Status.PENDING
    if action == "view":
        assert "phone" not in response.content.decode()


# --- One staff rule (community.roles): the staff groups, not only Django's is_staff ---------


def in_staff_group(name):
    from django.contrib.auth.models import Group

    user = UserFactory(display_name=f"Anggota {name}")
    user.groups.add(Group.objects.get(name=name))
    return user


STAFF_GROUPS = ["Staf Humas", "Moderator"]


@pytest.mark.parametrize("group_name", STAFF_GROUPS)
def test_staff_groups_manage_a_group_roster(client, setup, group_name):
    group, _, request = setup
    client.force_login(in_staff_group(group_name))
    response = client.get(reverse("community:manage", args=[group.pk]))
    assert response.status_code == 200
    assert "+6281211112222" in response.content.decode()
    assert client.get(f"/api/groups/{group.pk}/members/").status_code == 200


@pytest.fixture
def group_event(setup, home_page):
    from tests.factories.events import EventIndexPageFactory, enroll_directly, make_event

    group, people, _ = setup
    event = make_event(EventIndexPageFactory(parent=home_page), organising_group=group)
    enroll_directly(event, people["member"])
    return event


EVENT_ROSTER = {
    "anonymous": 302,
    "resident": 403,
    "member": 403,
    "leader": 200,
    "other_leader": 403,
    "staff": 200,
    "Staf Humas": 200,
    "Moderator": 200,
}


@pytest.mark.parametrize("role", list(EVENT_ROSTER))
def test_event_roster_matrix(client, setup, group_event, role):
    """A "Staf Humas" editor manages an event's roster as they manage its group's."""
    _, people, _ = setup
    user = in_staff_group(role) if role in STAFF_GROUPS else people[role]
    client = client_for(client, user)
    page = client.get(reverse("events:roster", args=[group_event.pk]))
    assert page.status_code == EVENT_ROSTER[role]
    api = client.get(f"/api/events/{group_event.pk}/roster/")
    expected_api = {302: 401}.get(EVENT_ROSTER[role], EVENT_ROSTER[role])
    assert api.status_code == expected_api, api.content
    if expected_api == 200:
        assert "+6281211112222" in api.content.decode()


@pytest.mark.parametrize("group_name", STAFF_GROUPS)
def test_staff_groups_see_the_participants_button_and_enrollments(client, group_event, group_name):
    client.force_login(in_staff_group(group_name))
    assert client.get("/admin/enrollments/").status_code == 200
    listing = client.get(f"/admin/pages/{group_event.get_parent().pk}/")
    assert reverse("events:roster", args=[group_event.pk]) in listing.content.decode()


@pytest.mark.parametrize("group_name", STAFF_GROUPS)
def test_staff_groups_edit_search_synonyms(client, db, group_name):
    from search.models import Synonym

    client.force_login(in_staff_group(group_name))
    response = client.post(
        "/admin/snippets/search/synonym/add/", {"terms": "Sembako, bahan pokok", "note": ""}
    )
    assert response.status_code == 302, response.content[:300]
    synonym = Synonym.objects.get()
    edit = f"/admin/snippets/search/synonym/edit/{synonym.pk}/"
    assert client.get(edit).status_code == 200
    assert client.post(f"/admin/snippets/search/synonym/delete/{synonym.pk}/").status_code == 302
    assert not Synonym.objects.exists()


def test_residents_cannot_edit_search_synonyms(client, resident):
    client.force_login(resident)
    response = client.post(
        "/admin/snippets/search/synonym/add/", {"terms": "Sembako, bahan pokok", "note": ""}
    )
    assert response.status_code in (302, 403)
    from search.models import Synonym

    assert not Synonym.objects.exists()


def test_staff_group_members_are_emailed_when_a_group_loses_its_last_leader(db):
    from community.membership import staff_recipients

    editor = in_staff_group("Staf Humas")
    UserFactory()  # a resident: never on the list
    assert staff_recipients() == [editor.email]
