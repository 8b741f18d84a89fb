"""The /data/ files are streamed in bounded pieces, read in a constant number of
queries however many rows the ledger has, and kept in the cache under the content
version: a new approved entry shows in the very next download."""

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accountability import ledger, opendata
from accountability.models import FundingLine, LedgerEntry
from config import content_version
from tests.accountability.conftest import read_body

pytestmark = pytest.mark.django_db

FILES = [f"/data/{name}.{fmt}" for name in opendata.DATASETS for fmt in ("csv", "json")]


def add_entries(program, area, n, first=0):
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                program=program,
                kind="disbursement",
                occurred_on="2026-02-02",
                amount=1000 + first + i,
                area=area,
                households_reached=i % 9,
                description=f"Tahap {first + i}",
                status="approved",
            )
            for i in range(n)
        ]
    )
    content_version.bump()  # bulk_create sends no signal


def queries_for(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        body = read_body(response)
    assert response.status_code == 200
    return len(ctx.captured_queries), body


@pytest.mark.parametrize("url", FILES)
def test_queries_do_not_grow_with_rows(client, program, areas, funding, monkeypatch, url):
    # Tiny fetches and pieces, so 3 and 60 rows cross many chunk and piece boundaries.
    monkeypatch.setattr(opendata, "CHUNK", 4)
    monkeypatch.setattr(content_version.CachedStream, "PIECE_BYTES", 300)
    add_entries(program, areas["rw1"], 3)
    few, small_body = queries_for(client, url)
    add_entries(program, areas["rw2"], 60, first=3)
    for year in (2024, 2025):
        FundingLine.objects.create(program=program, source_kind="csr", fiscal_year=year, amount=9)
    many, large_body = queries_for(client, url)
    assert few == many
    if "transactions" in url:
        assert len(large_body) > 5 * len(small_body)


def test_the_cached_file_changes_after_a_new_ledger_entry(client, make_entry, funding):
    make_entry(amount=1_111_111)
    url = "/data/transactions.csv"
    first = client.get(url)
    assert first["X-Balai-Cache"] == "miss"
    first_body = read_body(first)
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url)
        again_body = read_body(again)
    assert again["X-Balai-Cache"] == "hit" and len(ctx.captured_queries) == 0
    assert again_body == first_body and int(again["Content-Length"]) == len(first_body)

    make_entry(amount=2_222_222)

    after = client.get(url)
    assert after["X-Balai-Cache"] == "miss"
    lines = read_body(after).decode().splitlines()
    assert [row["amount"] for row in csv.DictReader(lines)] == ["1111111", "2222222"]
    assert client.get(url)["X-Balai-Cache"] == "hit"


def test_a_submitted_entry_changes_nothing_but_its_approval_does(
    client, make_entry, funding, moderator
):
    make_entry(amount=1_000_000)
    url = "/data/transactions.json"
    before = json.loads(read_body(client.get(url)))["rows"]
    waiting = make_entry(amount=3_000_000, status="submitted")
    assert json.loads(read_body(client.get(url)))["rows"] == before

    ledger.approve(moderator, waiting)

    rows = json.loads(read_body(client.get(url)))["rows"]
    assert [row["amount"] for row in rows] == [1_000_000, 3_000_000]


def test_a_conditional_get_answers_304_until_the_data_changes(client, make_entry, funding):
    make_entry()
    url = "/data/funding.csv"
    response = client.get(url)
    read_body(response)
    etag = response["ETag"]
    unchanged = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged["ETag"] == etag

    FundingLine.objects.create(
        program=funding.program, source_kind="csr", fiscal_year=2025, amount=5
    )

    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert read_body(changed).decode().count("\n") == 3  # header and two funding lines


def test_the_files_keep_their_headers(client, make_entry, funding):
    make_entry()
    csv_response = client.get("/data/transactions.csv")
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"] == 'inline; filename="transactions.csv"'
    assert csv_response["Access-Control-Allow-Origin"] == "*"
    header = read_body(csv_response).decode().split("\n", 1)[0]
    assert header.split(",") == opendata.field_names("transactions")
    json_response = client.get("/data/transactions.json")
    assert json_response["Content-Type"] == "application/json"
    assert "Content-Disposition" not in json_response


def test_the_streamed_json_is_the_text_json_dumps_writes(make_entry, funding, areas):
    make_entry(description='Koma, "kutip" dan ✓', area=areas["kelurahan"])
    make_entry(amount=2, households_reached=3)
    for name in opendata.DATASETS:
        document = {"name": name, "license": "CC-BY-4.0", "rows": list(opendata.rows(name))}
        expected = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False)
        assert "".join(opendata.json_pieces(name, rows_per_piece=1)) == expected
        assert "".join(opendata.json_pieces(name)) == expected


def test_the_csv_pieces_make_the_same_file_as_one_piece(make_entry, funding):
    for n in range(5):
        make_entry(amount=1000 + n, description=f"baris\n{n}")
    whole = opendata.as_csv("transactions")
    assert "".join(opendata.csv_pieces("transactions", rows_per_piece=2)) == whole
    rows = list(csv.DictReader(io.StringIO(whole)))
    assert [row["description"] for row in rows] == [f"baris\n{n}" for n in range(5)]


# --- config.content_version.CachedStream ----------------------------------------------


def pieces(n, size=10):
    return lambda: (f"{i:0{size}d}" for i in range(n))


def test_stream_is_stored_in_pieces_and_replayed(monkeypatch):
    monkeypatch.setattr(content_version.CachedStream, "PIECE_BYTES", 25)
    built = content_version.CachedStream("t", pieces(10))
    assert built.status == "miss" and built.length is None
    chunks = list(built)
    assert [len(c) for c in chunks] == [30, 30, 30, 10]
    replay = content_version.CachedStream("t", pieces(0))
    assert replay.status == "hit" and replay.length == 100
    assert list(replay) == chunks
    content_version.bump()
    assert content_version.CachedStream("t", pieces(0)).status == "miss"


def test_an_abandoned_stream_is_never_replayed(monkeypatch):
    monkeypatch.setattr(content_version.CachedStream, "PIECE_BYTES", 25)
    stream = iter(content_version.CachedStream("t", pieces(10)))
    next(stream)
    stream.close()  # the client went away after the first piece
    again = content_version.CachedStream("t", pieces(10))
    assert again.status == "miss"
    assert b"".join(again) == "".join(f"{i:010d}" for i in range(10)).encode()


def test_an_evicted_piece_means_a_rebuild(monkeypatch):
    monkeypatch.setattr(content_version.CachedStream, "PIECE_BYTES", 25)
    first = content_version.CachedStream("t", pieces(10))
    list(first)
    cache.delete(f"{first.key}:2")
    again = content_version.CachedStream("t", pieces(10))
    assert again.status == "miss"
    assert len(b"".join(again)) == 100
    assert content_version.CachedStream("t", pieces(0)).status == "hit"


def test_an_empty_build_is_one_empty_piece():
    assert list(content_version.CachedStream("t", pieces(0))) == [b""]
    replay = content_version.CachedStream("t", pieces(0))
    assert replay.status == "hit" and replay.length == 0 and list(replay) == [b""]


def test_text_a_spreadsheet_would_run_is_guarded_in_csv_only(make_entry, funding, program):
    FundingLine.objects.create(
        program=program,
        source_kind="csr",
        fiscal_year=2025,
        amount=7,
        description='=HYPERLINK("http://jahat.example","Klik")',
    )
    make_entry(amount=-5, kind="return", description="@SUM(1+1)", unit="paket", quantity=2)
    funding_rows = list(csv.DictReader(io.StringIO(opendata.as_csv("funding"))))
    guarded = next(row for row in funding_rows if row["fiscal_year"] == "2025")
    assert guarded["description"] == '\'=HYPERLINK("http://jahat.example","Klik")'
    entry = next(csv.DictReader(io.StringIO(opendata.as_csv("transactions"))))
    assert entry["description"] == "'@SUM(1+1)"
    assert entry["amount"] == "-5" and entry["quantity"] == "2"  # numbers stay numbers
    json_rows = "".join(opendata.json_pieces("funding"))
    assert '"description": "=HYPERLINK(' in json_rows


def test_closing_an_unread_download_stores_nothing(client, make_entry, funding, monkeypatch):
    monkeypatch.setattr(content_version.CachedStream, "PIECE_BYTES", 50)
    for n in range(3):
        make_entry(amount=1000 + n)
    response = client.get("/data/transactions.csv")
    next(iter(response.streaming_content))
    response.close()  # what the server does when the client goes away
    assert client.get("/data/transactions.csv")["X-Balai-Cache"] == "miss"
