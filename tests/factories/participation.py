from datetime import timedelta

import factory
from django.utils import timezone

from pages.models import Area
from participation.models import Category, Proposal, Survey, SurveyQuestion
from tests.factories.community import UserFactory


def make_rw(name="RW 03", village="Kelurahan Pondok Labu"):
    city, _ = Area.objects.get_or_create(
        name="Kota Jakarta Selatan", level=Area.Level.CITY, parent=None
    )
    district, _ = Area.objects.get_or_create(
        name="Kecamatan Cilandak", level=Area.Level.DISTRICT, parent=city
    )
    kelurahan, _ = Area.objects.get_or_create(
        name=village, level=Area.Level.VILLAGE, parent=district
    )
    rw, _ = Area.objects.get_or_create(name=name, level=Area.Level.RW, parent=kelurahan)
    return rw


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Usulan {n}: perbaiki saluran air")
    description = "Saluran air di depan mushola tersumbat setiap hujan."
    category = Category.INFRASTRUCTURE
    area = factory.LazyFunction(make_rw)


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"Survei Kebutuhan {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


def add_question(survey, text, kind, choices="", required=True, order=None):
    return SurveyQuestion.objects.create(
        survey=survey,
        text=text,
        kind=kind,
        choices=choices,
        required=required,
        sort_order=order if order is not None else survey.questions.count(),
    )
