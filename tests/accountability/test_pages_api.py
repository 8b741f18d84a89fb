"""Public pages and the API: approved figures only, "< 5" for small counts, the program
section, filters, bad input, and the staff API's permissions."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accountability.models import FundingLine, LedgerEntry
from config.errors import DomainError
from tests.factories.events import enroll_directly, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(make_entry, funding):
    make_entry(kind="commitment", amount=40_000_000)
    make_entry(amount=30_000_000, households_reached=120, people_reached=3, funding=funding)
    make_entry(amount=9_999, households_reached=50, status="submitted")
    return funding


def test_transparency_page_shows_approved_figures_only(client, figures):
    response = client.get("/transparansi/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rp 30.000.000" in html
    assert "Rp 50.000.000" in html  # allocated
    assert "9.999" not in html
    assert "&lt; 5" in html  # 3 people in one cell
    assert "<svg" in html and "<table" in html
    assert "<script" not in html.split("</main>")[0].split("<main")[1]


def test_transparency_api_matches_and_suppresses(client, figures, areas):
    data = client.get("/api/transparency/").json()
    assert data["totals"]["disbursed"] == 30_000_000
    assert data["totals"]["allocated"] == 50_000_000
    assert data["totals"]["committed"] == 40_000_000
    assert data["totals"]["households_reached"] == 120
    assert data["totals"]["people_reached"] == "< 5"
    assert data["by_source"][0]["source"] == "apbd_kota"
    assert data["by_area"][0]["area"] == "RW 01, Kelurahan Pondok Labu"
    rw2 = client.get("/api/transparency/", {"area": "pondok-labu-rw-02"}).json()
    assert rw2["totals"]["disbursed"] == 0
    kel = client.get("/api/transparency/", {"area": "pondok-labu"}).json()
    assert kel["totals"]["disbursed"] == 30_000_000
    assert client.get("/api/transparency/", {"year": 1990}).status_code == 422
    assert client.get("/api/transparency/", {"year": "abc"}).status_code == 422


def test_program_funding_api(client, figures, program):
    data = client.get(f"/api/programs/{program.pk}/funding/").json()
    assert data["summary"]["disbursed"] == 30_000_000
    assert [line["amount"] for line in data["lines"]] == [50_000_000]
    assert len(data["transactions"]) == 2
    assert all(t["status"] == "approved" for t in data["transactions"])
    assert client.get("/api/programs/999999/funding/").status_code == 404
    assert client.get("/api/programs/999999/funding/").json()["code"] == "not_found"


def test_program_page_has_the_section(client, figures, program):
    html = client.get(program.url).content.decode()
    assert 'id="dana-capaian"' in html
    assert 'data-key="disbursed" data-value="30000000"' in html


def test_program_page_without_figures_has_no_section(client, program):
    assert 'id="dana-capaian"' not in client.get(program.url).content.decode()


def test_people_funnel_counts_each_person_once(client, program, funding):
    from events.models import Attendance
    from tests.factories.community import UserFactory

    event = make_event(program, sessions=2, start_in=-timedelta(days=30))
    users = [UserFactory() for _ in range(7)]
    sessions = list(event.sessions.all())
    for i, user in enumerate(users):
        e = enroll_directly(event, user)
        if i < 6:
            Attendance.objects.create(session=sessions[0], enrollment=e)
        if i < 5:
            Attendance.objects.create(session=sessions[1], enrollment=e)
    data = client.get(f"/api/programs/{program.pk}/funding/").json()
    assert data["people"] == {"enrolled": 7, "attended": 6, "completed": 5}
    html = client.get(program.url).content.decode()
    assert 'data-key="completed" data-value="5"' in html


def test_staff_api_permissions(client, program, areas, staff, moderator, resident, yesterday):
    body = {
        "program": program.pk,
        "kind": "disbursement",
        "date": yesterday.isoformat(),
        "amount": 1_500_000,
        "area": "pondok-labu-rw-01",
        "households_reached": 10,
        "submit": True,
    }
    post = lambda url, data=None: client.post(  # noqa: E731
        url, json.dumps(data or {}), content_type="application/json"
    )
    assert post("/api/transparency/entries/", body).status_code == 401
    client.force_login(resident)
    assert post("/api/transparency/entries/", body).status_code == 403
    client.force_login(staff)
    response = post("/api/transparency/entries/", body)
    assert response.status_code == 201, response.content
    entry_id = response.json()["id"]
    assert post(f"/api/transparency/entries/{entry_id}/approve/").status_code == 403
    client.force_login(moderator)
    assert post(f"/api/transparency/entries/{entry_id}/approve/").json()["status"] == "approved"
    client.force_login(staff)
    patch = client.patch(
        f"/api/transparency/entries/{entry_id}/",
        json.dumps({"amount": 1}),
        content_type="application/json",
    )
    assert patch.status_code == 409 and patch.json()["code"] == "locked"
    assert LedgerEntry.objects.get(pk=entry_id).amount == 1_500_000
    reversal = post(f"/api/transparency/entries/{entry_id}/reverse/", {"reason": "Ganda"})
    assert reversal.status_code == 201 and reversal.json()["amount"] == -1_500_000


@pytest.mark.parametrize(
    "change, status",
    [
        ({"amount": "satu juta"}, 422),
        ({"amount": -5}, 400),
        ({"amount": 10**15 + 1}, 422),
        ({"date": "2999-01-01"}, 400),
        ({"area": "rw-tidak-ada"}, 400),
    ],
)
def test_staff_api_bad_input_saves_nothing(
    client, program, areas, staff, yesterday, change, status
):
    body = {
        "program": program.pk,
        "kind": "disbursement",
        "date": yesterday.isoformat(),
        "amount": 1_500_000,
        "area": "pondok-labu-rw-01",
        **change,
    }
    client.force_login(staff)
    response = client.post(
        "/api/transparency/entries/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize(
    "amount, code, words",
    [
        ("satu juta", "amount_not_a_number", "satu juta"),
        (10**15 + 1, "amount_too_large", "1.000.000.000.000.000"),
        (-(10**15) - 1, "amount_too_large", "1.000.000.000.000.000"),
        (1500.5, "amount_not_whole", None),
        (True, "amount_not_a_number", None),
    ],
)
def test_staff_api_says_why_an_amount_is_refused(
    client, program, areas, staff, yesterday, amount, code, words
):
    """As the import and the admin form do: not just "amount is not valid"."""
    from accountability import importer

    body = {
        "program": program.pk,
        "kind": "disbursement",
        "date": yesterday.isoformat(),
        "amount": amount,
        "area": "pondok-labu-rw-01",
    }
    client.force_login(staff)
    response = client.post(
        "/api/transparency/entries/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    with pytest.raises(DomainError) as expected:
        importer.parse_amount(amount)
    assert response.json() == {"detail": expected.value.message, "code": code}
    if words:
        assert words in response.json()["detail"]
    assert not LedgerEntry.objects.exists()
    entry = LedgerEntry.objects.create(
        program=program, kind="disbursement", amount=1, occurred_on=yesterday, area=areas["rw1"]
    )
    patch = client.patch(
        f"/api/transparency/entries/{entry.pk}/",
        json.dumps({"amount": amount}),
        content_type="application/json",
    )
    assert patch.status_code == 422 and patch.json()["code"] == code
    entry.refresh_from_db()
    assert entry.amount == 1


def test_indicator_api_and_openapi(client, program):
    data = client.get(f"/api/programs/{program.pk}/indicators/").json()
    assert data == {"program_id": program.pk, "indicators": []}
    schema = client.get("/api/openapi.json").json()
    for path in (
        "/api/transparency/",
        "/api/programs/{program_id}/funding/",
        "/api/programs/{program_id}/indicators/",
    ):
        assert path in schema["paths"]


def test_funding_line_amount_is_whole_rupiah(program):
    line = FundingLine(program=program, source_kind="apbn", fiscal_year=2026, amount="1.5")
    with pytest.raises(ValidationError):
        line.full_clean()


def test_area_filter_counts_a_program_serving_two_areas_once(client, program, funding, areas):
    program.areas.add(areas["rw1"])  # serves the kelurahan and one of its RWs
    data = client.get("/api/transparency/", {"area": "pondok-labu-rw-01"}).json()
    assert data["totals"]["allocated"] == 50_000_000
    assert data["by_source"][0]["allocated"] == 50_000_000


def test_cached_summary_follows_a_new_approval(client, make_entry, staff, moderator):
    from accountability import ledger

    make_entry(amount=1_000)
    assert client.get("/api/transparency/").json()["totals"]["disbursed"] == 1_000
    waiting = make_entry(amount=500, status="submitted")
    assert client.get("/api/transparency/").json()["totals"]["disbursed"] == 1_000
    ledger.approve(moderator, waiting)
    assert client.get("/api/transparency/").json()["totals"]["disbursed"] == 1_500
    assert "Rp 1.500" in client.get("/transparansi/").content.decode()


def test_small_counts_are_withheld_whatever_their_sign():
    from community.public_counts import suppress_small

    published = [suppress_small(n) for n in (-5, -4, -1, 0, 1, 4, 5, None)]
    assert published == [-5, "< 5", "< 5", 0, "< 5", "< 5", 5, None]


def test_a_reversal_does_not_give_away_a_small_count(
    client, download, make_entry, program, staff, moderator
):
    """The reversal of an entry published as "< 5" carries -3: it must not be shown."""
    from accountability import ledger

    entry = make_entry(amount=1_000_000, households_reached=3, people_reached=4)
    ledger.approve(moderator, ledger.reverse(staff, entry, "Salah catat"))
    transactions = client.get(f"/api/programs/{program.pk}/funding/").json()["transactions"]
    opendata = json.loads(download("/data/transactions.json").body)["rows"]
    csv_rows = list(csv.DictReader(io.StringIO(download("/data/transactions.csv").body.decode())))
    for rows, key, pk in (
        (transactions, "reverses", entry.pk),
        (opendata, "reverses_id", entry.pk),
        (csv_rows, "reverses_id", str(entry.pk)),
    ):
        reversal = next(r for r in rows if r[key] == pk)
        assert reversal["households_reached"] == reversal["people_reached"] == "< 5"
        assert int(reversal["amount"]) == -1_000_000  # money is never withheld


@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_residents_see_only_approved_figures(
    client, figures, program, areas, staff, moderator, resident, who
):
    """Signed in or not, a resident sees approved entries and indicator figures only,
    on the pages and in the API (the submitted 9.999 and 4.739.281 never show)."""
    from accountability import ledger
    from accountability.indicators import period_start
    from accountability.models import Indicator, Result

    result = Result.objects.create(program=program, level="output", title="Kader terlatih")
    ind = Indicator.objects.create(result=result, title="Kader", source="manual", period="month")
    start = period_start(timezone.localdate(), "month")
    ledger.record_actual(staff, ind, period_start=start, value=4_739_281)  # waits for approval
    if who == "resident":
        client.force_login(resident)
    pages = client.get("/transparansi/").content.decode()
    pages += client.get(program.url).content.decode()
    assert "30.000.000" in pages
    assert "9.999" not in pages and "4.739.281" not in pages
    totals = client.get("/api/transparency/").json()["totals"]
    assert totals["disbursed"] == 30_000_000 and totals["households_reached"] == 120
    funding = client.get(f"/api/programs/{program.pk}/funding/").json()
    assert [t["amount"] for t in funding["transactions"]] == [30_000_000, 40_000_000]
    assert {t["status"] for t in funding["transactions"]} == {"approved"}
    indicators = client.get(f"/api/programs/{program.pk}/indicators/").json()["indicators"]
    assert [p["actual"] for p in indicators[0]["periods"]] in ([], [None])
