from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    label = "community"
    verbose_name = _("Residents and community groups")

    def ready(self):
        from community import assisted, personal_data

        personal_data.register("assisted_registration", assisted.personal_data)
