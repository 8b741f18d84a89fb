import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.text import slugify

from community.models import CommunityGroupPage, GroupIndexPage, Membership, User

PASSWORD = "rahasia-warga-123"


class UserFactory(factory.django.DjangoModelFactory):
    """A resident with a verified e-mail address and a complete profile (consent given)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"warga{n}@contoh.id")
    display_name = factory.Sequence(lambda n: f"Warga {n}")
    data_consent_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if not create:
            return
        self.save()
        EmailAddress.objects.get_or_create(
            user=self, email=self.email, defaults={"verified": True, "primary": True}
        )


class StaffFactory(UserFactory):
    is_staff = True
    display_name = factory.Sequence(lambda n: f"Staf {n}")


class GroupIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GroupIndexPage

    title = "Kelompok Warga"
    slug = "kelompok"


class CommunityGroupPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CommunityGroupPage

    title = factory.Sequence(lambda n: f"Kelompok {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    kind = CommunityGroupPage.Kind.STUDY_GROUP
    summary = "Belajar bersama tetangga."
    join_policy = CommunityGroupPage.JoinPolicy.OPEN
    member_limit = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = None
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE
    decided_at = factory.LazyFunction(timezone.now)


def leader_of(group, user=None):
    return MembershipFactory(
        group=group, user=user or UserFactory(), role=Membership.Role.LEADER
    ).user


def member_of(group, user=None, status=Membership.Status.ACTIVE):
    return MembershipFactory(group=group, user=user or UserFactory(), status=status).user
