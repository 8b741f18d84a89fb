"""Benchmark part for the partners app: needs with pledges in every state at city scale,
and the HSDS and needs endpoints to load."""

from datetime import timedelta

LABELS = {
    "hsds_services": "GET /api/hsds/services (HSDS 3.1)",
    "hsds_service": "GET /api/hsds/services/{id} (HSDS 3.1)",
    "api_needs": "GET /api/needs/",
    "needs_board": "Needs board (/kebutuhan/)",
}

BASE_NEEDS = 400  # at scale 1: roughly one or two needs per RW
PLEDGES_PER_NEED = 6
BASE_PARTNERS = 120


def seed(ctx):
    from pages.models import Partner
    from partners.models import Need, PartnerMember, Pledge

    rng = ctx.rng
    n_needs = max(1, round(BASE_NEEDS * ctx.scale))
    n_partners = max(2, round(BASE_PARTNERS * ctx.scale))
    today = ctx.now.date()
    with ctx.step(f"partners: {n_partners} partners, {n_needs} needs, pledges"):
        kinds = [
            Partner.Kind.PRIVATE,
            Partner.Kind.NGO,
            Partner.Kind.COMMUNITY,
            Partner.Kind.UNIVERSITY,
            Partner.Kind.GOVERNMENT,
        ]
        existing = set(Partner.objects.values_list("name", flat=True))
        Partner.objects.bulk_create(
            [
                Partner(name=f"Mitra Bench {i:04d}", slug=f"mitra-bench-{i:04d}", kind=kinds[i % 5])
                for i in range(n_partners)
                if f"Mitra Bench {i:04d}" not in existing
            ],
            batch_size=1000,
        )
        partners = list(Partner.objects.filter(name__startswith="Mitra Bench "))
        members = [
            PartnerMember(partner=p, user_id=u.pk)
            for p, u in zip(partners, ctx.users[: len(partners)], strict=False)
        ]
        PartnerMember.objects.bulk_create(members, ignore_conflicts=True, batch_size=1000)
        needs = []
        for i in range(n_needs):
            kind = (Need.Kind.CASH, Need.Kind.GOODS, Need.Kind.PEOPLE)[i % 3]
            cash = kind == Need.Kind.CASH
            needs.append(
                Need(
                    title=f"Kebutuhan {i + 1}: "
                    + (
                        "dana kegiatan" if cash else "mesin jahit" if kind == "goods" else "pelatih"
                    ),
                    description="Kebutuhan program untuk warga RW.",
                    program_id=ctx.programs[i % len(ctx.programs)].pk,
                    area_id=ctx.rws[i % len(ctx.rws)].pk,
                    kind=kind,
                    unit="" if cash else ("mesin jahit" if kind == "goods" else "sesi"),
                    amount=rng.randint(5, 200) * 100_000 if cash else rng.randint(2, 20),
                    unit_value=None if cash else 500_000,
                    deadline=today + timedelta(days=rng.randint(-30, 90)),
                    status=Need.Status.OPEN if i % 10 else Need.Status.CLOSED,
                    evidence_required=bool(i % 2),
                )
            )
        needs = Need.objects.bulk_create(needs, batch_size=2000)
        states = list(Pledge.Status.values)
        pledges = []
        for need in needs:
            for j in range(PLEDGES_PER_NEED):
                amount = max(1, need.amount // PLEDGES_PER_NEED)
                status = states[(need.pk + j) % len(states)]
                pledges.append(
                    Pledge(
                        need=need,
                        partner=partners[(need.pk + j) % len(partners)],
                        amount=amount,
                        status=status,
                        delivered_on=today if status in Pledge.DELIVERED_STATES else None,
                    )
                )
        Pledge.objects.bulk_create(pledges, batch_size=5000)
        # The totals as the rules keep them.
        for need in needs:
            mine = [p for p in pledges if p.need_id == need.pk]
            need.pledged_total = sum(p.amount for p in mine if p.status != "cancelled")
            need.delivered_total = sum(
                p.amount for p in mine if p.status in Pledge.DELIVERED_STATES
            )
        Need.objects.bulk_update(needs, ["pledged_total", "delivered_total"], batch_size=2000)
    return {"partners": len(partners), "needs": len(needs), "pledges": len(pledges)}


def targets():
    from pages.models import ProgramPage
    from partners.hsds import hsds_id

    program = ProgramPage.objects.live().order_by("pk").first()
    return [
        {
            "name": "hsds_services",
            "label": LABELS["hsds_services"],
            "path": "/api/hsds/services",
            "kind": "api",
        },
        {
            "name": "hsds_service",
            "label": LABELS["hsds_service"],
            "path": f"/api/hsds/services/{hsds_id('service', program.pk)}" if program else None,
            "kind": "api",
        },
        {"name": "api_needs", "label": LABELS["api_needs"], "path": "/api/needs/", "kind": "api"},
        {
            "name": "needs_board",
            "label": LABELS["needs_board"],
            "path": "/kebutuhan/",
            "kind": "page",
        },
    ]
