from django.core.paginator import Paginator
from django.db import models
from django.db.models import Case, Prefetch, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from pages.api_fields import NamesField, PartnersField, TagsField
from pages.blocks import BodyStreamBlock, StepBlock
from pages.models.mixins import HeroImageMixin, SectionIndexPage

# Renditions a listing card shows (see templates/components/card_image.html); prefetched
# with the images so a list of 50 programs costs two queries, not one per picture.
CARD_RENDITION_SPECS = [
    f"fill-{size}|format-{fmt}" for size in ("480x270", "960x540") for fmt in ("webp", "jpeg")
]


def with_card_images(queryset, field="hero_image"):
    images = get_image_model().objects.prefetch_renditions(*CARD_RENDITION_SPECS)
    return queryset.prefetch_related(Prefetch(field, queryset=images))


def for_program_cards(queryset):
    """Programs as listing cards show them: picture renditions and areas (with their
    parent, for "RW 03, Kelurahan Pondok Labu") in a constant number of queries."""
    from pages.models.snippets import Area

    areas = Area.objects.select_related("parent")
    return with_card_images(queryset).prefetch_related(Prefetch("areas", queryset=areas))


def open_first(queryset):
    """Open programs first, then those opening soon, then closed ones; newest first."""
    rank = Case(
        When(status=ProgramStatus.OPEN, then=0),
        When(status=ProgramStatus.UPCOMING, then=1),
        default=2,
        output_field=models.IntegerField(),
    )
    return queryset.annotate(status_rank=rank).order_by("status_rank", "-first_published_at")


def paginate(request, queryset, per_page=12):
    return Paginator(queryset, per_page).get_page(request.GET.get("halaman"))


class ProgramCategory(models.TextChoices):
    CASH_ASSISTANCE = "cash_assistance", _("Cash assistance")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education and schooling")
    ECONOMY = "economy", _("Economy and enterprise")
    SKILLS_TRAINING = "skills_training", _("Skills training")
    SOCIAL_PROTECTION = "social_protection", _("Social protection")


class ProgramStatus(models.TextChoices):
    OPEN = "open", _("Open for applications")
    UPCOMING = "upcoming", _("Opening soon")
    CLOSED = "closed", _("Closed")


class HomePage(HeroImageMixin, Page):
    template = "pages/home_page.html"
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        *HeroImageMixin.panels,
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro"), *HeroImageMixin.api_fields, APIField("body")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        programs = ProgramPage.objects.live().public().descendant_of(self)
        context["open_programs"] = for_program_cards(
            programs.filter(status=ProgramStatus.OPEN).order_by("-first_published_at")
        )[:6]
        context["program_index"] = ProgramIndexPage.objects.live().child_of(self).first()
        context["latest_articles"] = with_card_images(
            ArticlePage.objects.live().public().descendant_of(self).order_by("-date")
        )[:3]
        return context


class ProgramIndexPage(SectionIndexPage):
    template = "pages/program_index_page.html"
    subpage_types = ["pages.ProgramPage"]

    class Meta:
        verbose_name = _("program index")

    def get_context(self, request, *args, **kwargs):
        from pages.filters import ProgramFilter

        context = super().get_context(request, *args, **kwargs)
        programs = for_program_cards(open_first(ProgramPage.objects.live().public().child_of(self)))
        program_filter = ProgramFilter(request.GET or None, queryset=programs)
        context["filter"] = program_filter
        context["programs"] = paginate(request, program_filter.qs)
        return context


class ProgramPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "pages.ProgramPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ProgramPage(HeroImageMixin, Page):
    """A welfare program: everything a resident needs to decide and to apply."""

    template = "pages/program_page.html"
    parent_page_types = ["pages.ProgramIndexPage"]

    category = models.CharField(_("category"), max_length=32, choices=ProgramCategory.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ProgramStatus.choices, default=ProgramStatus.OPEN
    )
    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences shown on listings.")
    )
    eligibility = RichTextField(_("who is eligible"), blank=True)
    benefits = RichTextField(_("benefits"), blank=True)
    application_steps = StreamField(
        [("step", StepBlock())], blank=True, verbose_name=_("how to apply")
    )
    required_documents = StreamField(
        [("document", blocks.CharBlock(label=_("Document"), max_length=200))],
        blank=True,
        verbose_name=_("required documents"),
    )
    contact_name = models.CharField(_("contact person or office"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone / WhatsApp"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_address = models.CharField(_("office address"), max_length=250, blank=True)
    areas = ParentalManyToManyField(
        "pages.Area", blank=True, related_name="programs", verbose_name=_("areas served")
    )
    partners = ParentalManyToManyField(
        "pages.Partner", blank=True, related_name="programs", verbose_name=_("partners")
    )
    tags = ClusterTaggableManager(through=ProgramPageTag, blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("more information"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("status"), FieldPanel("summary")],
            heading=_("At a glance"),
        ),
        *HeroImageMixin.panels,
        FieldPanel("eligibility"),
        FieldPanel("benefits"),
        FieldPanel("application_steps"),
        FieldPanel("required_documents"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
                FieldPanel("contact_address"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("areas"),
        FieldPanel("partners"),
        FieldPanel("tags"),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=3),
        index.SearchField("eligibility"),
        index.SearchField("benefits"),
        index.SearchField("application_steps"),
        index.SearchField("required_documents"),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("category"),
        index.FilterField("status"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
    ]

    api_fields = [
        APIField("category"),
        APIField("category_label"),
        APIField("status"),
        APIField("status_label"),
        APIField("summary"),
        *HeroImageMixin.api_fields,
        APIField("eligibility"),
        APIField("benefits"),
        APIField("application_steps"),
        APIField("required_documents"),
        APIField("contact_name"),
        APIField("contact_phone"),
        APIField("contact_email"),
        APIField("contact_address"),
        APIField("areas", serializer=NamesField()),
        APIField("partners", serializer=PartnersField()),
        APIField("tags", serializer=TagsField(source="tagged_items")),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    @property
    def category_label(self):
        return self.get_category_display()

    def areas_summary(self):
        """Areas served, short: RWs grouped under their kelurahan
        ("Kelurahan Pondok Labu: RW 01, RW 02"). Uses prefetched areas when present."""
        from pages.models.snippets import Area

        wide, rws = [], {}
        for area in self.areas.all():
            if area.level == Area.Level.RW and area.parent_id:
                rws.setdefault(area.parent.name, []).append(area.name)
            else:
                wide.append(area.name)
        parts = [*wide, *(f"{kel}: {', '.join(sorted(names))}" for kel, names in rws.items())]
        return " · ".join(parts)

    @property
    def status_label(self):
        return self.get_status_display()


class ArticleIndexPage(SectionIndexPage):
    template = "pages/article_index_page.html"
    subpage_types = ["pages.ArticlePage"]

    class Meta:
        verbose_name = _("article index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.live().public().child_of(self).order_by("-date", "-pk")
        kind = request.GET.get("jenis")
        if kind in ArticlePage.Kind.values:
            articles = articles.filter(kind=kind)
        context["kinds"] = ArticlePage.Kind.choices
        context["selected_kind"] = kind
        context["articles"] = paginate(request, with_card_images(articles))
        return context


class ArticlePage(HeroImageMixin, Page):
    template = "pages/article_page.html"
    parent_page_types = ["pages.ArticleIndexPage"]
    subpage_types = []

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        ANNOUNCEMENT = "announcement", _("Announcement")
        EDUCATION = "education", _("Education")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("summary"), max_length=300, blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("summary"),
        *HeroImageMixin.panels,
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=3),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("date"),
        APIField("summary"),
        *HeroImageMixin.api_fields,
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")


class StandardPage(Page):
    template = "pages/standard_page.html"
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("standard page")
