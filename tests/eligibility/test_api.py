"""POST /api/eligibility/check/: stateless, documented, the same engine as the pages."""

import json

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
    assert "program=" in response.json()["checklist_url"]
    assert "25" not in response.json()["checklist_url"]  # no answers in the shared link


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
