"""The participation API, and the permission matrix: anonymous, unverified, resident,
author, staff, moderator. Nobody reads someone else's complaint."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.models import HomePage
from participation import complaints as complaint_rules
from participation import proposals as proposal_rules
from participation.models import Complaint, Proposal
from tests.factories.community import UserFactory
from tests.factories.participation import ProposalFactory, SurveyFactory, add_question
from tests.participation.images import jpeg_with_gps, not_an_image
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


def login(client, user):
    if user is not None:
        client.force_login(user)


@pytest.fixture
def people(resident, other_resident, unverified, staff, moderator):
    return {
        "anonymous": None,
        "unverified": unverified,
        "resident": other_resident,
        "author": resident,
        "staff": staff,
        "moderator": moderator,
    }


def test_listing_contract(client, resident, rw):
    p = ProposalFactory(author=resident, area=rw, title="Posyandu butuh timbangan")
    data = client.get("/api/proposals/").json()
    assert data["count"] == 1
    item = data["results"][0]
    assert item["id"] == p.pk and item["title"] == "Posyandu butuh timbangan"
    assert item["area_slug"] == rw.slug and item["supported"] is None
    assert "author" not in item and resident.email not in json.dumps(data)


def test_listing_filters_and_bad_input(client, rw, rw4):
    ProposalFactory(area=rw, category="kesehatan")
    ProposalFactory(area=rw4, category="lingkungan", support_count=3)
    assert client.get("/api/proposals/", {"category": "kesehatan"}).json()["count"] == 1
    assert client.get("/api/proposals/", {"area": rw4.slug}).json()["count"] == 1
    assert (
        client.get("/api/proposals/", {"sort": "dukungan"}).json()["results"][0]["support_count"]
        == 3
    )
    for params in ({"status": "nope"}, {"sort": "x"}, {"page": 0}, {"area": "tidak-ada"}):
        response = client.get("/api/proposals/", params)
        assert response.status_code == 422, params
        assert set(response.json()) >= {"detail", "code"}


def test_listing_query_count_is_flat(client, rw, resident):
    ProposalFactory.create_batch(2, area=rw)
    login(client, resident)
    client.get("/api/proposals/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/proposals/")
    ProposalFactory.create_batch(25, area=rw)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/proposals/").json()["count"] == 27
    assert len(many) == len(few)
    client.get("/usulan/")  # warm the site and settings caches
    with CaptureQueriesContext(connection) as few_html:
        client.get("/usulan/")
    ProposalFactory.create_batch(10, area=rw)
    with CaptureQueriesContext(connection) as many_html:
        client.get("/usulan/")
    assert len(many_html) == len(few_html)


@pytest.mark.parametrize(
    "who,status",
    [
        ("anonymous", 401),
        ("unverified", 403),
        ("resident", 201),
        ("staff", 201),
        ("moderator", 201),
    ],
)
def test_who_may_submit(client, people, rw, who, status):
    login(client, people[who])
    response = client.post(
        "/api/proposals/",
        {
            "title": "Pos ronda",
            "description": "Perlu pos ronda baru.",
            "category": "keamanan",
            "area": rw.slug,
        },
    )
    assert response.status_code == status, response.content
    assert set(response.json()) >= ({"detail", "code"} if status >= 400 else {"id", "answers"})


def test_submit_with_photo_and_bad_photo(client, resident, rw):
    login(client, resident)
    data = {
        "title": "Jalan berlubang",
        "description": "Di depan SD.",
        "category": "infrastruktur",
        "area": rw.slug,
    }
    ok = client.post("/api/proposals/", {**data, "photo": jpeg_with_gps()})
    assert ok.status_code == 201 and ok.json()["photo_url"].endswith(".jpg")
    bad = client.post(
        "/api/proposals/", {**data, "photo": not_an_image()}, HTTP_ACCEPT_LANGUAGE="id"
    )
    assert bad.status_code == 422 and bad.json()["code"] == "bad_image"
    assert Proposal.objects.count() == 1


@pytest.mark.parametrize(
    "who,status",
    [
        ("anonymous", 401),
        ("unverified", 403),
        ("resident", 200),
        ("author", 409),
        ("staff", 200),
        ("moderator", 200),
    ],
)
def test_who_may_support(client, people, who, status):
    proposal = ProposalFactory(author=people["author"])
    login(client, people[who])
    response = client.post(f"/api/proposals/{proposal.pk}/support/")
    assert response.status_code == status
    if status == 200:
        assert response.json() == {"supported": True, "support_count": 1}
        assert client.delete(f"/api/proposals/{proposal.pk}/support/").json() == {
            "supported": False,
            "support_count": 0,
        }


def test_detail_with_answers_and_hidden(client, staff, resident):
    proposal = ProposalFactory()
    proposal_rules.answer(proposal, staff, status="ditinjau", body="Kami tinjau.")
    login(client, resident)
    data = client.get(f"/api/proposals/{proposal.pk}/").json()
    assert data["answers"][0]["body"] == "Kami tinjau." and data["supported"] is False
    proposal_rules.hide(proposal, staff, "Bukan usulan.")
    data = client.get(f"/api/proposals/{proposal.pk}/").json()
    assert data["hidden"] and data["title"] is None and data["hidden_reason"] == "Bukan usulan."
    assert client.get("/api/proposals/").json()["count"] == 0
    assert client.get("/api/proposals/999999/").status_code == 404


# --- Complaints ---------------------------------------------------------------------------


def make_complaint(user):
    return complaint_rules.submit(
        user, subject="service", service="KTP", title="Antrean KTP", description="Lama sekali."
    )


@pytest.mark.parametrize(
    "who,status",
    [
        ("anonymous", 401),
        ("unverified", 404),
        ("resident", 404),
        ("author", 200),
        ("staff", 200),
        ("moderator", 200),
    ],
)
def test_who_reads_a_complaint(client, people, who, status):
    complaint = make_complaint(people["author"])
    login(client, people[who])
    response = client.get(f"/api/complaints/{complaint.code}/")
    assert response.status_code == status
    if status != 200:
        assert "Antrean" not in response.content.decode()


def test_my_complaints_are_only_mine(client, people):
    mine = make_complaint(people["author"])
    make_complaint(people["resident"])
    login(client, people["author"])
    assert [c["code"] for c in client.get("/api/complaints/").json()] == [mine.code]
    login(client, people["staff"])  # staff's own list is their own too
    assert client.get("/api/complaints/").json() == []
    client.logout()
    assert client.get("/api/complaints/").status_code == 401


def test_create_complaint_api(client, resident, unverified):
    login(client, unverified)
    assert (
        client.post(
            "/api/complaints/",
            {"subject": "service", "service": "KTP", "title": "x", "description": "y"},
        ).status_code
        == 403
    )
    login(client, resident)
    response = client.post(
        "/api/complaints/",
        {
            "subject": "service",
            "service": "Surat",
            "title": "<i>Lama</i>",
            "description": "Dua minggu.",
        },
    )
    assert response.status_code == 201
    data = response.json()
    assert data["code"].startswith("ADU-") and data["title"] == "Lama"
    assert data["updates"][0]["kind"] == "submitted"
    bad = client.post("/api/complaints/", {"subject": "program", "title": "x", "description": "y"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_program"
    assert Complaint.objects.count() == 1


# --- Surveys ------------------------------------------------------------------------------


@pytest.fixture
def survey(db):
    s = SurveyFactory()
    add_question(s, "Kebutuhan", "single_choice", "Air bersih\nPenerangan")
    return s


def test_survey_api(client, survey, resident, other_resident):
    q = survey.questions.get()
    assert client.get("/api/surveys/").json()[0]["id"] == survey.pk
    detail = client.get(f"/api/surveys/{survey.pk}/").json()
    assert detail["questions"][0]["choices"][0] == {"key": "air-bersih", "label": "Air bersih"}
    url = f"/api/surveys/{survey.pk}/responses/"
    body = json.dumps({"answers": {str(q.pk): "air-bersih"}})
    assert client.post(url, body, content_type="application/json").status_code == 401
    login(client, resident)
    assert client.post(url, body, content_type="application/json").status_code == 201
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_answered"
    bad = client.post(
        url, json.dumps({"answers": {str(q.pk): "emas"}}), content_type="application/json"
    )
    login(client, other_resident)
    bad = client.post(
        url, json.dumps({"answers": {str(q.pk): "emas"}}), content_type="application/json"
    )
    assert bad.status_code == 422
    results = client.get(f"/api/surveys/{survey.pk}/results/").json()
    assert results["respondents"] == "< 5"
    assert results["questions"][0]["rows"][0]["total"] == "< 5"
    survey.results_public = False
    survey.save()
    assert client.get(f"/api/surveys/{survey.pk}/results/").status_code == 403


def test_openapi_documents_the_paths(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/proposals/",
        "/api/proposals/{proposal_id}/",
        "/api/proposals/{proposal_id}/support/",
        "/api/complaints/",
        "/api/complaints/{code}/",
        "/api/surveys/",
        "/api/surveys/{survey_id}/",
        "/api/surveys/{survey_id}/responses/",
        "/api/surveys/{survey_id}/results/",
    ):
        assert path in paths, path


def test_other_listings_query_counts_are_flat(client, staff, rw):
    from tests.factories.pages import ProgramIndexPageFactory, ProgramPageFactory

    programs = ProgramIndexPageFactory(parent=HomePage.objects.get(depth=2))
    reporter = UserFactory(home_area=rw)

    def add(n):
        for i in range(n):
            program = ProgramPageFactory(
                parent=programs, title=f"Program {i}-{Complaint.objects.count()}"
            )
            c = complaint_rules.submit(
                reporter,
                subject="program",
                program=program,
                title="Keluhan",
                description="Isi.",
            )
            complaint_rules.answer(c, staff, "Jawaban.")
        SurveyFactory.create_batch(n)

    client.force_login(staff)
    add(1)
    urls = ("/pengaduan/kinerja/", "/survei/", "/pengaduan/staf/", "/api/surveys/")
    few = {url: page_queries(client, url) for url in urls}
    add(4)
    assert {url: page_queries(client, url) for url in urls} == few
