from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    label = "pages"
    verbose_name = _("Content pages")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from config import content_version
        from pages.models import OfficeSettings
        from pages.site_address import sync_default_site

        # What the public site shows changed: cached public answers are rebuilt
        # (config.content_version).
        bump = content_version.bump_now_and_after_commit
        page_published.connect(bump, dispatch_uid="pages_content_published")
        page_unpublished.connect(bump, dispatch_uid="pages_content_unpublished")
        post_page_move.connect(bump, dispatch_uid="pages_content_moved")
        post_delete.connect(bump, sender=Page, dispatch_uid="pages_content_deleted")
        for signal in (post_save, post_delete):
            signal.connect(bump, sender=OfficeSettings, dispatch_uid=f"pages_settings_{signal}")
            # A page made private (or public again) must leave (or may join) the
            # anonymous page cache and the search answers at once.
            signal.connect(bump, sender=PageViewRestriction, dispatch_uid=f"pages_privacy_{signal}")

        post_migrate.connect(sync_default_site, sender=self, dispatch_uid="pages_site_address")
