from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "accountability"
    label = "accountability"
    verbose_name = _("Funding and results")

    def ready(self):
        from accountability.views import program_section
        from pages import sections
        from partners.signals import pledge_delivered

        pledge_delivered.connect(_on_pledge_delivered, dispatch_uid="accountability_pledge")
        from django.db.models.signals import post_delete, post_save

        from accountability.models import (
            FundingLine,
            Indicator,
            IndicatorActual,
            IndicatorTarget,
            LedgerEntry,
            Result,
        )
        from config import content_version

        # Funding, approved entries and the results framework (an approved indicator
        # figure, a changed indicator, target or result) show on /transparansi/, on program
        # pages and in /data/, all cached under the content version.
        bump_version = content_version.bump_now_and_after_commit
        for model in (
            FundingLine,
            LedgerEntry,
            Result,
            Indicator,
            IndicatorTarget,
            IndicatorActual,
        ):
            post_save.connect(
                bump_version, sender=model, dispatch_uid=f"acct_cache_{model.__name__}"
            )
            post_delete.connect(
                bump_version, sender=model, dispatch_uid=f"acct_del_{model.__name__}"
            )
        sections.register_template(
            "pages.ProgramPage",
            "accountability.funding",
            "accountability/program_section.html",
            context=program_section,
            order=50,
        )


def _on_pledge_delivered(sender, **kwargs):
    from accountability.ledger import record_pledge

    record_pledge(**kwargs)
