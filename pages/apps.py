from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    label = "pages"
    verbose_name = _("Content pages")

    def ready(self):
        from django.db.models.signals import post_migrate

        from pages.site_address import sync_default_site

        post_migrate.connect(sync_default_site, sender=self, dispatch_uid="pages_site_address")
