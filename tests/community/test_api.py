"""The community API: /api/groups/ and /api/me/."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import CommunityGroupPage, Membership
from tests.factories.community import UserFactory, leader_of, member_of
from tests.factories.pages import AreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(db):
    city = AreaFactory(name="Jakarta Selatan", slug="jakarta-selatan")
    kelurahan = AreaFactory(name="Pondok Labu", level=3, parent=city, slug="pondok-labu")
    rw03 = AreaFactory(name="RW 03", level=4, parent=kelurahan, slug="pondok-labu-rw-03")
    other = AreaFactory(name="Palmerah", level=3, parent=city, slug="palmerah")
    return {"kelurahan": kelurahan, "rw03": rw03, "other": other}


def test_list_groups_with_filters(client, make_group, areas):
    a = make_group(title="Belajar Anak RW 03", area=areas["rw03"])
    b = make_group(
        title="Jahit Berkah",
        kind=CommunityGroupPage.Kind.ENTERPRISE_CIRCLE,
        area=areas["kelurahan"],
        member_limit=1,
    )
    make_group(title="Kuliner Palmerah", area=areas["other"])
    member_of(b)
    body = client.get("/api/groups/").json()
    assert body["count"] == 3
    by_title = {g["title"]: g for g in body["results"]}
    assert by_title["Jahit Berkah"]["member_count"] == 1
    assert by_title["Jahit Berkah"]["is_full"] is True
    assert by_title["Belajar Anak RW 03"]["area"]["slug"] == "pondok-labu-rw-03"
    assert by_title["Belajar Anak RW 03"]["url"] == a.url

    def titles(query):
        response = client.get("/api/groups/" + query)
        assert response.status_code == 200, response.content
        return sorted(g["title"] for g in response.json()["results"])

    assert titles("?kind=enterprise_circle") == ["Jahit Berkah"]
    # the kelurahan finds its RWs' groups too; the RW finds the kelurahan-wide group
    assert titles("?area=pondok-labu") == ["Belajar Anak RW 03", "Jahit Berkah"]
    assert titles(f"?area={areas['rw03'].pk}") == ["Belajar Anak RW 03", "Jahit Berkah"]
    assert titles("?q=jahit") == ["Jahit Berkah"]
    assert titles("?page_size=1&page=2") == ["Jahit Berkah"]


@pytest.mark.parametrize(
    "query", ["?area=atlantis", "?kind=club", "?page=0", "?page_size=500", "?page=abc"]
)
def test_bad_filters_are_4xx_json(client, make_group, query):
    make_group()
    response = client.get("/api/groups/" + query)
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_list_query_count_is_constant(client, make_group, django_assert_max_num_queries):
    def count_queries():
        cache.clear()  # count the listing's own work, not the cached answer
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/groups/").status_code == 200
        return len(ctx.captured_queries)

    for i in range(2):
        member_of(make_group(title=f"Kelompok {i}"))
    count_queries()  # warm the per-process caches
    few = count_queries()
    for i in range(2, 12):
        group = make_group(title=f"Kelompok {i}")
        member_of(group)
        leader_of(group)
    assert count_queries() == few


def test_detail_tells_the_caller_their_state(client, approval_group, leader, resident):
    body = client.get(f"/api/groups/{approval_group.pk}/").json()
    assert body["join_policy"] == "approval"
    assert body["member_limit"] == 3
    assert body["member_count"] == 1
    assert body["leaders"] == [leader.display_name]
    assert body["my_membership"] is None
    assert body["join_state"] == "request"
    assert "phone" not in str(body)

    client.force_login(resident)
    client.post(f"/api/groups/{approval_group.pk}/membership/")
    body = client.get(f"/api/groups/{approval_group.pk}/").json()
    assert body["my_membership"]["status"] == "pending"
    assert body["join_state"] == "pending"
    assert body["can_manage"] is False


def test_unknown_or_unpublished_group_is_404(client, open_group):
    assert client.get("/api/groups/999999/").status_code == 404
    open_group.unpublish()
    response = client.get(f"/api/groups/{open_group.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_join_is_idempotent_and_leave(client, open_group, resident):
    client.force_login(resident)
    url = f"/api/groups/{open_group.pk}/membership/"
    first = client.post(url)
    second = client.post(url)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json() == {"status": "active", "role": "member"}
    assert client.delete(url).json()["status"] == "left"
    assert Membership.objects.get(user=resident).status == "left"


def test_join_full_group_is_409_in_indonesian(client, make_group, resident):
    group = make_group(member_limit=1)
    member_of(group)
    client.force_login(resident)
    response = client.post(f"/api/groups/{group.pk}/membership/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Kelompok ini sudah penuh: jumlah anggota sudah mencapai batas.",
        "code": "group_full",
    }


def test_join_without_consent_is_403(client, open_group):
    person = UserFactory(data_consent_at=None)
    client.force_login(person)
    response = client.post(f"/api/groups/{open_group.pk}/membership/")
    assert response.status_code == 403
    assert response.json()["code"] == "profile_incomplete"


def test_leader_lists_and_approves_requests(client, approval_group, leader):
    applicant = UserFactory(phone="+6281234567890")
    request = member_of(approval_group, applicant, status="pending")
    request = Membership.objects.get(user=request)
    client.force_login(leader)
    pending = client.get(f"/api/groups/{approval_group.pk}/requests/").json()
    assert [p["membership_id"] for p in pending] == [request.pk]
    assert pending[0]["phone"] == "+6281234567890"
    response = client.post(
        f"/api/groups/{approval_group.pk}/requests/{request.pk}/approve",
        {"message": "Selamat datang"},
        content_type="application/json",
    )
    assert response.json() == {"status": "active", "role": "member"}
    roster = client.get(f"/api/groups/{approval_group.pk}/members/").json()
    assert {p["name"] for p in roster} == {leader.display_name, applicant.display_name}
    again = client.post(f"/api/groups/{approval_group.pk}/requests/{request.pk}/decline")
    assert again.status_code == 409
    assert again.json()["code"] == "not_pending"


def test_session_api_requires_csrf(approval_group, resident):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(resident)
    response = browser.post(f"/api/groups/{approval_group.pk}/membership/")
    assert response.status_code in (401, 403)
    assert not Membership.objects.filter(user=resident).exists()


# --- /api/me/ ---------------------------------------------------------------------------


def test_me_requires_login(client):
    response = client.get("/api/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_me_and_my_groups(client, approval_group, open_group, resident):
    client.force_login(resident)
    client.post(f"/api/groups/{approval_group.pk}/membership/")
    client.post(f"/api/groups/{open_group.pk}/membership/")
    me = client.get("/api/me/").json()
    assert me["email"] == resident.email
    assert me["profile_complete"] is True
    groups = client.get("/api/me/groups/").json()
    assert {(g["group"]["title"], g["status"]) for g in groups} == {
        ("Jahit Berkah", "pending"),
        ("Kelompok Belajar Anak RW 03", "active"),
    }


def test_patch_me_normalises_the_phone_and_keeps_other_fields(client, resident, areas):
    client.force_login(resident)
    response = client.patch(
        "/api/me/",
        {"phone": "0812-3456-7890", "home_area": "pondok-labu-rw-03"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["phone"] == "+6281234567890"
    assert body["home_area"]["slug"] == "pondok-labu-rw-03"
    assert body["display_name"] == resident.display_name
    assert body["data_consent_at"] is not None


def test_patch_me_bad_phone_is_422_in_indonesian(client, resident):
    client.force_login(resident)
    response = client.patch("/api/me/", {"phone": "12345"}, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert "Masukkan nomor Indonesia" in body["errors"]["phone"][0]
    resident.refresh_from_db()
    assert resident.phone == ""


def test_patch_me_cannot_withdraw_consent(client, resident):
    client.force_login(resident)
    response = client.patch("/api/me/", {"consent": False}, content_type="application/json")
    assert response.status_code == 422
    assert "persetujuan" in response.json()["errors"]["consent"][0]


def test_my_data_and_delete_through_the_api(client, open_group, resident):
    client.force_login(resident)
    client.post(f"/api/groups/{open_group.pk}/membership/")
    data = client.get("/api/me/data/").json()
    assert data["profile"]["email"] == resident.email
    assert data["memberships"][0]["group"] == open_group.title
    wrong = client.post("/api/me/delete/", {"confirm": "salah"}, content_type="application/json")
    assert wrong.status_code == 422
    ok = client.post(
        "/api/me/delete/", {"confirm": resident.email.upper()}, content_type="application/json"
    )
    assert ok.json() == {"deleted": True}
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/api/groups/?q=jahit%00",
        "/api/groups/?area=pondok%00labu",
        "/api/groups/?area=99999999999999999999999",
        "/api/groups/99999999999999999999999/",
        "/api/groups/?page=99999999999999999999999",
    ],
)
def test_odd_input_never_500(client, make_group, url):
    make_group(title="Jahit Berkah")
    response = client.get(url)
    assert response.status_code < 500


@pytest.mark.parametrize("home_area", ["99999999999999999999999", "rw\x0003", -1, "   "])
def test_patch_me_odd_area_never_500(client, resident, home_area):
    client.force_login(resident)
    response = client.patch("/api/me/", {"home_area": home_area}, content_type="application/json")
    assert response.status_code in (200, 400, 422)  # a NUL byte: 400 (config.middleware)
