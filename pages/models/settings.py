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

    @classmethod
    def for_request(cls, request):
        """For the templates' `settings.pages.OfficeSettings`: kept under the content
        version (pages.site_chrome), once per request as Wagtail does."""
        from pages.site_chrome import office_settings

        attr = cls.get_cache_attr_name()
        if hasattr(request, attr):
            return getattr(request, attr)
        instance = office_settings(cls, request)
        if instance is None:
            return super().for_request(request)
        instance._request = request
        setattr(request, attr, instance)
        return instance

    class Meta:
        verbose_name = _("office details")
