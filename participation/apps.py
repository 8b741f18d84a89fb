from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    label = "participation"
    verbose_name = _("Residents' participation")

    def ready(self):
        from community import personal_data
        from community.signals import account_deleting
        from participation.personal_data import participation_data

        personal_data.register("participation", participation_data)
        # Proposals show in the site search (/cari/), whose answers are cached under the
        # content version.
        from django.db.models.signals import post_delete, post_save

        from config import content_version
        from participation.models import Proposal

        bump = content_version.bump_now_and_after_commit
        post_save.connect(bump, sender=Proposal, dispatch_uid="participation_content_saved")
        post_delete.connect(bump, sender=Proposal, dispatch_uid="participation_content_gone")
        account_deleting.connect(_withdraw_supports, dispatch_uid="participation_withdraw_supports")


def _withdraw_supports(sender, user, **kwargs):
    """A deleted account's supports leave with it: recount under the same lock."""
    from participation.models import Proposal, ProposalSupport
    from participation.proposals import withdraw_support

    ids = ProposalSupport.objects.filter(user=user).values_list("proposal_id", flat=True)
    for proposal in Proposal.objects.filter(pk__in=list(ids)):
        withdraw_support(proposal, user)
