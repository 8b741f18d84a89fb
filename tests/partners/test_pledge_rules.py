"""The pledge rules (partners.pledges): states, permissions, bad input, totals, the
accountability signal."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from config.errors import DomainError
from partners import pledges as rules
from partners.models import Need, Pledge
from partners.signals import pledge_delivered
from tests.factories.partners import make_pledge

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def evidence(name="serah-terima.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def received():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    pledge_delivered.connect(receiver, dispatch_uid="test-receiver")
    yield calls
    pledge_delivered.disconnect(dispatch_uid="test-receiver")


def test_a_partner_pledges_and_the_totals_move(need, partner_user, partner):
    pledge = rules.pledge(need, partner_user, 4, "Kami kirim minggu depan.")
    need.refresh_from_db()
    assert pledge.partner == partner and pledge.status == Pledge.Status.PLEDGED
    assert (need.pledged_total, need.delivered_total, need.remaining) == (4, 0, 6)


def test_amount_accepts_dotted_thousands(cash_need, partner_user):
    pledge = rules.pledge(cash_need, partner_user, "1.500.000")
    assert pledge.amount == 1_500_000


@pytest.mark.parametrize("amount", [0, -5, "0", "-1", "", "sepuluh", None, 1.5, True])
def test_zero_negative_or_garbage_amounts_are_refused(need, partner_user, amount):
    with pytest.raises(DomainError) as error:
        rules.pledge(need, partner_user, amount)
    assert error.value.code == "invalid_amount"
    assert "angka" in str(error.value).lower() or "nol" in str(error.value).lower()
    need.refresh_from_db()
    assert Pledge.objects.count() == 0 and need.pledged_total == 0


@pytest.mark.parametrize(
    "change",
    [
        {"status": Need.Status.CLOSED},
        {"status": Need.Status.DRAFT},
        {"deadline": timezone.localdate() - timedelta(days=1)},
    ],
)
def test_a_closed_need_takes_no_pledge(need, partner_user, change):
    Need.objects.filter(pk=need.pk).update(**change)
    need.refresh_from_db()
    with pytest.raises(DomainError) as error:
        rules.pledge(need, partner_user, 2)
    assert error.value.code == "need_closed" and error.value.status == 409
    assert str(error.value) == "Kebutuhan ini sudah ditutup untuk janji baru."
    assert Pledge.objects.count() == 0


def test_a_need_closing_today_is_still_open(need, partner_user):
    Need.objects.filter(pk=need.pk).update(deadline=timezone.localdate())
    need.refresh_from_db()
    assert need.is_open() and Need.objects.open().filter(pk=need.pk).exists()
    rules.pledge(need, partner_user, 1)


def test_residents_and_staff_without_a_partner_cannot_pledge(need, resident, staff):
    for user in (resident, staff):
        with pytest.raises(DomainError) as error:
            rules.pledge(need, user, 1)
        assert error.value.code == "not_a_partner" and error.value.status == 403
    assert Pledge.objects.count() == 0


def test_over_pledging_is_allowed_and_shown(need, partner_user, other_partner_user):
    rules.pledge(need, partner_user, 8)
    rules.pledge(need, other_partner_user, 5)
    need.refresh_from_db()
    assert need.pledged_total == 13
    assert need.remaining == 0 and need.over_pledged == 3
    assert need.pledged_percent == 100


def test_the_whole_path_to_reported(need, partner_user, staff, received):
    pledge = rules.pledge(need, partner_user, 3)
    rules.confirm(pledge, staff)
    with pytest.raises(DomainError):
        rules.confirm(pledge, staff)  # only once
    rules.deliver(pledge, partner_user, evidence=evidence(), note="Diterima ketua RW 04")
    rules.report(pledge, partner_user, "Mesin dipakai 12 peserta kursus menjahit.")
    pledge.refresh_from_db()
    need.refresh_from_db()
    assert pledge.status == Pledge.Status.REPORTED
    assert pledge.confirmed_by == staff and pledge.evidence.name.endswith(".pdf")
    assert (need.pledged_total, need.delivered_total) == (3, 3)


def test_only_staff_confirm(need, partner_user, other_partner_user, resident):
    pledge = rules.pledge(need, partner_user, 3)
    for user in (partner_user, other_partner_user, resident):
        with pytest.raises(DomainError) as error:
            rules.confirm(pledge, user)
        assert error.value.status == 403
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.PLEDGED


def test_a_partner_acts_only_on_its_own_pledges(need, partner, other_partner_user, resident):
    pledge = make_pledge(need, partner, 2, status=Pledge.Status.CONFIRMED)
    for user in (other_partner_user, resident):
        for action in (
            lambda u: rules.deliver(pledge, u, evidence=evidence()),
            lambda u: rules.cancel(pledge, u, "Tidak jadi"),
            lambda u: rules.report(pledge, u, "Laporan"),
        ):
            with pytest.raises(DomainError) as error:
                action(user)
            assert error.value.status == 403
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CONFIRMED


def test_delivery_needs_confirmation_first(need, partner_user):
    pledge = rules.pledge(need, partner_user, 2)
    with pytest.raises(DomainError) as error:
        rules.deliver(pledge, partner_user, evidence=evidence())
    assert error.value.code == "not_confirmed"


def test_delivery_without_required_evidence_is_refused(need, partner, partner_user, received):
    pledge = make_pledge(need, partner, 2, status=Pledge.Status.CONFIRMED)
    with pytest.raises(DomainError) as error:
        rules.deliver(pledge, partner_user)
    assert error.value.code == "evidence_required" and error.value.status == 422
    assert "bukti" in str(error.value).lower()
    pledge.refresh_from_db()
    need.refresh_from_db()
    assert pledge.status == Pledge.Status.CONFIRMED and need.delivered_total == 0
    assert received == []


def test_evidence_of_the_wrong_type_is_refused(need, partner, partner_user):
    pledge = make_pledge(need, partner, 2, status=Pledge.Status.CONFIRMED)
    with pytest.raises(DomainError) as error:
        rules.deliver(pledge, partner_user, evidence=evidence("virus.exe", b"MZ"))
    assert error.value.code == "evidence_type"
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CONFIRMED and not pledge.evidence


def test_no_evidence_needed_where_the_need_says_so(cash_need, partner, partner_user, received):
    pledge = make_pledge(cash_need, partner, 2_000_000, status=Pledge.Status.CONFIRMED)
    rules.deliver(pledge, partner_user)
    cash_need.refresh_from_db()
    assert cash_need.delivered_total == 2_000_000


def test_a_future_delivery_date_is_refused(need, partner, partner_user):
    pledge = make_pledge(need, partner, 2, status=Pledge.Status.CONFIRMED)
    with pytest.raises(DomainError) as error:
        rules.deliver(
            pledge,
            partner_user,
            evidence=evidence(),
            delivered_on=timezone.localdate() + timedelta(days=2),
        )
    assert error.value.code == "invalid_date"


@pytest.mark.django_db(transaction=True)
def test_delivered_sends_the_signal_once_after_commit(need, partner, partner_user, staff, received):
    pledge = rules.pledge(need, partner_user, 4)
    rules.confirm(pledge, staff)
    rules.deliver(pledge, partner_user, evidence=evidence(), delivered_on=timezone.localdate())
    rules.report(pledge, partner_user, "Sudah dipakai.")
    with pytest.raises(DomainError):
        rules.deliver(pledge, partner_user, evidence=evidence())
    assert len(received) == 1
    sent = received[0]
    assert set(sent) == {
        "signal",
        "pledge_id",
        "program_id",
        "area_id",
        "partner_id",
        "source_kind",
        "value",
        "unit",
        "quantity",
        "delivered_on",
        "description",
        "evidence_url",
    }
    assert sent["pledge_id"] == pledge.pk
    assert sent["program_id"] == need.program_id and sent["area_id"] == need.area_id
    assert sent["partner_id"] == partner.pk and sent["source_kind"] == "csr"
    assert sent["value"] == 4 * 2_500_000 and isinstance(sent["value"], int)
    assert sent["unit"] == "mesin jahit" and sent["quantity"] == 4
    assert sent["delivered_on"] == timezone.localdate()
    assert "4 mesin jahit" in sent["description"] and partner.name in sent["description"]
    assert sent["evidence_url"].startswith("http") and sent["evidence_url"].endswith(".pdf")


@pytest.mark.django_db(transaction=True)
def test_cash_signal_values(cash_need, other_partner, other_partner_user, staff, received):
    pledge = rules.pledge(cash_need, other_partner_user, 1_250_000)
    rules.confirm(pledge, staff)
    rules.deliver(pledge, staff)  # staff may record it for the partner
    (sent,) = received
    assert sent["source_kind"] == "ngo" and sent["value"] == 1_250_000
    assert sent["unit"] == "" and sent["quantity"] is None and sent["evidence_url"] == ""


def test_no_signal_when_the_transaction_rolls_back(need, partner, partner_user, received):
    # Inside the test's transaction, on_commit never runs: nothing is sent early.
    pledge = make_pledge(need, partner, 2, status=Pledge.Status.CONFIRMED)
    rules.deliver(pledge, partner_user, evidence=evidence())
    assert received == []


def test_cancel_needs_a_reason_and_gives_the_amount_back(need, partner_user):
    pledge = rules.pledge(need, partner_user, 6)
    with pytest.raises(DomainError) as error:
        rules.cancel(pledge, partner_user, "   ")
    assert error.value.code == "reason_required"
    rules.cancel(pledge, partner_user, "Anggaran CSR dialihkan.")
    pledge.refresh_from_db()
    need.refresh_from_db()
    assert pledge.status == Pledge.Status.CANCELLED and pledge.cancel_reason
    assert need.pledged_total == 0
    with pytest.raises(DomainError):
        rules.cancel(pledge, partner_user, "lagi")


def test_a_delivered_pledge_cannot_be_cancelled(need, partner, partner_user):
    pledge = make_pledge(need, partner, 2, status=Pledge.Status.DELIVERED)
    with pytest.raises(DomainError) as error:
        rules.cancel(pledge, partner_user, "Salah input")
    assert error.value.code == "invalid_state"


def test_report_must_not_be_empty(need, partner, partner_user):
    pledge = make_pledge(need, partner, 2, status=Pledge.Status.DELIVERED)
    with pytest.raises(DomainError) as error:
        rules.report(pledge, partner_user, "")
    assert error.value.code == "report_empty"


def test_totals_match_a_recount(need, partner, partner_user, staff):
    a = rules.pledge(need, partner_user, 3)
    b = rules.pledge(need, partner_user, 2)
    rules.pledge(need, partner_user, 1)
    rules.confirm(a, staff)
    rules.deliver(a, partner_user, evidence=evidence())
    rules.cancel(b, partner_user, "Batal")
    need.refresh_from_db()
    assert (need.pledged_total, need.delivered_total) == rules.recount(need) == (4, 3)
