import factory
import wagtail_factories
from django.utils.text import slugify
from wagtail.models import Collection

from pages.models import (
    Area,
    ArticleIndexPage,
    ArticlePage,
    Partner,
    ProgramCategory,
    ProgramIndexPage,
    ProgramPage,
    ProgramStatus,
    StandardPage,
)


class ImageFactory(wagtail_factories.ImageFactory):
    """A small real JPEG (Pillow), with alt text in `description`."""

    title = factory.Sequence(lambda n: f"Gambar {n}")
    description = factory.LazyAttribute(lambda o: f"Foto {o.title}")
    file = factory.django.ImageField(width=320, height=180, color="green", format="JPEG")
    # Uploads land in the root collection, where the staff groups hold their permissions
    # (wagtail-factories would make a new root collection per image).
    collection = factory.LazyFunction(Collection.get_first_root_node)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Kota {n}")
    level = Area.Level.CITY
    parent = None
    slug = factory.LazyAttribute(lambda o: slugify(f"{o.name}-{o.level}"))


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Mitra {n}")
    kind = Partner.Kind.NGO


class ProgramIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProgramIndexPage

    title = "Program"
    slug = "program"


class ProgramPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProgramPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    category = ProgramCategory.SKILLS_TRAINING
    status = ProgramStatus.OPEN
    summary = "Ringkasan program."

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if extracted:
            self.areas.set(extracted)
            self.save()

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if extracted:
            self.partners.set(extracted)
            self.save()


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticleIndexPage

    title = "Berita"
    slug = "berita"


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Berita {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Ringkasan berita."


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Halaman {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
