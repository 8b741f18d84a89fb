"""A resident's proposals, supports, complaints and survey answers for "download my data"."""

from participation.models import Complaint, Proposal, ProposalSupport, SurveyResponse


def participation_data(user):
    return {
        "proposals": [
            {
                "id": p.pk,
                "title": p.title,
                "description": p.description,
                "status": p.status,
                "created_at": p.created_at,
            }
            for p in Proposal.objects.filter(author=user).order_by("created_at")
        ],
        "supported_proposal_ids": list(
            ProposalSupport.objects.filter(user=user).values_list("proposal_id", flat=True)
        ),
        "complaints": [
            {
                "code": c.code,
                "title": c.title,
                "description": c.description,
                "status": c.status,
                "submitted_at": c.submitted_at,
                "updates": [
                    {"kind": u.kind, "body": u.body, "created_at": u.created_at}
                    for u in c.updates.all()
                ],
            }
            for c in Complaint.objects.filter(reporter=user).prefetch_related("updates")
        ],
        "survey_responses": [
            {
                "survey": r.survey.title,
                "created_at": r.created_at,
                "answers": [
                    {"question": a.question.text, "value": a.value} for a in r.answers.all()
                ],
            }
            for r in SurveyResponse.objects.filter(user=user)
            .select_related("survey")
            .prefetch_related("answers__question")
        ],
    }
