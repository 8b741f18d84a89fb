"""Bench part for accountability: funding for every program and about 50,000 ledger
transactions at scale 1 (97 % approved, the rest waiting), spread over two years and
the city's RWs; endpoints /transparansi/, /api/transparency/, one program's funding and
the open-data ledger export /data/transactions.csv (every approved transaction: about
48,500 rows, streamed and cached under the content version)."""

from datetime import timedelta

LABELS = {
    "transparency_page": "/transparansi/",
    "api_transparency": "GET /api/transparency/",
    "api_program_funding": "GET /api/programs/{id}/funding/",
    "data_transactions_csv": "/data/transactions.csv",
}

TRANSACTIONS = 50_000
SOURCES = ["apbn", "apbd_provinsi", "apbd_kota", "dana_kelurahan", "csr", "ngo", "swadaya"]


def seed(ctx):
    from accountability.models import FundingLine, LedgerEntry

    rng = ctx.rng
    programs = list(ctx.programs)
    rws = list(ctx.rws)
    if not programs or not rws:
        return {}
    today = ctx.now.date()
    years = [today.year - 1, today.year]
    with ctx.step("accountability: funding lines"):
        lines = FundingLine.objects.bulk_create(
            [
                FundingLine(
                    program_id=program.pk,
                    source_kind=SOURCES[(i + k) % len(SOURCES)],
                    fiscal_year=year,
                    amount=rng.randrange(20, 500) * 1_000_000,
                    document_number=f"DPA/{year}/{program.pk}/{k}",
                )
                for i, program in enumerate(programs)
                for k, year in enumerate(years)
            ],
            batch_size=5000,
        )
    by_program = {}
    for line in lines:
        by_program.setdefault(line.program_id, []).append(line)

    total = max(1, round(TRANSACTIONS * ctx.scale))
    with ctx.step(f"accountability: {total} ledger transactions"):
        batch = []
        for i in range(total):
            program = programs[i % len(programs)]
            line = rng.choice(by_program[program.pk])
            kind = (
                "commitment" if i % 25 == 0 else ("expenditure" if i % 7 == 0 else "disbursement")
            )
            households = rng.randrange(1, 40) if kind != "commitment" else 0
            day = today - timedelta(days=rng.randrange(1, 700))
            batch.append(
                LedgerEntry(
                    program_id=program.pk,
                    funding_id=line.pk,
                    kind=kind,
                    occurred_on=day,
                    amount=(households or 20) * 300_000,
                    area_id=rng.choice(rws).pk,
                    households_reached=households,
                    people_reached=households * 3,
                    status="approved" if i % 33 else "submitted",
                    external_ref=f"bench:{i}",
                )
            )
            if len(batch) == 5000:
                LedgerEntry.objects.bulk_create(batch)
                batch = []
        if batch:
            LedgerEntry.objects.bulk_create(batch)
    return {"funding_lines": len(lines), "ledger_entries": total}


def targets():
    from django.db.models import Count

    from accountability.models import LedgerEntry

    busiest = (
        LedgerEntry.objects.public()
        .values("program_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "program_id")
        .first()
    )
    found = [
        {
            "name": "transparency_page",
            "label": LABELS["transparency_page"],
            "path": "/transparansi/",
            "kind": "page",
        },
        {
            "name": "api_transparency",
            "label": LABELS["api_transparency"],
            "path": "/api/transparency/",
            "kind": "api",
        },
        {
            "name": "data_transactions_csv",
            "label": LABELS["data_transactions_csv"],
            "path": "/data/transactions.csv",
            "kind": "page",
        },
    ]
    if busiest:
        found.append(
            {
                "name": "api_program_funding",
                "label": LABELS["api_program_funding"],
                "path": f"/api/programs/{busiest['program_id']}/funding/",
                "kind": "api",
            }
        )
    return found
