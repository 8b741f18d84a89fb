from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EligibilityConfig(AppConfig):
    name = "eligibility"
    label = "eligibility"
    verbose_name = _("Eligibility self-check")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from community import personal_data
        from eligibility.models import Criterion, ProgramRules
        from eligibility.personal_data import saved_checks_data
        from pages.models import Area, ProgramPage

        personal_data.register("eligibility_checks", saved_checks_data)
        # Any change that alters a check makes the compiled rules stale.
        for model in (ProgramRules, Criterion, Area):
            post_save.connect(
                _changed, sender=model, dispatch_uid=f"eligibility_{model.__name__}_s"
            )
            post_delete.connect(
                _changed, sender=model, dispatch_uid=f"eligibility_{model.__name__}_d"
            )
        for signal in (page_published, page_unpublished):
            signal.connect(_page_changed, sender=ProgramPage, dispatch_uid=f"eligibility_{signal}")


def _changed(sender, **kwargs):
    from django.db import transaction

    from eligibility.engine import bump_version

    bump_version()
    transaction.on_commit(bump_version)  # again once visible to other processes


def _page_changed(sender, **kwargs):
    _changed(sender)
