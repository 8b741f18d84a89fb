"""Factories for the needs board: needs, partner accounts, pledges in any state."""

from datetime import timedelta

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from community.roles import STAFF_GROUP
from partners.models import Need, PartnerMember, Pledge
from tests.factories.community import UserFactory
from tests.factories.pages import AreaFactory, PartnerFactory


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    title = factory.Sequence(lambda n: f"Kebutuhan {n}")
    description = "Untuk kelas menjahit ibu-ibu RW 04."
    kind = Need.Kind.GOODS
    unit = "mesin jahit"
    amount = 10
    unit_value = 2_500_000
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    evidence_required = True
    status = Need.Status.OPEN


def make_partner_user(partner=None, **fields):
    """A verified account that acts for `partner` (a new NGO when none is given)."""
    partner = partner or PartnerFactory()
    user = UserFactory(**fields)
    PartnerMember.objects.create(partner=partner, user=user)
    return user


def make_staff(**fields):
    """A "Staf Humas" member (staff through community.roles, not user.is_staff)."""
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    return user


def make_pledge(need, partner, amount=1, status=Pledge.Status.PLEDGED, **fields):
    """A pledge written directly (the totals kept as the rules would)."""
    pledge = Pledge.objects.create(
        need=need, partner=partner, amount=amount, status=status, **fields
    )
    if status != Pledge.Status.CANCELLED:
        need.pledged_total += amount
    if status in Pledge.DELIVERED_STATES:
        need.delivered_total += amount
    need.save(update_fields=["pledged_total", "delivered_total"])
    return pledge


__all__ = [
    "AreaFactory",
    "NeedFactory",
    "PartnerFactory",
    "make_partner_user",
    "make_pledge",
    "make_staff",
]
