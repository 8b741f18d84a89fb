"""The demo has a finished course with certificates and a posyandu day with slots;
seeding twice changes nothing. A resident's download holds their certificates and
bookings."""

import io

import pytest
from django.core.management import call_command

from community.personal_data import export
from events.models import Certificate, ServiceSlot, SlotBooking

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "certificates": sorted(Certificate.objects.values_list("code", "user__email")),
        "slots": ServiceSlot.objects.count(),
        "bookings": sorted(
            SlotBooking.objects.values_list("event__slug", "booked_by__email", "queue_number")
        ),
    }


def test_demo_certificates_and_slots(home_page, client):
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first

    holders = {email for _code, email in first["certificates"]}
    assert holders == {"nur@warga.test", "siti@warga.test", "rahmat@warga.test"}
    certificate = Certificate.objects.select_related("event").first()
    assert certificate.event.slug == "pelatihan-kue-basah-usaha-rumahan"
    assert certificate.leader_name == "Ibu Rina Marlina"
    response = client.get(f"/sertifikat/{certificate.code}/")
    assert response.status_code == 200 and "Sertifikat sah" in response.content.decode()

    assert first["slots"] > 0 and len(first["bookings"]) >= 4
    posyandu = SlotBooking.objects.filter(event__slug="posyandu-balita-melati").first()
    response = client.get(f"/api/events/{posyandu.event_id}/slots/")
    assert response.status_code == 200 and response.json()["slots"]

    data = export(certificate.user)
    assert data["certificates"]["certificates"][0]["id"] == certificate.code
