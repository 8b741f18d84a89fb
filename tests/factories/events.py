from datetime import timedelta

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from community.models import Membership
from events.models import Enrollment, EventIndexPage, EventPage, EventSession
from tests.factories.community import (  # noqa: F401  (re-exported for the events tests)
    CommunityGroupPageFactory,
    GroupIndexPageFactory,
)


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    email = factory.Sequence(lambda n: f"warga{n}@example.id")
    display_name = factory.Sequence(lambda n: f"Warga {n}")
    # Enrolling needs consent (community.consent), as joining does.
    data_consent_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        password = kwargs.pop("password", "rahasia-123")
        return model_class.objects.create_user(*args, password=password, **kwargs)


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Kegiatan"
    slug = "kegiatan"


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Pelatihan {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    kind = EventPage.Kind.TRAINING
    summary = "Pelatihan untuk warga."
    capacity = 10


class EventSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSession

    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    venue = "Balai RW 03, Jl. Melati No. 5"


def make_event(parent, sessions=1, start_in=timedelta(days=3), **kwargs):
    """An event under `parent` with `sessions` weekly sessions, the first `start_in` from now."""
    event = EventPageFactory(parent=parent, **kwargs)
    first = timezone.now() + start_in
    for week in range(sessions):
        EventSessionFactory(event=event, starts_at=first + timedelta(weeks=week))
    return event


def add_member(group, user, role=Membership.Role.MEMBER):
    return Membership.objects.create(
        group=group, user=user, role=role, status=Membership.Status.ACTIVE
    )


def enroll_directly(event, user, status=Enrollment.Status.CONFIRMED, requested_at=None):
    return Enrollment.objects.create(
        event=event, user=user, status=status, requested_at=requested_at or timezone.now()
    )
