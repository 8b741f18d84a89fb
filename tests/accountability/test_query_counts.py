"""Accountability's pages and endpoints cost the same number of queries for few and for
many programs and transactions (no N+1 as the ledger grows). The indicator export
and the staff dashboard read indicators per program: flat in transactions only."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accountability.models import FundingLine, Indicator, LedgerEntry, Result
from tests.accountability.conftest import read_body
from tests.factories.pages import ProgramPageFactory

pytestmark = pytest.mark.django_db


def grow(program_index, areas, staff, programs, entries_each, first):
    rws = [areas["rw1"], areas["rw2"], areas["kelurahan"]]
    made = []
    for n in range(programs):
        program = ProgramPageFactory(parent=program_index, title=f"Program Uji {first + n}")
        line = FundingLine.objects.create(
            program=program,
            source_kind=["apbn", "csr", "apbd_kota"][n % 3],
            fiscal_year=2025 + n % 2,
            amount=10_000_000,
        )
        result = Result.objects.create(program=program, level="output", title="Hasil")
        Indicator.objects.create(result=result, title="Terdaftar", source="enrolled")
        Indicator.objects.create(result=result, title="Manual", source="manual")
        LedgerEntry.objects.bulk_create(
            [
                LedgerEntry(
                    program=program,
                    funding=line,
                    kind="disbursement",
                    occurred_on=f"202{5 + i % 2}-0{1 + i % 9}-1{i % 9}",
                    amount=1000 + i,
                    area=rws[i % 3],
                    households_reached=i % 7,
                    people_reached=i % 11,
                    status="approved",
                    created_by=staff,
                )
                for i in range(entries_each)
            ]
        )
        made.append(program)
    return made


# Indicators are read program by program (a few queries per program that has
# indicators): these two are flat in transactions, not in programs.
PER_PROGRAM = ("/data/indicators.csv", "/admin/dana/")


def count(client, url):
    client.get(url)  # warm-up
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        read_body(response)  # a streamed file reads the database while it is sent
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/transparansi/",
        "/transparansi/?tahun=2025&wilayah=pondok-labu",
        "/api/transparency/",
        "/api/transparency/?year=2026&area=pondok-labu-rw-01",
        "/data/transactions.csv",
        "/data/funding.json",
        "/data/indicators.csv",
        "/data/people.csv",
        "/admin/dana/",
        "PROGRAM_FUNDING",
        "PROGRAM_PAGE",
    ],
)
def test_flat_query_counts(client, program_index, areas, staff, url):
    client.force_login(staff)
    first = grow(program_index, areas, staff, programs=2, entries_each=5, first=0)[0]

    def resolve():
        if url == "PROGRAM_FUNDING":
            return f"/api/programs/{first.pk}/funding/"
        if url == "PROGRAM_PAGE":
            return first.url
        return url

    small = count(client, resolve())
    if url not in PER_PROGRAM:
        grow(program_index, areas, staff, programs=1, entries_each=150, first=100)
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                program=first,
                kind="disbursement",
                occurred_on="2026-02-02",
                amount=5,
                area=areas["rw2"],
                status="approved",
            )
            for _ in range(60)
        ]
    )
    if url not in PER_PROGRAM:
        grow(program_index, areas, staff, programs=12, entries_each=3, first=200)
    large = count(client, resolve())
    assert small == large
