"""Shared ledger data under concurrent requests (PostgreSQL, real threads, real locks):
approval is logged once, an entry is reversed once, a pledge is recorded once, a file is
imported once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accountability import importer, ledger
from accountability.models import FundingLine, ImportBatch, LedgerEntry
from config.errors import DomainError
from tests.concurrency import run_concurrently
from tests.factories.pages import PartnerFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_ten_moderators_approve_at_once_one_approval(make_entry, moderator):
    assert connection.vendor == "postgresql"
    entry = make_entry(status="submitted")
    _results, errors = run_concurrently(ledger.approve, [(moderator, entry)] * 10)
    assert errors == []
    logs = ModelLogEntry.objects.filter(object_id=str(entry.pk), action=ledger.ACTION_APPROVE)
    assert logs.count() == 1


def test_an_entry_is_reversed_once(make_entry, staff):
    entry = make_entry()
    _results, errors = run_concurrently(ledger.reverse, [(staff, entry)] * 8)
    assert LedgerEntry.objects.filter(reverses=entry).count() == 1
    assert len(errors) == 7 and all(isinstance(e, DomainError) for e in errors)


def test_the_same_pledge_twice_at_once_is_recorded_once(program, areas):
    partner = PartnerFactory()
    kwargs = {
        "pledge_id": 42,
        "program_id": program.pk,
        "area_id": areas["rw2"].pk,
        "partner_id": partner.pk,
        "source_kind": "ngo",
        "value": 2_000_000,
        "unit": "",
        "quantity": None,
        "delivered_on": timezone.localdate(),
        "description": "Dana beasiswa",
        "evidence_url": "",
    }
    _results, errors = run_concurrently(lambda: ledger.record_pledge(**kwargs), [()] * 6)
    assert errors == []
    assert LedgerEntry.objects.filter(pledge_id=42).count() == 1
    assert FundingLine.objects.filter(pledge_id=42).count() == 1


def test_the_same_file_twice_at_once_is_imported_once(program, areas, staff):
    day = (timezone.localdate() - timedelta(days=2)).isoformat()
    data = f"ref,tanggal,jenis,jumlah,rw\nK-1,{day},penyaluran,100000,RW 01\n".encode()
    _results, errors = run_concurrently(importer.import_file, [(staff, program, "a.csv", data)] * 4)
    assert ImportBatch.objects.count() == 1 and LedgerEntry.objects.count() == 1
    assert len(errors) == 3 and all(isinstance(e, DomainError) for e in errors)
