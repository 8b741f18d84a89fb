"""The ledger's invariants and workflow: approval, immutability, reversals, flags, bad
input, permissions and the audit log."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accountability import ledger, reports
from accountability.models import FundingLine, LedgerEntry, return_reach_error
from config.errors import DomainError, PermissionDeniedError

pytestmark = pytest.mark.django_db


def test_workflow_draft_submitted_approved_and_logged(make_entry, staff, moderator):
    entry = make_entry(status="draft")
    assert entry.status == "draft"
    entry = ledger.submit(staff, entry)
    assert entry.status == "submitted"
    entry = ledger.approve(moderator, entry)
    assert entry.status == "approved" and entry.approved_by == moderator
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(entry.pk)).values_list("action", flat=True)
    )
    assert set(actions) >= {ledger.ACTION_CREATE, ledger.ACTION_SUBMIT, ledger.ACTION_APPROVE}


def test_only_moderators_approve(make_entry, staff, resident):
    entry = make_entry(status="submitted")
    for user in (staff, resident):
        with pytest.raises(PermissionDeniedError):
            ledger.approve(user, entry)
    entry.refresh_from_db()
    assert entry.status == "submitted"


def test_residents_cannot_record(program, resident, areas, yesterday):
    with pytest.raises(PermissionDeniedError):
        ledger.create_entry(
            resident,
            program,
            kind="disbursement",
            amount=1,
            occurred_on=yesterday,
            area=areas["rw1"],
        )
    assert not LedgerEntry.objects.exists()


def test_a_draft_cannot_be_approved(make_entry, moderator):
    entry = make_entry(status="draft")
    with pytest.raises(DomainError) as exc:
        ledger.approve(moderator, entry)
    assert exc.value.code == "not_submitted"


def test_approved_entries_never_change_in_the_model(make_entry):
    entry = make_entry()
    entry.amount = 5
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        LedgerEntry.objects.get(pk=entry.pk).delete()
    assert LedgerEntry.objects.get(pk=entry.pk).amount == 1_000_000


def test_approved_entries_never_change_through_the_rules(make_entry, staff):
    entry = make_entry()
    with pytest.raises(DomainError) as exc:
        ledger.update_entry(staff, entry, amount=5)
    assert exc.value.code == "locked" and exc.value.status == 409


def test_reversal_nets_out_and_is_shown_as_such(make_entry, staff, moderator, program):
    entry = make_entry(amount=2_000_000, households_reached=10, people_reached=30)
    reversal = ledger.reverse(staff, entry, "Salah input")
    assert reversal.status == "submitted" and reversal.reverses == entry
    assert reversal.amount == -2_000_000 and reversal.households_reached == -10
    assert "Salah input" in reversal.description
    # Before approval the public figures still show the original.
    assert reports.program_money(program)["disbursed"] == 2_000_000
    ledger.approve(moderator, reversal)
    money = reports.program_money(program)
    assert money["disbursed"] == 0 and money["households_reached"] == 0
    with pytest.raises(DomainError) as exc:
        ledger.reverse(staff, entry)
    assert exc.value.code == "already_reversed"
    with pytest.raises(DomainError):
        ledger.reverse(staff, LedgerEntry.objects.get(pk=reversal.pk))


def test_a_draft_is_not_reversed(make_entry, staff):
    with pytest.raises(DomainError) as exc:
        ledger.reverse(staff, make_entry(status="draft"))
    assert exc.value.code == "not_approved"


def test_disbursed_over_committed_is_flagged(make_entry, program, funding):
    make_entry(kind="commitment", amount=1_000_000)
    make_entry(kind="disbursement", amount=800_000)
    assert reports.program_money(program)["over_committed"] is False
    make_entry(kind="disbursement", amount=300_000)
    money = reports.program_money(program)
    assert money["disbursed"] == 1_100_000 and money["committed"] == 1_000_000
    assert money["over_committed"] is True


def test_a_return_is_negative_and_reduces_disbursed(make_entry, program):
    make_entry(kind="commitment", amount=1_000_000)
    make_entry(kind="disbursement", amount=1_000_000)
    make_entry(kind="return", amount=-250_000)
    assert reports.program_money(program)["disbursed"] == 750_000
    with pytest.raises(DomainError):
        make_entry(kind="return", amount=250_000)


def test_unapproved_entries_are_not_public(make_entry, program):
    make_entry(amount=100, status="draft")
    make_entry(amount=200, status="submitted")
    make_entry(amount=400)
    assert reports.program_money(program)["disbursed"] == 400
    assert reports.program_money(program, include_unapproved=True)["disbursed"] == 700


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"amount": -5}, "negatif"),
        ({"amount": 10**15 + 1}, "terlalu besar"),
        ({"occurred_on": timezone.localdate() + timedelta(days=1)}, "masa depan"),
        ({"people_reached": -1}, "positif"),
        ({"unit": "paket"}, "satuan"),
    ],
)
def test_bad_input_gets_an_indonesian_error_and_saves_nothing(make_entry, fields, message):
    with pytest.raises(DomainError) as exc:
        make_entry(status="draft", **fields)
    assert message in str(exc.value).lower()
    assert not LedgerEntry.objects.exists()


def test_an_area_must_be_an_rw_or_kelurahan(make_entry, areas):
    with pytest.raises(DomainError) as exc:
        make_entry(status="draft", area=areas["kecamatan"])
    assert "RW" in str(exc.value)


def test_in_kind_aid_has_unit_quantity_and_value(make_entry, program):
    entry = make_entry(amount=75_000_000, unit="paket sembako", quantity=250)
    assert (entry.unit, entry.quantity, entry.amount) == ("paket sembako", 250, 75_000_000)


def test_funding_line_of_another_program_is_refused(make_entry, program_index, areas):
    from tests.factories.pages import ProgramPageFactory

    other = ProgramPageFactory(parent=program_index, title="Program Lain")
    line = FundingLine.objects.create(program=other, source_kind="apbn", fiscal_year=2026, amount=1)
    with pytest.raises(DomainError):
        make_entry(status="draft", funding=line)


@pytest.mark.parametrize("reach", [{"households_reached": 1}, {"people_reached": 3}])
def test_a_return_reaches_nobody(make_entry, program, reach):
    """Money coming back reaches nobody: a return with households or people is refused
    (the one model rule the admin form and the API go through) and nothing is saved."""
    with pytest.raises(DomainError) as exc:
        make_entry(kind="return", amount=-250_000, status="draft", **reach)
    assert str(exc.value) == str(return_reach_error("return", 1, 0))
    assert not LedgerEntry.objects.exists()
    make_entry(kind="disbursement", amount=1_000_000, households_reached=10, people_reached=30)
    make_entry(kind="return", amount=-250_000, unit="paket sembako", quantity=1)
    money = reports.program_money(program)
    assert (money["households_reached"], money["people_reached"]) == (10, 30)


def test_a_return_recorded_before_the_rule_adds_no_reach(make_entry, program, areas, yesterday):
    make_entry(kind="disbursement", amount=1_000_000, households_reached=10, people_reached=30)
    LedgerEntry.objects.create(
        program=program,
        kind="return",
        amount=-100_000,
        occurred_on=yesterday,
        area=areas["rw1"],
        households_reached=1,
        people_reached=3,
        status="approved",
    )
    money = reports.program_money(program)
    assert money["disbursed"] == 900_000
    assert (money["households_reached"], money["people_reached"]) == (10, 30)


def test_the_api_refuses_a_return_with_reach(client, program, areas, staff, yesterday):
    import json

    body = {
        "program": program.pk,
        "kind": "return",
        "date": yesterday.isoformat(),
        "amount": -250_000,
        "area": "pondok-labu-rw-02",
        "households_reached": 1,
        "people_reached": 3,
    }
    client.force_login(staff)
    response = client.post(
        "/api/transparency/entries/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json() == {
        "detail": str(return_reach_error("return", 1, 3)),
        "code": "invalid",
    }
    assert not LedgerEntry.objects.exists()
