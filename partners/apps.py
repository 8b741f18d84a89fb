from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    label = "partners"
    verbose_name = _("Partners and needs")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from config import content_version
        from pages import sections
        from partners.models import Need, Pledge

        # Open needs and their pledged totals show on program pages (cached).
        bump = content_version.bump_now_and_after_commit
        for model in (Need, Pledge):
            post_save.connect(bump, sender=model, dispatch_uid=f"partners_saved_{model}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"partners_gone_{model}")
        sections.register_template(
            "pages.ProgramPage",
            "partners.needs",
            "partners/program_section.html",
            context=_program_needs,
            order=40,
        )


PROGRAM_NEEDS_SHOWN = 3


def _program_needs(page, request):
    """A program page's open needs (None leaves the section out when there are none)."""
    from partners.models import Need

    needs = list(
        Need.objects.public()
        .open()
        .filter(program=page)
        .for_listing()
        .board_order()[:PROGRAM_NEEDS_SHOWN]
    )
    return {"needs": needs} if needs else None
