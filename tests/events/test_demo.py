import io

import pytest
from django.core.management import call_command

from events.models import Attendance, Enrollment, EventPage, EventSession

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "events": sorted(EventPage.objects.values_list("slug", "live", "is_cancelled")),
        "sessions": EventSession.objects.count(),
        "enrollments": sorted(
            Enrollment.objects.values_list("event__slug", "user__email", "status")
        ),
        "attendance": Attendance.objects.count(),
    }


def test_demo_schedule_is_realistic_and_idempotent(home_page, client):
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first

    events = EventPage.objects.with_counts()
    sewing = events.get(slug="kursus-menjahit-dasar")
    assert sewing.sessions.count() == 6
    assert {s.starts_at.astimezone().weekday() for s in sewing.sessions.all()} == {5}
    full = events.get(slug="kelas-kewirausahaan-pemasaran-online")
    assert full.seats_left == 0 and full.waitlist_length >= 1
    assert events.filter(is_cancelled=True).exclude(cancellation_reason="").exists()
    assert events.past().exists() and first["attendance"] > 0
    proposal = EventPage.objects.get(slug="latihan-membuat-pola-gamis")
    assert not proposal.live and proposal.workflow_in_progress

    response = client.get("/kegiatan/")
    assert response.status_code == 200
    assert "Kursus Menjahit Dasar" in response.content.decode()
    assert client.get(sewing.url).status_code == 200


def test_the_readmes_first_step_works_on_fresh_demo_data(home_page, client):
    """README "What to try": log in as budi@warga.test, enroll in "Kursus Menjahit
    Dasar" under Kegiatan, see it in "Kegiatan saya"."""
    from django.contrib.auth import get_user_model

    call_command("seed_demo", stdout=io.StringIO())
    budi = get_user_model().objects.get(email="budi@warga.test")
    assert client.login(email="budi@warga.test", password="warga-demo-2026")
    sewing = EventPage.objects.get(title="Kursus Menjahit Dasar")
    assert not Enrollment.objects.filter(event=sewing, user=budi).exists()
    client.post(f"/kegiatan/{sewing.pk}/daftar/")
    assert Enrollment.objects.get(event=sewing, user=budi).status == "confirmed"
    assert "Kursus Menjahit Dasar" in client.get("/kegiatan-saya/").content.decode()
