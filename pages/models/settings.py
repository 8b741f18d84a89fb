from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class OfficeSettings(BaseSiteSetting):
    """Who runs this site and how to reach them: shown in every page's footer."""

    office_name = models.CharField(_("office name"), max_length=150, default="Kantor Kelurahan")
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=150, blank=True)

    panels = [
        FieldPanel("office_name"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("whatsapp"),
        FieldPanel("email"),
        FieldPanel("opening_hours"),
    ]

    class Meta:
        verbose_name = _("office details")
