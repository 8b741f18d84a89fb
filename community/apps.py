from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    label = "community"
    verbose_name = _("Residents and community groups")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from community import assisted, personal_data
        from community.models import Membership
        from config import content_version

        personal_data.register("assisted_registration", assisted.personal_data)
        # Member counts and "full" show on public pages and in search: cached public
        # answers are rebuilt (config.content_version).
        bump = content_version.bump_now_and_after_commit
        post_save.connect(bump, sender=Membership, dispatch_uid="community_content_saved")
        post_delete.connect(bump, sender=Membership, dispatch_uid="community_content_gone")
