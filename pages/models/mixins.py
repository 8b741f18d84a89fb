from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page

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


class SectionIndexPage(Page):
    """A section's landing page under the home page (programs, news, groups, events):
    an introduction above a filtered listing of its children. One of each per site."""

    parent_page_types = ["pages.HomePage"]
    max_count_per_parent = 1

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        abstract = True
