"""The needs board in the Wagtail admin: staff only; pledge steps go through the rules."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from partners.models import Need, PartnerInvitation, Pledge
from tests.factories.partners import make_pledge

pytestmark = pytest.mark.django_db


def test_staff_see_the_lists(client, staff, need, partner):
    make_pledge(need, partner, 2)
    client.force_login(staff)
    for name in ("need:index", "pledge:index", "partnerinvitation:index", "partnermember:index"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    assert need.title in client.get(reverse("need:index")).content.decode()


def test_residents_and_partners_are_kept_out(client, resident, partner_user, need):
    for user in (resident, partner_user):
        client.force_login(user)
        response = client.get(reverse("need:index"))
        assert response.status_code in (302, 403)


def test_staff_create_a_need(client, staff, program, rw):
    client.force_login(staff)
    data = {
        "title": "Pelatih tata boga 6 sesi",
        "description": "Pelatih untuk kelas tata boga pemuda.",
        "program": program.pk,
        "area": rw.pk,
        "kind": "people",
        "amount": "6",
        "unit": "",
        "deadline": "",
        "status": "open",
        "evidence_required": "on",
    }
    response = client.post(reverse("need:add"), data)
    assert response.status_code == 200  # the unit is missing
    assert not Need.objects.exists()
    data["unit"] = "sesi"
    response = client.post(reverse("need:add"), data)
    assert response.status_code == 200  # the value per unit is missing
    assert "penyaluran dilaporkan dalam rupiah" in response.content.decode()
    for field in ("program", "area"):
        without = {**data, "unit_value": "350000", field: ""}
        assert client.post(reverse("need:add"), without).status_code == 200, field
    assert not Need.objects.exists()
    data["unit_value"] = "350000"
    response = client.post(reverse("need:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    need = Need.objects.get()
    assert need.created_by == staff and need.unit == "sesi" and need.pledged_total == 0
    assert need.unit_value == 350_000


def test_staff_confirm_and_deliver_through_the_rules(client, staff, need, partner):
    pledge = make_pledge(need, partner, 2)
    client.force_login(staff)
    url = reverse("pledge:edit", args=[pledge.pk])
    assert client.post(url, {"action": "confirm", "text": ""}).status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CONFIRMED
    assert ModelLogEntry.objects.filter(action="partners.confirm").exists()
    response = client.post(url, {"action": "deliver", "text": ""})
    assert response.status_code == 200  # evidence is required: the form shows why
    assert "mewajibkan bukti penyaluran" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CONFIRMED


def test_staff_invite_from_the_admin(client, staff, partner):
    client.force_login(staff)
    response = client.post(
        reverse("partnerinvitation:add"), {"partner": partner.pk, "email": "csr@mitra.test"}
    )
    assert response.status_code == 302
    assert PartnerInvitation.objects.get().email == "csr@mitra.test"


def test_who_may_act_is_the_staff_rule(staff, resident, partner_user):
    from wagtail.permissions import policy_registry

    from community.roles import is_staff

    policy = policy_registry.get_by_type(Need)
    users = set(policy.users_with_any_permission(["change"]))
    assert staff in users and resident not in users and partner_user not in users
    for user in (staff, resident, partner_user):
        assert policy.user_has_permission(user, "change") == is_staff(user)
    assert not policy_registry.get_by_type(Pledge).user_has_permission(staff, "delete")


def test_what_a_need_asks_for_cannot_change_under_a_pledge(client, staff, need, partner):
    client.force_login(staff)
    data = {
        "title": need.title,
        "description": need.description,
        "program": need.program_id,
        "area": need.area_id,
        "kind": need.kind,
        "amount": str(need.amount),
        "unit": need.unit,
        "unit_value": str(need.unit_value),
        "deadline": "",
        "status": need.status,
        "evidence_required": "on" if need.evidence_required else "",
    }
    url = reverse("need:edit", args=[need.pk])
    # Before any pledge staff may rename the unit.
    assert client.post(url, {**data, "unit": "unit mesin"}).status_code == 302
    data["unit"] = "unit mesin"
    make_pledge(need, partner, 2)
    response = client.post(url, {**data, "unit": "sesi"})
    assert response.status_code == 200
    assert "tidak dapat diubah lagi" in response.content.decode()
    need.refresh_from_db()
    assert need.unit == "unit mesin"
    # The amount asked may still grow.
    assert client.post(url, {**data, "amount": str(need.amount + 5)}).status_code == 302
