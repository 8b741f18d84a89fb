from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    label = "participation"
    verbose_name = _("Residents' participation")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from community import personal_data
        from community.signals import account_deleting
        from config import content_version
        from pages import sections
        from participation.models import Complaint, Proposal
        from participation.personal_data import participation_data

        personal_data.register("participation", participation_data)
        bump = content_version.bump_now_and_after_commit
        for model in (Proposal, Complaint):
            # Proposals show in search, complaint figures on program pages (both cached).
            post_save.connect(bump, sender=model, dispatch_uid=f"participation_saved_{model}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"participation_gone_{model}")
        sections.register_template(
            "pages.ProgramPage",
            "participation.complaints",
            "participation/program_section.html",
            context=_program_complaints,
            order=60,
        )
        account_deleting.connect(_withdraw_supports, dispatch_uid="participation_withdraw_supports")
        post_delete.connect(
            _delete_complaint_photo, sender=Complaint, dispatch_uid="participation_photo_gone"
        )


def _program_complaints(page, request):
    """A program page's complaint figures (counts and timings, never content)."""
    from participation.complaints import program_figures

    return {"figures": program_figures(page)}


def _withdraw_supports(sender, user, **kwargs):
    """A deleted account's supports leave with it: recount under the same lock."""
    from participation.models import Proposal, ProposalSupport
    from participation.proposals import withdraw_support

    ids = ProposalSupport.objects.filter(user=user).values_list("proposal_id", flat=True)
    for proposal in Proposal.objects.filter(pk__in=list(ids)):
        withdraw_support(proposal, user)


def _delete_complaint_photo(sender, instance, **kwargs):
    """A deleted complaint (its reporter deleted their account) takes its private photo
    along, once the deletion is committed."""
    from django.db import transaction

    name = instance.photo.name
    if name:
        storage = instance.photo.storage
        transaction.on_commit(lambda: storage.delete(name))
