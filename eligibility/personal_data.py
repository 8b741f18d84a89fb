"""The resident's saved self-checks, for "download my data"."""

from eligibility.models import SavedCheck


def saved_checks_data(user):
    return [
        {
            "saved_at": check.created_at,
            "consent_at": check.consent_at,
            "answers": check.facts,
            "programs_likely_eligible": check.program_ids,
        }
        for check in SavedCheck.objects.filter(user=user).order_by("pk")
    ]
