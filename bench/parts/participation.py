"""Residents' voice at city scale: proposals and their supports.

At scale 1: 20 proposals per RW (capped by the residents available), each with 0-60
supports, a quarter of them answered. Targets: the proposal listing page (/usulan/,
most supported first) and GET /api/proposals/.
"""

LABELS = {
    "proposal_list": "Proposal listing /usulan/",
    "api_proposals": "GET /api/proposals/",
}

PER_RW = 20
MAX_SUPPORTS = 60


def seed(ctx):
    from participation.models import Category, Proposal, ProposalAnswer, ProposalSupport

    rng, now = ctx.rng, ctx.now
    rws = list(ctx.rws)
    users = list(ctx.users)
    if not rws or not users:
        return {"proposals": 0, "supports": 0}
    total = max(int(len(rws) * PER_RW * ctx.scale), 12)
    statuses = [s for s, _label in Proposal.Status.choices]
    categories = [c for c, _label in Category.choices]
    with ctx.step(f"participation: {total} proposals"):
        proposals = []
        for n in range(total):
            created = now - (now - now.replace(year=now.year - 1)) * rng.random()
            proposals.append(
                Proposal(
                    author_id=rng.choice(users).pk,
                    title=f"Usulan warga {n + 1}: perbaikan fasilitas umum",
                    description="Saluran air tersumbat dan lampu jalan padam; mohon diperbaiki.",
                    category=rng.choice(categories),
                    area_id=rng.choice(rws).pk,
                    status=rng.choices(statuses, weights=[6, 3, 2, 1, 1, 1])[0],
                    created_at=created,
                    status_changed_at=created,
                )
            )
        Proposal.objects.bulk_create(proposals, batch_size=5000)
    with ctx.step("participation: supports"):
        supports, answers = [], []
        for proposal in proposals:
            people = rng.sample(users, min(rng.randint(0, MAX_SUPPORTS), len(users)))
            proposal.support_count = len(people)
            supports.extend(ProposalSupport(proposal_id=proposal.pk, user_id=u.pk) for u in people)
            if proposal.status != "baru":
                answers.append(
                    ProposalAnswer(
                        proposal_id=proposal.pk,
                        status=proposal.status,
                        body="Terima kasih, usulan sudah kami tindak lanjuti.",
                    )
                )
        ProposalSupport.objects.bulk_create(supports, batch_size=10000)
        ProposalAnswer.objects.bulk_create(answers, batch_size=5000)
        Proposal.objects.bulk_update(proposals, ["support_count"], batch_size=5000)
    return {"proposals": len(proposals), "supports": len(supports)}


def targets():
    return [
        {
            "name": "proposal_list",
            "label": LABELS["proposal_list"],
            "path": "/usulan/?urut=dukungan",
            "kind": "page",
        },
        {
            "name": "api_proposals",
            "label": LABELS["api_proposals"],
            "path": "/api/proposals/",
            "kind": "api",
        },
    ]
