"""Indicators: computed from Balai's data (never typed), manual ones approved like the
ledger, survey needs as the denominator (participation.needs, monkeypatched), targets."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accountability import ledger
from accountability.indicators import indicator_rows, period_start
from accountability.models import Indicator, IndicatorActual, IndicatorTarget, Result
from config.errors import DomainError, PermissionDeniedError
from events.models import Attendance
from tests.factories.community import UserFactory
from tests.factories.events import enroll_directly, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def result(program):
    return Result.objects.create(program=program, level="output", title="Warga terlatih menjahit")


def indicator(result, **fields):
    fields.setdefault("title", "Indikator")
    return Indicator.objects.create(result=result, **fields)


@pytest.fixture
def course(program, areas):
    """A two-session course that ended last month: 6 enrolled, 5 came once, 4 twice."""
    event = make_event(program, sessions=2, start_in=-timedelta(days=40))
    sessions = list(event.sessions.all())
    for i in range(6):
        user = UserFactory(home_area=areas["rw1"] if i < 3 else areas["rw2"])
        enrollment = enroll_directly(event, user, requested_at=timezone.now() - timedelta(days=50))
        if i < 5:
            Attendance.objects.create(session=sessions[0], enrollment=enrollment)
        if i < 4:
            Attendance.objects.create(session=sessions[1], enrollment=enrollment)
    return event


def only_row(program):
    rows = indicator_rows(program)
    assert len(rows) == 1
    return rows[0]


def test_computed_enrolled_and_completed(program, result, course):
    indicator(result, source="enrolled", period="quarter")
    row = only_row(program)
    assert row["computed"] and sum(p["actual"] for p in row["periods"]) == 6
    Indicator.objects.all().delete()
    indicator(result, source="completed", period="month")
    assert sum(p["actual"] for p in only_row(program)["periods"]) == 4


def test_attendance_rate(program, result, course):
    indicator(result, source="attendance_rate", period="quarter")
    row = only_row(program)
    # 9 attendances of 6 people x 2 sessions = 75 %
    assert row["percentage"]
    assert sum(p["actual"] for p in row["periods"]) == 75


def test_needs_from_a_survey_as_denominator(program, result, course, monkeypatch):
    import participation.needs

    monkeypatch.setattr(participation.needs, "needs_count", lambda key, area=None: 8)
    indicator(result, source="completed", period="quarter", needs_key="survey:1:question:2")
    row = only_row(program)
    assert row["needs"] == 8 and row["percentage"]
    assert [p["actual"] for p in row["periods"]] == [50]  # 4 of 8 who need it


def test_unknown_need_gives_no_figure(program, result, course, monkeypatch):
    import participation.needs

    monkeypatch.setattr(participation.needs, "needs_count", lambda key, area=None: None)
    indicator(result, source="completed", needs_key="survey:404")
    assert [p["actual"] for p in only_row(program)["periods"]] == [None]


def test_aid_reached_from_the_ledger_is_flagged(program, result, make_entry):
    make_entry(people_reached=40, households_reached=12)
    make_entry(people_reached=10, status="submitted")
    indicator(result, source="aid_people", period="month")
    row = only_row(program)
    assert row["may_double_count"]
    assert [p["actual"] for p in row["periods"]] == [40]


def test_manual_figures_need_approval(program, result, staff, moderator, resident):
    ind = indicator(result, source="manual", period="quarter", baseline=10)
    start = period_start(timezone.localdate(), "quarter")
    IndicatorTarget.objects.create(indicator=ind, period_start=start, value=60)
    with pytest.raises(PermissionDeniedError):
        ledger.record_actual(resident, ind, period_start=start, value=70)
    actual = ledger.record_actual(staff, ind, period_start=start, value=45, evidence_url="")
    row = only_row(program)
    assert row["periods"][0]["actual"] is None  # not approved yet
    with pytest.raises(PermissionDeniedError):
        ledger.approve_actual(staff, actual)
    ledger.approve_actual(moderator, actual)
    row = only_row(program)
    assert row["periods"][0]["actual"] == 45 and row["periods"][0]["target"] == 60
    assert row["behind"] is True
    actual = IndicatorActual.objects.get()
    actual.value = 99
    with pytest.raises(ValidationError, match="disetujui"):
        actual.save()


def test_manual_figure_must_be_a_number_and_not_for_computed(result, staff):
    ind = indicator(result, source="manual")
    with pytest.raises(DomainError):
        ledger.record_actual(staff, ind, period_start=date(2026, 1, 1), value="banyak")
    with pytest.raises(DomainError):
        ledger.record_actual(staff, ind, period_start=date(2026, 1, 15), value=3)
    computed = indicator(result, source="enrolled")
    with pytest.raises(DomainError):
        ledger.record_actual(staff, computed, period_start=date(2026, 1, 1), value=3)
    assert not IndicatorActual.objects.exists()


def test_lower_is_better(program, result, staff, moderator):
    ind = indicator(result, source="manual", period="month", higher_is_better=False)
    start = period_start(timezone.localdate(), "month")
    IndicatorTarget.objects.create(indicator=ind, period_start=start, value=10)
    ledger.approve_actual(moderator, ledger.record_actual(staff, ind, period_start=start, value=8))
    assert only_row(program)["periods"][0]["on_track"] is True


def test_indicator_api_suppresses_small_people_counts(client, program, result, areas):
    event = make_event(program, sessions=1, start_in=-timedelta(days=3))
    for _ in range(3):
        enroll_directly(event, UserFactory(home_area=areas["rw1"]))
    indicator(result, source="enrolled", period="quarter")
    data = client.get(f"/api/programs/{program.pk}/indicators/").json()
    assert data["indicators"][0]["periods"][0]["actual"] == "< 5"


def test_computed_indicators_by_rw(client, program, result, course, areas):
    indicator(result, source="enrolled", period="quarter")
    indicator(result, source="attendance_rate", period="quarter")
    rows = indicator_rows(program)
    assert [(a["area"], a["value"]) for a in rows[0]["by_area"]] == [("RW 01", 3), ("RW 02", 3)]
    rates = {a["area"]: a["value"] for a in rows[1]["by_area"]}
    # RW 01: 3 people x 2 sessions, 6 attended = 100 %; RW 02: 3 of 6 = 50 %
    assert rates == {"RW 01": 100, "RW 02": 50}
    data = client.get(f"/api/programs/{program.pk}/indicators/").json()
    assert data["indicators"][0]["by_area"][0] == {
        "area_id": areas["rw1"].pk,
        "area": "RW 01",
        "value": "< 5",
    }


def test_an_approved_figure_shows_at_once_on_cached_pages_and_data(
    client, download, program, result, funding, staff, moderator
):
    """Indicator figures go through the same approval as the ledger, and their public
    output (the cached program page, /data/indicators.*) follows it at once."""
    ind = indicator(result, title="Kader terlatih", source="manual", period="month")
    start = period_start(timezone.localdate(), "month")
    for _ in range(2):  # the first views create settings rows (content changes)
        client.get(program.url)
        download("/data/indicators.csv")
    assert client.get(program.url)["X-Balai-Cache"] == "hit"
    assert "4.321" not in download("/data/indicators.csv").body.decode()

    actual = ledger.record_actual(staff, ind, period_start=start, value=4321)
    ledger.approve_actual(moderator, actual)

    page = client.get(program.url)
    assert page["X-Balai-Cache"] == "miss" and "4.321" in page.content.decode()
    assert "4321" in download("/data/indicators.csv").body.decode()

    # A changed target (staff edit it in the admin: a plain save) shows at once too.
    IndicatorTarget.objects.create(indicator=ind, period_start=start, value=8765)
    assert "8.765" in client.get(program.url).content.decode()
    assert "8765" in download("/data/indicators.csv").body.decode()
    ind.title = "Kader posyandu terlatih"
    ind.save()
    assert "Kader posyandu terlatih" in client.get(program.url).content.decode()
    result.title = "Posyandu lebih kuat"
    result.save()
    assert "Posyandu lebih kuat" in download("/data/indicators.json").body.decode()


def test_by_rw_keeps_the_rws_of_two_kelurahan_apart(
    client, program, result, areas, make_entry, staff, moderator
):
    """Every kelurahan has an "RW 01": figures by RW are keyed by area, not by name."""
    from tests.factories.pages import AreaFactory

    other_kel = AreaFactory(
        name="Kelurahan Cipete Selatan", slug="cipete-selatan", level=3, parent=areas["kecamatan"]
    )
    other_rw1 = AreaFactory(name="RW 01", slug="cipete-selatan-rw-01", level=4, parent=other_kel)
    program.areas.add(other_kel)
    event = make_event(program, sessions=1, start_in=-timedelta(days=3))
    for home in [areas["rw1"]] * 6 + [other_rw1] * 7 + [areas["rw2"]] * 5:
        enroll_directly(event, UserFactory(home_area=home))
    make_entry(households_reached=10, area=areas["rw1"])
    make_entry(households_reached=20, area=other_rw1)
    indicator(result, source="enrolled", period="quarter")
    indicator(result, source="aid_households", period="quarter")
    enrolled, aid = indicator_rows(program)
    expected = [
        (areas["rw1"].pk, "RW 01, Kelurahan Pondok Labu", 6),
        (other_rw1.pk, "RW 01, Kelurahan Cipete Selatan", 7),
        (areas["rw2"].pk, "RW 02", 5),
    ]
    got = [(a["area_id"], a["area"], a["value"]) for a in enrolled["by_area"]]
    assert sorted(got) == sorted(expected)
    assert {a["area"]: a["value"] for a in aid["by_area"]} == {
        "RW 01, Kelurahan Pondok Labu": 10,
        "RW 01, Kelurahan Cipete Selatan": 20,
    }
    data = client.get(f"/api/programs/{program.pk}/indicators/").json()
    by_area = {a["area_id"]: a["value"] for a in data["indicators"][0]["by_area"]}
    assert by_area == {areas["rw1"].pk: "6", other_rw1.pk: "7", areas["rw2"].pk: "5"}
