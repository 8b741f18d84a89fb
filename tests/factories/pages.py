import factory
import wagtail_factories
from django.utils.text import slugify

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

    title = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    category = ProgramCategory.SKILLS_TRAINING
    status = ProgramStatus.OPEN
    summary = "Ringkasan program."


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
