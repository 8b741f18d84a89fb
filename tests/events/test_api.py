from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import enrollment as rules
from tests.factories.events import add_member, enroll_directly, make_event

pytestmark = pytest.mark.django_db

URL = "/api/events/"


def test_list_items_have_the_contract_fields(client, event, make_resident):
    for _ in range(3):
        rules.enroll(event, make_resident())
    body = client.get(URL).json()
    assert body["count"] == 1
    item = body["results"][0]
    assert {
        "id",
        "title",
        "url",
        "sessions",
        "venue",
        "capacity",
        "seats_left",
        "waitlist_length",
        "is_cancelled",
        "organiser",
    } <= set(item)
    assert (item["capacity"], item["seats_left"], item["waitlist_length"]) == (2, 0, 1)
    assert item["sessions"][0]["venue"] == item["venue"]


def test_list_filters(client, event_index, group):
    health = make_event(event_index, category="health", title="Hari Vaksinasi Anak")
    trade = make_event(group, category="economy", title="Pemasaran Online untuk UMKM")
    later = make_event(event_index, start_in=timedelta(days=40), title="Posyandu Mawar")

    def titles(**params):
        return {r["title"] for r in client.get(URL, params).json()["results"]}

    assert titles(category="health") == {health.title}
    assert titles(group=group.pk) == {trade.title}
    assert titles(q="posyandu") == {later.title}
    day = (later.sessions.first().starts_at).date()
    assert titles(**{"from": day.isoformat()}) == {later.title}
    assert later.title not in titles(to=(day - timedelta(days=1)).isoformat())
    item = client.get(URL, {"group": group.pk}).json()["results"][0]
    assert item["organiser"] == {
        "id": group.pk,
        "title": group.title,
        "type": "group",
        "url": group.url,
    }


def test_open_filter_and_archive(client, event_index, event, make_resident):
    for _ in range(2):
        rules.enroll(event, make_resident())
    past = make_event(event_index, start_in=timedelta(days=-5), title="Sosialisasi Lalu")
    open_ids = {r["id"] for r in client.get(URL, {"open": "true"}).json()["results"]}
    assert event.pk not in open_ids
    for no in ("false", "0"):
        assert event.pk in {r["id"] for r in client.get(URL, {"open": no}).json()["results"]}
    archive = {r["id"] for r in client.get(URL, {"archive": "true"}).json()["results"]}
    assert archive == {past.pk}


@pytest.mark.parametrize(
    "params",
    [
        {"from": "kemarin"},
        {"to": "2026-13-40"},
        {"group": "abc"},
        {"group": "999999"},
        {"page": "0"},
        {"page_size": "1000"},
        {"category": "nonsense"},
    ],
)
def test_bad_filters_are_a_4xx_with_detail_and_code(client, event, params):
    response = client.get(URL, params)
    assert response.status_code == 422
    assert set(response.json()) >= {"detail", "code"}


def test_listing_query_count_is_the_same_for_10_and_500(client, event_index):
    def measure():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, {"page_size": 100})
        assert response.status_code == 200
        return len(ctx)

    for _ in range(10):
        make_event(event_index, sessions=2)
    client.get(URL)
    small = measure()
    from events.models import EventSession
    from tests.factories.events import EventPageFactory

    # 490 more (direct session rows keep the test quick).
    now = timezone.now()
    for n in range(490):
        event = EventPageFactory(parent=event_index, title=f"Kegiatan massal {n}")
        EventSession.objects.create(
            event=event,
            starts_at=now + timedelta(days=5),
            ends_at=now + timedelta(days=5, hours=2),
            venue="Aula Kelurahan",
        )
    assert client.get(URL).json()["count"] == 500
    assert measure() == small


def test_detail_and_unknown_ids(client, event):
    response = client.get(f"{URL}{event.pk}/")
    assert response.status_code == 200
    assert response.json()["title"] == event.title
    missing = client.get(f"{URL}999999/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert client.get(f"{URL}abc/").status_code == 404


def test_enrollment_post_is_repeat_safe_and_delete_promotes(client, event, make_resident):
    a, b, c = (make_resident() for _ in range(3))
    for user in (a, b):
        client.force_login(user)
        assert client.post(f"{URL}{event.pk}/enrollment/").json() == {
            "status": "confirmed",
            "position": None,
        }
    client.force_login(c)
    first = client.post(f"{URL}{event.pk}/enrollment/")
    again = client.post(f"{URL}{event.pk}/enrollment/")
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() == {"status": "waitlisted", "position": 1}
    assert client.get(f"{URL}{event.pk}/").json()["my_enrollment"] == {
        "status": "waitlisted",
        "position": 1,
    }
    client.force_login(a)
    response = client.delete(f"{URL}{event.pk}/enrollment/")
    assert response.json() == {"status": "cancelled", "position": None}
    client.force_login(c)
    mine = client.get("/api/me/enrollments/").json()
    assert [(m["event"]["id"], m["status"]) for m in mine] == [(event.pk, "confirmed")]
    assert mine[0]["check_in_code"]


def test_enrollment_errors(client, event, group, resident):
    assert client.post(f"{URL}{event.pk}/enrollment/").status_code == 401
    client.force_login(resident)
    assert client.post(f"{URL}999999/enrollment/").status_code == 404
    response = client.delete(f"{URL}{event.pk}/enrollment/")
    assert (response.status_code, response.json()["code"]) == (409, "not_enrolled")
    members_only = make_event(group, audience="members")
    response = client.post(f"{URL}{members_only.pk}/enrollment/")
    assert (response.status_code, response.json()["code"]) == (403, "members_only")
    add_member(group, resident)
    assert client.post(f"{URL}{members_only.pk}/enrollment/").json()["status"] == "confirmed"
    event.is_cancelled = True
    event.cancellation_reason = "Ditunda."
    event.save()
    response = client.post(f"{URL}{event.pk}/enrollment/")
    assert (response.status_code, response.json()["code"]) == (409, "event_cancelled")


def test_drafts_are_not_in_the_api(client, event):
    event.unpublish()
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{event.pk}/").status_code == 404


def test_my_enrollments_needs_login_and_is_constant(client, event_index, resident):
    assert client.get("/api/me/enrollments/").status_code == 401
    client.force_login(resident)
    enroll_directly(make_event(event_index), resident)
    client.get("/api/me/enrollments/")
    with CaptureQueriesContext(connection) as small:
        client.get("/api/me/enrollments/")
    for _ in range(8):
        enroll_directly(make_event(event_index, sessions=2), resident)
    with CaptureQueriesContext(connection) as large:
        assert len(client.get("/api/me/enrollments/").json()) == 9
    assert len(large) == len(small)


def test_openapi_schema_documents_the_events_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/events/" in schema["paths"]
    assert "/api/events/{event_id}/enrollment/" in schema["paths"]
    assert "/api/me/enrollments/" in schema["paths"]
    names = {p["name"] for p in schema["paths"]["/api/events/"]["get"]["parameters"]}
    assert {"q", "category", "area", "group", "program", "from", "to", "open"} <= names


def test_roster_and_check_in_for_leaders_only(client, group, make_resident):
    from community.models import Membership
    from events.models import Attendance

    event = make_event(group, capacity=1, start_in=-timedelta(minutes=30))  # under way
    leader, resident, waiting = make_resident(), make_resident(), make_resident()
    add_member(group, leader, role=Membership.Role.LEADER)
    enrollment = enroll_directly(event, resident)
    enroll_directly(event, waiting, status="waitlisted")
    session = event.sessions.first()
    roster_url = f"{URL}{event.pk}/roster/"
    check_in_url = f"{URL}{event.pk}/sessions/{session.pk}/check-in/"
    body = {"code": enrollment.check_in_code}

    assert client.get(roster_url).status_code == 401
    client.force_login(resident)
    assert client.get(roster_url).status_code == 403
    response = client.post(check_in_url, body, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")

    client.force_login(leader)
    roster = client.get(roster_url).json()
    assert [(r["status"], r["position"]) for r in roster] == [
        ("confirmed", None),
        ("waitlisted", 1),
    ]
    response = client.post(check_in_url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["present"] is True
    client.post(check_in_url, body, content_type="application/json")
    assert Attendance.objects.count() == 1
    unknown = client.post(check_in_url, {"code": "SALAH"}, content_type="application/json")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown_code")
    empty = client.post(check_in_url, {"code": ""}, content_type="application/json")
    assert empty.status_code == 422
    other = client.post(
        f"{URL}{event.pk}/sessions/999999/check-in/", body, content_type="application/json"
    )
    assert other.status_code == 404
