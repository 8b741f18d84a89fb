"""POST /api/eligibility/check/: stateless, documented, the same engine as the pages."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from eligibility.models import SavedCheck

URL = "/api/eligibility/check/"


def post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def by_title(response):
    return {r["title"]: r for r in response.json()["results"]}


def test_the_check_explains_each_program(client, programs, areas):
    response = post(
        client,
        {
            "age": 25,
            "employment": "jobseeker",
            "dtks": False,
            "area": areas["pondok-labu-rw-03"].pk,
        },
    )
    assert response.status_code == 200
    results = by_title(response)
    assert results["Pelatihan Barista"]["result"] == "eligible"
    assert results["Pelatihan Barista"]["documents"] == ["KTP", "Ijazah terakhir"]
    pkh = results["Program Keluarga Harapan"]
    assert pkh["result"] == "not_eligible"
    assert pkh["reasons"][0]["legal_basis"].startswith("Peraturan Menteri Sosial Nomor 1")
    assert "DTKS" in pkh["reasons"][0]["criterion"]
    blt = results["BLT Kelurahan"]
    assert blt["result"] == "unknown"
    assert [m["fact"] for m in blt["missing"]] == ["income_per_member"]
    # The shared link carries program ids only, never an answer (the ids themselves may
    # contain "25", so read the query string rather than search the text).
    query = parse_qs(urlsplit(response.json()["checklist_url"]).query)
    assert set(query) == {"program"}
    listed = {int(pk) for pk in query["program"]}
    kept = {r["program_id"] for r in response.json()["results"] if r["result"] != "not_eligible"}
    assert listed == kept


def test_nothing_known_means_nothing_ruled_out(client, programs):
    response = post(client, {})
    assert {r["result"] for r in response.json()["results"]} == {"unknown"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"age": 300}, "invalid_age"),
        ({"income_per_member": -1}, "invalid_income_per_member"),
        ({"area": 987654}, "unknown_area"),
        ({"age": "tiga puluh"}, "invalid"),
        ({"dtks": "mungkin"}, "invalid"),
        ({"employment": "astronot"}, "invalid"),
        ({"hobby": "catur"}, "invalid"),
        ({"age": [1, 2]}, "invalid"),
    ],
)
def test_bad_input_is_a_clear_422_and_nothing_is_stored(client, programs, body, field):
    response = post(client, body)
    assert response.status_code == 422
    data = response.json()
    assert data["code"] == field
    assert data["detail"]
    assert SavedCheck.objects.count() == 0


def test_age_300_is_explained_in_indonesian(client, programs):
    response = client.post(
        URL,
        data=json.dumps({"age": 300}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert "Usia" in response.json()["detail"] and "120" in response.json()["detail"]


def test_not_json_is_a_422_not_a_500(client, programs):
    response = client.post(URL, data="{age:", content_type="application/json")
    assert response.status_code in (400, 422)


def test_the_check_is_in_the_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    assert "422" in operation["responses"]
    assert "200" in operation["responses"]


def test_checking_costs_no_query_per_program(client, programs, django_assert_max_num_queries):
    post(client, {})  # compile the rules once
    with django_assert_max_num_queries(2):  # session/user lookups at most, none per program
        response = post(client, {"age": 40, "dtks": True})
    assert response.status_code == 200


# --- Asking about some programs only ----------------------------------------------------

FACTS = {"age": 25, "employment": "jobseeker", "dtks": False}


def test_named_programs_get_the_same_answers_as_in_the_full_check(client, programs):
    full = post(client, FACTS).json()["results"]
    wanted = [programs["pelatihan-barista-tata-boga"].pk, programs["program-keluarga-harapan"].pk]
    response = post(client, {**FACTS, "programs": wanted})
    assert response.status_code == 200
    results = response.json()["results"]
    assert sorted(r["program_id"] for r in results) == sorted(wanted)
    assert results == [r for r in full if r["program_id"] in wanted]  # same order, same text
    query = parse_qs(urlsplit(response.json()["checklist_url"]).query)
    # Only the barista course: PKH is ruled out, Posyandu was not asked about.
    assert query == {"program": [str(programs["pelatihan-barista-tata-boga"].pk)]}


def test_every_program_named_is_the_same_as_none_named(client, programs):
    everything = post(client, FACTS).json()
    named = post(client, {**FACTS, "programs": [p.pk for p in programs.values()]}).json()
    assert named == everything
    assert post(client, {**FACTS, "programs": []}).json()["results"] == []


def test_only_some_answers(client, programs):
    full = post(client, FACTS).json()
    likely = post(client, {**FACTS, "only": ["eligible", "unknown"]}).json()
    assert {r["result"] for r in full["results"]} == {"eligible", "not_eligible", "unknown"}
    assert likely["results"] == [r for r in full["results"] if r["result"] != "not_eligible"]
    assert likely["checklist_url"] == full["checklist_url"]
    eligible = post(client, {**FACTS, "only": ["eligible"]}).json()["results"]
    assert eligible and {r["result"] for r in eligible} == {"eligible"}


def test_an_unknown_program_is_a_clear_422_in_indonesian(client, programs, site):
    from tests.factories.pages import ProgramPageFactory

    without_rules = ProgramPageFactory(parent=programs["posyandu-balita"].get_parent())
    known = programs["posyandu-balita"].pk
    for unknown in (987654, without_rules.pk):
        response = client.post(
            URL,
            data=json.dumps({**FACTS, "programs": [known, unknown]}),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="id",
        )
        assert response.status_code == 422
        data = response.json()
        assert data["code"] == "unknown_program"
        assert str(unknown) in data["detail"] and str(known) not in data["detail"]
        assert "Program tidak dikenal" in data["detail"]


def test_too_many_programs_is_a_clear_422_in_indonesian(client, programs):
    from eligibility.engine import MAX_PROGRAMS_PER_CHECK

    ids = [programs["posyandu-balita"].pk] * (MAX_PROGRAMS_PER_CHECK + 1)
    response = client.post(
        URL,
        data=json.dumps({"programs": ids}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "too_many_programs"
    assert str(MAX_PROGRAMS_PER_CHECK) in response.json()["detail"]
    assert "program" in response.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {"programs": "1,2"},
        {"programs": ["1"]},
        {"programs": [True]},
        {"programs": [1.5]},
        {"only": "eligible"},
        {"only": ["mungkin"]},
    ],
)
def test_bad_program_or_answer_lists_are_422(client, programs, body):
    response = post(client, body)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert list(response.json()["errors"]) == list(body)


def test_the_filters_are_in_the_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    programs = body["properties"]["programs"]
    assert programs["maxItems"] == 50 and "page id" in programs["description"]
    assert "only" in body["properties"]
