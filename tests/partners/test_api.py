"""/api/needs/: the public board, one need, and pledging as a partner account."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Need, Pledge
from tests.factories.partners import NeedFactory, make_pledge

pytestmark = pytest.mark.django_db

URL = "/api/needs/"


def test_listing_shows_public_needs_with_totals(client, need, partner):
    make_pledge(need, partner, 12, status=Pledge.Status.CONFIRMED)
    NeedFactory(title="Rahasia", status=Need.Status.DRAFT)
    body = client.get(URL).json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["id"] == need.pk and item["url"] == f"/kebutuhan/{need.pk}/"
    assert (item["amount"], item["pledged"], item["delivered"]) == (10, 12, 0)
    assert (item["remaining"], item["over_pledged"]) == (0, 2)
    assert item["is_open"] is True and item["kind"] == "goods" and item["unit"] == "mesin jahit"
    assert item["area"]["slug"] == need.area.slug and item["program"]["id"] == need.program_id


def test_listing_filters(client, need, cash_need, rw):
    closed = NeedFactory(title="Sudah lewat", status=Need.Status.CLOSED)
    assert client.get(URL, {"kind": "cash"}).json()["count"] == 1
    assert client.get(URL, {"open": "true"}).json()["count"] == 2
    assert client.get(URL).json()["count"] == 3
    assert client.get(URL, {"program": need.program_id}).json()["count"] == 2
    assert client.get(URL, {"area": rw.parent.slug}).json()["count"] == 2  # the RWs inside
    ids = [r["id"] for r in client.get(URL, {"open": "false"}).json()["results"]]
    assert closed.pk in ids


def test_bad_filters_are_a_422_in_indonesian(client, need):
    response = client.get(URL, {"kind": "emas"})
    assert response.status_code == 422 and response.json()["code"] == "invalid_filter"
    response = client.get(URL, {"page": 0})
    assert response.status_code == 422


def test_detail_hides_drafts_and_private_fields(client, need, partner, resident):
    make_pledge(need, partner, 3, note="Hubungi Pak Budi 0812-1111-2222")
    draft = NeedFactory(status=Need.Status.DRAFT)
    assert client.get(f"{URL}{draft.pk}/").status_code == 404
    client.force_login(resident)
    body = client.get(f"{URL}{need.pk}/").json()
    assert body["pledges"][0]["partner"]["name"] == partner.name
    assert body["my_pledges"] == []
    assert "0812" not in str(body) and "note" not in body["pledges"][0]


def test_a_partner_sees_its_own_pledges_with_notes(client, need, partner, partner_user):
    make_pledge(need, partner, 3, note="Kirim lewat gudang Cilandak")
    client.force_login(partner_user)
    body = client.get(f"{URL}{need.pk}/").json()
    assert body["my_pledges"][0]["note"] == "Kirim lewat gudang Cilandak"


def test_a_partner_pledges(client, need, partner_user, partner):
    client.force_login(partner_user)
    response = client.post(
        f"{URL}{need.pk}/pledges/", {"amount": 4, "note": "Siap"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pledged" and response.json()["amount"] == 4
    need.refresh_from_db()
    assert need.pledged_total == 4 and Pledge.objects.get().partner == partner


@pytest.mark.parametrize(
    ("body", "code"),
    [({"amount": 0}, "invalid_amount"), ({"amount": -3}, "invalid_amount"), ({}, "invalid")],
)
def test_bad_amounts_are_refused_and_nothing_saved(client, need, partner_user, body, code):
    client.force_login(partner_user)
    response = client.post(f"{URL}{need.pk}/pledges/", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert Pledge.objects.count() == 0


def test_a_closed_need_answers_409(client, need, partner_user):
    Need.objects.filter(pk=need.pk).update(status=Need.Status.CLOSED)
    client.force_login(partner_user)
    response = client.post(
        f"{URL}{need.pk}/pledges/", {"amount": 1}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Kebutuhan ini sudah ditutup untuk janji baru.",
        "code": "need_closed",
    }


def test_residents_and_anonymous_cannot_pledge(client, need, resident):
    url = f"{URL}{need.pk}/pledges/"
    assert client.post(url, {"amount": 1}, content_type="application/json").status_code == 401
    client.force_login(resident)
    response = client.post(url, {"amount": 1}, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "not_a_partner"
    assert Pledge.objects.count() == 0


def test_pledge_to_a_draft_or_missing_need_is_404(client, partner_user):
    draft = NeedFactory(status=Need.Status.DRAFT)
    client.force_login(partner_user)
    for need_id in (draft.pk, 999999):
        response = client.post(
            f"{URL}{need_id}/pledges/", {"amount": 1}, content_type="application/json"
        )
        assert response.status_code == 404


def test_openapi_documents_the_needs_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    post = schema["paths"]["/api/needs/{need_id}/pledges/"]["post"]
    assert {"201", "401", "403", "404", "409", "422"} <= set(post["responses"])
    assert "/api/needs/" in schema["paths"] and "/api/hsds/services" in schema["paths"]


def test_listing_query_count_stays_flat(client, program, rw, partner):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    NeedFactory(program=program, area=rw)
    count()  # warm the site-root cache that page urls use
    few = count()
    for _ in range(15):
        need = NeedFactory(program=program, area=rw)
        make_pledge(need, partner, 2)
    assert count() == few


def test_open_needs_come_first(client, need):
    from datetime import timedelta

    from django.utils import timezone

    closed = NeedFactory(status=Need.Status.CLOSED, deadline=timezone.localdate())
    past = NeedFactory(deadline=timezone.localdate() - timedelta(days=3))
    later = NeedFactory(deadline=timezone.localdate() + timedelta(days=90))
    ids = [r["id"] for r in client.get(URL).json()["results"]]
    assert ids[:2] == [need.pk, later.pk]
    assert set(ids[2:]) == {closed.pk, past.pk}


def test_my_pledges_are_the_partners_own(
    client, need, partner, other_partner, partner_user, resident
):
    mine = make_pledge(need, partner, 2)
    make_pledge(need, other_partner, 5)
    assert client.get(f"{URL}pledges/").status_code == 401
    client.force_login(resident)
    response = client.get(f"{URL}pledges/")
    assert response.status_code == 403 and response.json()["code"] == "not_a_partner"
    client.force_login(partner_user)
    body = client.get(f"{URL}pledges/").json()
    assert body["partner"]["id"] == partner.pk
    assert [p["id"] for p in body["results"]] == [mine.pk]
