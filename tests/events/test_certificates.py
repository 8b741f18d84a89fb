"""Certificates: issued only for earned attendance (automatically or by the leader for
the roster), verifiable in public with minimal data, revocable by staff only."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import Membership
from config.errors import DomainError, PermissionDeniedError
from events import certificates as rules
from events.enrollment import record_attendance
from events.models import Attendance, Certificate, Enrollment
from tests.factories.events import (
    ResidentFactory,
    add_member,
    enroll_directly,
    make_event,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    user = ResidentFactory(display_name="Bu Staf", is_staff=True)
    user.groups.add(Group.objects.get(name="Staf Humas"))
    return user


@pytest.fixture
def course(event_index, group):
    """A finished six-session course under a group, 5 of 6 completes, grants certificates."""
    return make_event(
        event_index,
        sessions=6,
        start_in=-timedelta(days=60),
        completion_threshold=5,
        grants_certificate=True,
        organising_group=group,
        title="Kursus Menjahit Dasar",
    )


@pytest.fixture
def leader(group):
    user = ResidentFactory(display_name="Pak Hendra Wijaya")
    add_member(group, user, role=Membership.Role.LEADER)
    return user


def attend(enrollment, sessions):
    for session in sessions:
        Attendance.objects.create(session=session, enrollment=enrollment)


def test_no_certificate_without_the_attendance_that_earns_it(course, leader, make_resident):
    enrollment = enroll_directly(course, make_resident())
    attend(enrollment, course.ordered_sessions()[:4])

    with pytest.raises(DomainError) as error:
        rules.issue(enrollment, issued_by=leader)
    assert error.value.code == "not_completed"
    assert "5" in error.value.message and "4" in error.value.message
    assert rules.issue_for_roster(course, leader) == []
    assert Certificate.objects.count() == 0


def test_attendance_issues_the_certificate_automatically_once_earned(course, leader, make_resident):
    resident = make_resident(display_name="Siti Aminah")
    enrollment = enroll_directly(course, resident)
    sessions = course.ordered_sessions()
    for session in sessions[:4]:
        record_attendance(session, [enrollment.pk], leader)
    assert not Certificate.objects.exists()

    record_attendance(sessions[4], [enrollment.pk], leader)

    certificate = Certificate.objects.get()
    assert certificate.user == resident
    assert certificate.name == "Siti Aminah"
    assert certificate.course == "Kursus Menjahit Dasar"
    assert certificate.leader_name == "Pak Hendra Wijaya"
    assert certificate.issuer_name  # the office's name from OfficeSettings
    assert (certificate.sessions_attended, certificate.sessions_total) == (5, 6)
    assert len(certificate.code) >= 20  # unguessable
    # Recording the sixth session does not issue a second one.
    record_attendance(sessions[5], [enrollment.pk], leader)
    assert Certificate.objects.count() == 1


def test_check_in_by_code_also_issues(course, leader, make_resident):
    from events.enrollment import check_in

    enrollment = enroll_directly(course, make_resident())
    sessions = course.ordered_sessions()
    attend(enrollment, sessions[:4])
    check_in(sessions[4], enrollment.check_in_code, leader)
    assert Certificate.objects.filter(enrollment=enrollment).exists()


@pytest.fixture
def running_course(event_index, group):
    """A weekly course whose third session began 10 minutes ago; three more to come, the
    first of them in two hours (a session that has not started: check-in still closed)."""
    start = -timedelta(weeks=2, minutes=10)
    event = make_event(
        event_index,
        sessions=6,
        start_in=start,
        completion_threshold=3,
        grants_certificate=True,
        organising_group=group,
    )
    sessions = event.ordered_sessions()
    sessions[3].starts_at = timezone.now() + timedelta(hours=2)
    sessions[3].ends_at = sessions[3].starts_at + timedelta(hours=2)
    sessions[3].save()
    return event


def test_attendance_is_refused_for_a_session_that_has_not_started(
    running_course, leader, make_resident
):
    from events.enrollment import check_in

    enrollment = enroll_directly(running_course, make_resident())
    sessions = running_course.ordered_sessions()
    for session in sessions[:2]:
        record_attendance(session, [enrollment.pk], leader)
    for future in sessions[3:]:
        with pytest.raises(DomainError) as error:
            record_attendance(future, [enrollment.pk], leader)
        assert (error.value.code, error.value.status) == ("session_not_started", 409)
        with pytest.raises(DomainError) as error:
            check_in(future, enrollment.check_in_code, leader)
        assert error.value.code == "session_not_started"
    assert Attendance.objects.filter(enrollment=enrollment).count() == 2
    assert not Certificate.objects.exists()  # 2 of the 3 needed: nothing earned early


def test_check_in_opens_a_short_while_before_the_start(running_course, leader, make_resident):
    from events.enrollment import check_in
    from events.models import CHECK_IN_OPENS_BEFORE

    enrollment = enroll_directly(running_course, make_resident())
    sessions = running_course.ordered_sessions()
    attend(enrollment, sessions[:2])
    soon = sessions[3]
    soon.starts_at = timezone.now() + CHECK_IN_OPENS_BEFORE - timedelta(minutes=5)
    soon.ends_at = soon.starts_at + timedelta(hours=2)
    soon.save()
    check_in(soon, enrollment.check_in_code, leader)  # people arriving early
    assert Certificate.objects.filter(enrollment=enrollment).exists()


def test_attendance_recorded_on_sessions_to_come_earns_nothing(
    running_course, leader, make_resident
):
    """Rows written around the rule (older data, the shell) do not count either."""
    enrollment = enroll_directly(running_course, make_resident())
    sessions = running_course.ordered_sessions()
    attend(enrollment, [sessions[0], *sessions[3:]])  # 1 held + 3 still to come

    with pytest.raises(DomainError) as error:
        rules.issue(enrollment, issued_by=leader)
    assert error.value.code == "not_completed"
    assert rules.issue_for_roster(running_course, leader) == []
    assert not Certificate.objects.exists()
    attend(enrollment, sessions[1:3])  # 3 held: the 3 needed
    certificate = rules.issue(enrollment, issued_by=leader)
    assert certificate.sessions_attended == 3  # of the 6 rows, the 3 held


def test_the_attendance_pages_do_not_offer_sessions_to_come(
    client, running_course, leader, make_resident
):
    enrollment = enroll_directly(running_course, make_resident())
    sessions = running_course.ordered_sessions()
    client.force_login(leader)
    roster = client.get(reverse("events:roster", args=[running_course.pk])).content.decode()
    for session in sessions[:3]:
        assert reverse("events:attendance", args=[running_course.pk, session.pk]) in roster
    future_url = reverse("events:attendance", args=[running_course.pk, sessions[3].pk])
    assert future_url not in roster

    page = client.get(future_url)
    assert page.status_code == 200
    assert 'name="present"' not in page.content.decode()
    assert 'name="code"' not in page.content.decode()
    assert client.post(future_url, {"present": [str(enrollment.pk)]}).status_code == 409
    assert client.post(future_url, {"code": enrollment.check_in_code}).status_code == 409
    assert not Attendance.objects.exists()


def test_an_event_without_the_switch_grants_nothing(event_index, make_resident, staff):
    event = make_event(event_index, sessions=1, start_in=-timedelta(days=3))
    enrollment = enroll_directly(event, make_resident())
    record_attendance(event.ordered_sessions()[0], [enrollment.pk], staff)
    assert not Certificate.objects.exists()
    with pytest.raises(DomainError) as error:
        rules.issue(enrollment)
    assert error.value.code == "no_certificate"


def test_waitlisted_or_cancelled_people_get_no_certificate(course, make_resident, staff):
    waiting = enroll_directly(course, make_resident(), status=Enrollment.Status.WAITLISTED)
    cancelled = enroll_directly(course, make_resident(), status=Enrollment.Status.CANCELLED)
    attend(waiting, course.ordered_sessions())
    attend(cancelled, course.ordered_sessions())
    assert rules.issue_for_roster(course, staff) == []


def test_leader_issues_for_the_roster_at_once(course, leader, make_resident):
    done = [enroll_directly(course, make_resident()) for _ in range(3)]
    short = enroll_directly(course, make_resident())
    for enrollment in done:
        attend(enrollment, course.ordered_sessions()[:5])
    attend(short, course.ordered_sessions()[:2])

    issued = rules.issue_for_roster(course, leader)

    assert {c.enrollment_id for c in issued} == {e.pk for e in done}
    assert rules.issue_for_roster(course, leader) == []  # nothing twice


def test_only_leaders_and_staff_issue_for_the_roster(course, make_resident, staff):
    outsider = make_resident()
    with pytest.raises(PermissionDeniedError):
        rules.issue_for_roster(course, outsider)
    assert rules.issue_for_roster(course, staff) == []


def test_leader_page_issues_certificates(client, course, leader, make_resident):
    enrollment = enroll_directly(course, make_resident())
    attend(enrollment, course.ordered_sessions()[:5])
    url = reverse("events:certificates_manage", args=[course.pk])

    client.force_login(make_resident())
    assert client.get(url).status_code == 403

    client.force_login(leader)
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert Certificate.objects.filter(enrollment=enrollment).exists()


@pytest.fixture
def certificate(course, leader, make_resident):
    enrollment = enroll_directly(
        course, make_resident(display_name="Siti Aminah", phone="081234567890")
    )
    attend(enrollment, course.ordered_sessions()[:5])
    return rules.issue(enrollment, issued_by=leader)


def test_the_public_page_shows_only_what_is_printed(client, certificate):
    response = client.get(reverse("events:certificate_verify", args=[certificate.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Siti Aminah" in html and "Kursus Menjahit Dasar" in html
    assert "Sertifikat sah" in html
    assert certificate.user.email not in html
    assert "081234567890" not in html
    assert response["X-Robots-Tag"] == "noindex"


def test_an_unknown_id_is_not_found(client, certificate):
    assert client.get("/sertifikat/tidak-ada-sertifikat-ini/").status_code == 404
    response = client.get("/api/certificates/tidak-ada/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_revoked_certificate_verifies_as_revoked(client, certificate, staff):
    rules.revoke(certificate, staff, "Data kehadiran ternyata salah catat.")

    html = client.get(reverse("events:certificate_verify", args=[certificate.code])).content
    assert "Sertifikat dicabut" in html.decode()
    data = client.get(f"/api/certificates/{certificate.code}/").json()
    assert data["status"] == "revoked"
    assert data["revoked_at"]
    assert "reason" not in str(data).lower()  # the reason stays with staff
    # The holder can no longer download it.
    client.force_login(certificate.user)
    assert client.get(reverse("events:certificate_pdf", args=[certificate.code])).status_code == 404


def test_only_staff_revoke_and_a_reason_is_needed(certificate, leader, staff):
    with pytest.raises(PermissionDeniedError):
        rules.revoke(certificate, leader, "alasan")
    with pytest.raises(DomainError) as error:
        rules.revoke(certificate, staff, "   ")
    assert error.value.code == "reason_required"
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    rules.revoke(certificate, staff, "Salah nama")
    with pytest.raises(DomainError) as error:
        rules.revoke(certificate, staff, "lagi")
    assert error.value.code == "already_revoked"


def test_staff_revoke_in_the_wagtail_admin(client, certificate):
    admin = ResidentFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("certificates:edit", args=[certificate.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"revocation_reason": ""})
    assert response.status_code == 200  # the form again, with the error
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    response = client.post(url, {"revocation_reason": "Peserta tidak hadir sebenarnya."})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert certificate.revoked_by == admin
    assert certificate.revocation_reason == "Peserta tidak hadir sebenarnya."


def test_residents_cannot_open_the_certificates_admin(client, certificate, leader):
    client.force_login(leader)
    response = client.get(reverse("certificates:edit", args=[certificate.pk]))
    assert response.status_code in (302, 403)


def test_the_holder_downloads_the_pdf(client, certificate, make_resident):
    url = reverse("events:certificate_pdf", args=[certificate.code])
    assert client.get(url).status_code == 302  # log in first
    client.force_login(make_resident())
    assert client.get(url).status_code == 404  # someone else's
    client.force_login(certificate.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) < 200_000


def test_a_name_outside_latin1_still_prints(certificate):
    from events.certificate_pdf import latin1, render

    certificate.name = "Nguyễn Thị Ānh 王"
    assert render(certificate).startswith(b"%PDF")
    assert latin1("Ānh") == "Anh"


def test_my_certificates_api(client, certificate, make_resident):
    assert client.get("/api/me/certificates/").status_code == 401
    client.force_login(make_resident())
    assert client.get("/api/me/certificates/").json() == []
    client.force_login(certificate.user)
    [item] = client.get("/api/me/certificates/").json()
    assert item["id"] == certificate.code
    assert item["status"] == "valid"
    assert item["pdf_url"].endswith("unduh.pdf")
    assert item["open_badge_url"].endswith("openbadge.json")


def test_my_activities_shows_the_certificate(client, certificate):
    client.force_login(certificate.user)
    html = client.get(reverse("events:my_enrollments")).content.decode()
    assert reverse("events:certificate_pdf", args=[certificate.code]) in html


def test_my_certificates_costs_the_same_queries_for_few_and_many(
    client, course, event_index, make_resident, staff
):
    resident = make_resident()

    def add(n):
        for _ in range(n):
            event = make_event(
                event_index, sessions=1, start_in=-timedelta(days=5), grants_certificate=True
            )
            enrollment = enroll_directly(event, resident)
            attend(enrollment, event.ordered_sessions())
            rules.issue(enrollment, issued_by=staff)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/me/certificates/").status_code == 200
        return len(queries)

    client.force_login(resident)
    add(1)
    few = count()
    add(5)
    assert count() == few
