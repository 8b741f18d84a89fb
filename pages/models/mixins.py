from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField

from pages.api_fields import ImageRenditionsField


class HeroImageMixin(models.Model):
    """A page's main picture: shown at the top of the page and on listing cards."""

    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("hero_image")]
    api_fields = [APIField("hero_image", serializer=ImageRenditionsField())]

    class Meta:
        abstract = True
