"""Eligibility at city scale: rules for every program (2-5 criteria each, some with
alternatives, some by area), and POST /api/eligibility/check/ as a load target.

The check evaluates every program's rules in Python from a compiled, cached copy: its
query count must stay flat however many programs there are (0 when warm)."""

import json

LABELS = {
    "eligibility_check": "POST /api/eligibility/check/ (all programs' rules)",
    "eligibility_self_check": "GET /cek-kelayakan/ (first question)",
}

PKH = "Peraturan Menteri Sosial Nomor 1 Tahun 2018 tentang Program Keluarga Harapan"
PBI = "Peraturan Pemerintah Nomor 101 Tahun 2012 tentang Penerima Bantuan Iuran Jaminan Kesehatan"
TRAINING = "Peraturan Pemerintah Nomor 31 Tahun 2006 tentang Sistem Pelatihan Kerja Nasional"
LOCAL = "Ketentuan program kelurahan"

# (fact, operator, number, choice, group, basis); "area" criteria are added per program.
TEMPLATES = [
    [
        ("dtks", "yes", None, "", "", PKH),
        ("pregnant_or_under_five", "yes", None, "", "A", PKH),
        ("disability", "yes", None, "", "A", PKH),
        ("age", "at_least", 70, "", "A", PKH),
    ],
    [("dtks", "yes", None, "", "", PBI), ("kis_pbi", "no", None, "", "", PBI)],
    [
        ("age", "at_least", 17, "", "", LOCAL),
        ("age", "at_most", 35, "", "", LOCAL),
        ("employment", "is", None, "jobseeker", "", TRAINING),
    ],
    [
        ("income_per_member", "at_most", 1_000_000, "", "", LOCAL),
        ("employment", "is_not", None, "working", "", LOCAL),
    ],
    [("age", "at_least", 60, "", "", LOCAL), ("household_size", "at_most", 2, "", "", LOCAL)],
]


def seed(ctx):
    from eligibility.models import Criterion, ProgramRules

    with ctx.step(f"eligibility rules for {len(ctx.programs)} programs"):
        rules = ProgramRules.objects.bulk_create(
            [ProgramRules(program_id=p.pk, active=True) for p in ctx.programs], batch_size=2000
        )
        criteria = []
        for i, rule_set in enumerate(rules):
            template = TEMPLATES[i % len(TEMPLATES)]
            for order, (fact, op, number, choice, group, basis) in enumerate(template):
                criteria.append(
                    Criterion(
                        rules_id=rule_set.pk,
                        sort_order=order,
                        fact=fact,
                        operator=op,
                        number=number,
                        choice=choice,
                        group=group,
                        legal_basis_title=basis,
                    )
                )
            if i % 2 == 0:  # half the programs serve one kelurahan only
                criteria.append(
                    Criterion(
                        rules_id=rule_set.pk,
                        sort_order=len(template),
                        fact="area",
                        operator="inside",
                        area_id=ctx.rws[i % len(ctx.rws)].parent_id,
                        legal_basis_title=LOCAL,
                    )
                )
        Criterion.objects.bulk_create(criteria, batch_size=5000)
        from eligibility.engine import bump_version

        bump_version()  # bulk_create sends no signals
    return {"eligibility_rules": len(rules), "eligibility_criteria": len(criteria)}


def targets():
    from pages.models import Area

    rw = Area.objects.filter(level=Area.Level.RW).order_by("pk").first()
    body = {
        "age": 34,
        "household_size": 4,
        "income_per_member": 650_000,
        "dtks": True,
        "kis_pbi": False,
        "disability": False,
        "pregnant_or_under_five": True,
        "employment": "jobseeker",
        "area": rw.pk if rw else None,
    }
    return [
        {
            "name": "eligibility_check",
            "label": LABELS["eligibility_check"],
            "path": "/api/eligibility/check/",
            "kind": "api",
            "method": "POST",
            "body": json.dumps(body),
            "content_type": "application/json",
        },
        {
            "name": "eligibility_self_check",
            "label": LABELS["eligibility_self_check"],
            "path": "/cek-kelayakan/",
            "kind": "page",
        },
    ]
