"""Service-day slots: generating them, booking for oneself or a household member with a
queue number, changing and cancelling until the day before, check-in by queue number,
no-shows; bad input answers a clear Indonesian error and saves nothing."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config.errors import DomainError, PermissionDeniedError
from events import slots as rules
from events.models import ServiceSlot, SlotBooking
from pages.models import Area
from tests.events.slot_support import make_kader, posyandu_area, service_day, with_slots
from tests.factories.events import ResidentFactory, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def kader(db):
    return make_kader(ResidentFactory(display_name="Bu Kader Rina"))


@pytest.fixture
def day(event_index):
    return service_day(event_index)


@pytest.fixture
def slots(day, kader):
    return with_slots(day, kader)


def test_slots_are_made_from_the_sessions(day, kader):
    made = with_slots(day, kader, minutes=15, per_slot=6)
    assert len(made) == 8  # two hours in quarters
    assert [s.first_number for s in made[:3]] == [1, 7, 13]
    assert all(s.ends_at - s.starts_at == timedelta(minutes=15) for s in made)
    # Remade with other numbers while nobody has booked.
    assert len(with_slots(day, kader, minutes=30, per_slot=10)) == 4


def test_only_kader_leaders_and_staff_make_slots(day, make_resident):
    with pytest.raises(PermissionDeniedError):
        rules.generate(day, make_resident())
    assert not ServiceSlot.objects.exists()


def test_slots_only_for_health_service_days(event_index, kader):
    course = make_event(event_index, area=posyandu_area())
    with pytest.raises(DomainError) as error:
        rules.generate(course, kader)
    assert error.value.code == "not_service_day"


def test_slots_are_not_remade_once_booked(day, slots, kader, make_resident):
    rules.book(day, slots[0], make_resident())
    with pytest.raises(DomainError) as error:
        rules.generate(day, kader)
    assert error.value.code == "slots_booked"


def test_booking_gives_queue_numbers_by_time(day, slots, make_resident):
    first, second = make_resident(), make_resident()
    a = rules.book(day, slots[0], first)
    b = rules.book(day, slots[0], second)
    c = rules.book(day, slots[1], first, "Budi", 3)
    assert (a.queue_number, b.queue_number, c.queue_number) == (1, 2, 7)
    assert c.person_name == "Budi" and c.member_age == 3
    # Booking the same slot again returns the same booking.
    assert rules.book(day, slots[0], first).pk == a.pk
    assert SlotBooking.objects.active().count() == 3


def test_a_full_slot_says_so(day, kader, make_resident):
    [slot, *_rest] = with_slots(day, kader, per_slot=2)
    rules.book(day, slot, make_resident())
    rules.book(day, slot, make_resident())
    with pytest.raises(DomainError) as error:
        rules.book(day, slot, make_resident())
    assert error.value.code == "slot_full"
    assert error.value.message == "Waktu ini sudah penuh. Silakan pilih waktu lain."
    assert SlotBooking.objects.count() == 2


def test_a_slot_in_the_past_cannot_be_booked(event_index, kader, make_resident):
    # Running since an hour: its first slots are over.
    past_day = service_day(event_index, start_in=-timedelta(hours=1), hours=2, title="Imunisasi")
    [slot, *_rest] = with_slots(past_day, kader)
    with pytest.raises(DomainError) as error:
        rules.book(past_day, slot, make_resident())
    assert error.value.code == "slot_past"
    assert "sudah lewat" in error.value.message
    assert not SlotBooking.objects.exists()


@pytest.mark.parametrize("age", [200, -1, 121, "dua"])
def test_a_household_member_needs_an_age_from_0_to_120(day, slots, make_resident, age):
    with pytest.raises(DomainError) as error:
        rules.book(day, slots[0], make_resident(), "Nenek Sumi", age)
    assert error.value.code == "invalid_age"
    assert "120" in error.value.message
    assert not SlotBooking.objects.exists()


def test_a_baby_is_age_zero_and_a_name_is_needed_with_an_age(day, slots, make_resident):
    resident = make_resident()
    assert rules.book(day, slots[0], resident, "Adik Bayi", 0).member_age == 0
    with pytest.raises(DomainError) as error:
        rules.book(day, slots[0], resident, "", 5)
    assert error.value.code == "invalid_member"


def test_changing_moves_the_person_to_another_slot(day, slots, make_resident):
    resident = make_resident()
    first = rules.book(day, slots[0], resident)
    moved = rules.book(day, slots[2], resident)
    first.refresh_from_db()
    assert first.status == SlotBooking.Status.CANCELLED
    assert moved.queue_number == slots[2].first_number
    assert SlotBooking.objects.active().filter(booked_by=resident).count() == 1


def test_cancel_frees_the_place(day, kader, make_resident):
    [slot, *_rest] = with_slots(day, kader, per_slot=1)
    resident = make_resident()
    rules.book(day, slot, resident)
    rules.cancel(day, slot, resident)
    assert rules.book(day, slot, make_resident()).queue_number == slot.first_number


def test_no_change_or_cancel_on_the_day(event_index, kader, make_resident):
    soon = timezone.now() + timedelta(minutes=5)
    if timezone.localdate(soon) != timezone.localdate():
        pytest.skip("too close to midnight in Jakarta")
    today = service_day(event_index, start_in=timedelta(minutes=5), hours=1)
    slots = with_slots(today, kader)
    resident = make_resident()
    booking = rules.book(today, slots[0], resident)  # booking on the day is fine
    with pytest.raises(DomainError) as error:
        rules.cancel(today, slots[0], resident)
    assert error.value.code == "too_late_to_change"
    with pytest.raises(DomainError):
        rules.book(today, slots[1], resident)
    booking.refresh_from_db()
    assert booking.status == SlotBooking.Status.BOOKED


def test_the_deadline_is_the_day_before_in_jakarta(day, slots):
    slot = slots[0]
    start = timezone.localtime(slot.starts_at)
    evening_before = start.replace(hour=23, minute=59) - timedelta(days=1)
    morning_of = start.replace(hour=0, minute=1)
    assert rules.change_deadline_passed(slot, evening_before) is False
    assert rules.change_deadline_passed(slot, morning_of) is True


def test_check_in_by_queue_number(day, slots, kader, make_resident):
    booking = rules.book(day, slots[0], make_resident(), "Ibu Sari", 34)
    with pytest.raises(PermissionDeniedError):
        rules.check_in(day, booking.queue_number, make_resident())
    with pytest.raises(DomainError) as error:
        rules.check_in(day, 999, kader)
    assert error.value.code == "unknown_number"
    arrived = rules.check_in(day, str(booking.queue_number), kader)
    assert arrived.checked_in_at is not None and arrived.checked_in_by == kader
    assert rules.counts(day).checked_in == 1


def test_no_shows_are_counted_per_event(event_index, kader, make_resident):
    # Three booked; on the day one came, two did not.
    posyandu = service_day(event_index, start_in=timedelta(days=2), hours=1, title="Cek Lansia")
    slots = with_slots(posyandu, kader, minutes=30, per_slot=3)
    came, absent1, absent2 = (rules.book(posyandu, slots[0], make_resident()) for _ in range(3))
    came = rules.check_in(posyandu, came.queue_number, kader)
    later = timezone.now() + timedelta(days=3)
    counts = rules.counts(posyandu, now=later)
    assert (counts.booked, counts.checked_in, counts.no_shows) == (3, 1, 2)
    assert absent1.is_no_show(later) and not came.is_no_show(later)
    assert rules.counts(posyandu).no_shows == 0  # not over yet


# --- API ----------------------------------------------------------------------------


def test_api_lists_slots_with_places_left(client, day, slots, make_resident):
    rules.book(day, slots[0], make_resident())
    data = client.get(f"/api/events/{day.pk}/slots/").json()
    assert data["event_id"] == day.pk
    assert [s["places_left"] for s in data["slots"][:2]] == [5, 6]
    assert data["my_bookings"] == []


def test_api_booking_and_cancelling(client, day, slots, make_resident):
    url = f"/api/events/{day.pk}/slots/{slots[1].pk}/booking/"
    assert client.post(url, {}, content_type="application/json").status_code == 401
    resident = make_resident()
    client.force_login(resident)
    response = client.post(url, {}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["queue_number"] == 7
    kid = client.post(
        url, {"member_name": "Rafi", "member_age": 4}, content_type="application/json"
    ).json()
    assert kid["name"] == "Rafi" and kid["queue_number"] == 8
    mine = client.get(f"/api/events/{day.pk}/slots/").json()["my_bookings"]
    assert [b["queue_number"] for b in mine] == [7, 8]
    assert client.delete(f"{url}?member_name=Rafi").json()["queue_number"] == 8
    assert SlotBooking.objects.active().count() == 1


def test_api_bad_input_is_a_clear_indonesian_error(client, day, kader, make_resident):
    [slot, *_rest] = with_slots(day, kader, per_slot=1)
    client.force_login(make_resident())
    url = f"/api/events/{day.pk}/slots/{slot.pk}/booking/"
    old = client.post(url, {"member_name": "Kakek", "member_age": 200}, "application/json")
    assert old.status_code == 422
    assert old.json() == {
        "detail": "Umur harus antara 0 dan 120 tahun.",
        "code": "invalid_age",
    }
    assert client.post(url, {}, "application/json").status_code == 200
    client.force_login(make_resident())
    full = client.post(url, {}, "application/json")
    assert full.status_code == 409 and full.json()["code"] == "slot_full"
    missing = client.post(f"/api/events/{day.pk}/slots/99999999/booking/", {}, "application/json")
    assert missing.status_code == 404


def test_api_slots_of_an_ordinary_event_are_not_found(client, event_index):
    course = make_event(event_index)
    response = client.get(f"/api/events/{course.pk}/slots/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_api_check_in(client, day, slots, kader, make_resident):
    booking = rules.book(day, slots[0], make_resident())
    url = f"/api/events/{day.pk}/slots/check-in/"
    client.force_login(make_resident())
    assert client.post(url, {"queue_number": 1}, "application/json").status_code == 403
    client.force_login(kader)
    response = client.post(url, {"queue_number": booking.queue_number}, "application/json")
    assert response.status_code == 200 and response.json()["queue_number"] == 1


def test_api_slots_cost_the_same_queries_for_few_and_many(client, event_index, kader):
    def count(event):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/events/{event.pk}/slots/").status_code == 200
        return len(queries)

    client.force_login(ResidentFactory())
    few = service_day(event_index, hours=1, title="Posyandu A")
    with_slots(few, kader, minutes=30)
    many = service_day(event_index, hours=8, title="Posyandu B")
    with_slots(many, kader, minutes=10)
    assert count(few) == count(many)


# --- HTML ---------------------------------------------------------------------------


def test_a_resident_books_on_the_page(client, day, slots, make_resident):
    url = reverse("events:slots", args=[day.pk])
    assert "Masuk untuk memesan waktu" in client.get(url).content.decode()
    client.force_login(make_resident())
    response = client.post(
        url, {"slot": slots[0].pk, "who": "member", "member_name": "Nenek Sumi", "member_age": 200}
    )
    assert response.status_code == 400
    assert "Umur harus antara 0 dan 120 tahun." in response.content.decode()
    assert not SlotBooking.objects.exists()
    response = client.post(url, {"slot": slots[0].pk, "who": "self"}, follow=True)
    assert "Nomor antrean 1" in response.content.decode()


def test_booking_needs_consent_like_enrolling(day, slots, make_resident):
    """The kader sees booked names at the queue desk: the one consent rule
    (community.consent.require_consent), as for enrolling or joining a group."""
    no_consent = make_resident(data_consent_at=None)
    with pytest.raises(DomainError) as error:
        rules.book(day, slots[0], no_consent)
    assert (error.value.code, error.value.status) == ("profile_incomplete", 403)
    with pytest.raises(DomainError):
        rules.book(day, slots[0], no_consent, "Rafi", 4)
    assert not SlotBooking.objects.exists()


def test_the_booking_page_sends_the_resident_to_give_consent(client, day, slots, make_resident):
    url = reverse("events:slots", args=[day.pk])
    client.force_login(make_resident(data_consent_at=None))
    response = client.post(url, {"slot": slots[0].pk, "who": "self"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("community:profile"))
    assert "next=" in response["Location"]
    assert not SlotBooking.objects.exists()


def test_the_api_refuses_a_booking_without_consent(client, day, slots, make_resident):
    client.force_login(make_resident(data_consent_at=None))
    url = f"/api/events/{day.pk}/slots/{slots[0].pk}/booking/"
    response = client.post(url, {}, content_type="application/json")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "profile_incomplete"
    assert "persetujuan" in body["detail"].lower()  # the catalogue's existing message
    assert not SlotBooking.objects.exists()


def test_kegiatan_saya_lists_my_booking_with_the_event_title(client, day, slots, make_resident):
    me = make_resident()
    rules.book(day, slots[0], me)
    client.force_login(me)
    html = client.get(reverse("events:my_enrollments")).content.decode()
    assert "Nomor antrean 1" in html
    assert f"· {day.title} ·" in html


def test_the_queue_desk_is_for_kader_leaders_and_staff(client, day, slots, kader, make_resident):
    booking = rules.book(day, slots[0], make_resident(), "Ani", 2)
    url = reverse("events:queue_desk", args=[day.pk])
    client.force_login(make_resident())
    assert client.get(url).status_code == 403
    client.force_login(kader)
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "check_in", "queue_number": "42"})
    assert response.status_code == 400
    client.post(url, {"action": "check_in", "queue_number": booking.queue_number})
    booking.refresh_from_db()
    assert booking.checked_in_at is not None


def test_past_slots_stay_and_numbers_continue_when_remade(event_index, kader, make_resident):
    running = service_day(event_index, start_in=-timedelta(minutes=40), hours=2, title="Cek Gula")
    session = running.sessions.get()
    over = ServiceSlot.objects.create(
        event=running,
        session=session,
        starts_at=session.starts_at,
        ends_at=session.starts_at + timedelta(minutes=30),
        capacity=5,
        first_number=1,
    )
    made = with_slots(running, kader, minutes=30, per_slot=3)
    assert made[0] == over  # kept, with its queue numbers
    # The slot that is over is not made again; the rest continue after number 5.
    assert [s.first_number for s in made] == [1, 6, 9, 12]
    assert all(s.ends_at > timezone.now() for s in made[1:])


def test_a_day_without_sessions_to_come_gets_no_slots(event_index, kader):
    over = service_day(event_index, start_in=-timedelta(days=2), title="Posyandu Lalu")
    with pytest.raises(DomainError) as error:
        rules.generate(over, kader)
    assert error.value.code == "no_sessions"


def test_control_characters_are_refused_not_a_server_error(client, day, slots, make_resident):
    client.force_login(make_resident())
    url = f"/api/events/{day.pk}/slots/{slots[0].pk}/booking/"
    response = client.post(url, {"member_name": "Ani\x00", "member_age": 3}, "application/json")
    # A NUL byte is refused before any rule runs (config.middleware.BadInputMiddleware).
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    assert client.delete(f"{url}?member_name=%00").status_code == 422
    assert client.get("/api/certificates/%00abc/").status_code == 404
    assert client.get("/sertifikat/%00abc/").status_code == 404


def test_the_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "get" in paths["/api/events/{event_id}/slots/"]
    booking = paths["/api/events/{event_id}/slots/{slot_id}/booking/"]
    assert {"post", "delete"} <= set(booking)
    assert {"200", "401", "404", "409", "422"} <= set(booking["post"]["responses"])
    assert "get" in paths["/api/me/certificates/"]
    assert "get" in paths["/api/certificates/{code}/"]


@pytest.fixture
def rw_areas(db):
    from tests.factories.pages import AreaFactory

    kelurahan = AreaFactory(name="Pondok Labu", level=Area.Level.VILLAGE)
    rw03 = AreaFactory(name="RW 03", level=Area.Level.RW, parent=kelurahan)
    rw05 = AreaFactory(name="RW 05", level=Area.Level.RW, parent=kelurahan)
    return kelurahan, rw03, rw05


def test_a_kader_runs_only_the_service_days_of_their_area(event_index, kader, rw_areas, client):
    kelurahan, rw03, rw05 = rw_areas
    kader.home_area = rw03
    kader.save()
    own, neighbours, whole_kelurahan = (
        service_day(event_index, area=rw03, title="Posyandu RW 03"),
        service_day(event_index, area=rw05, title="Posyandu RW 05"),
        service_day(event_index, area=kelurahan, title="Posyandu Kelurahan"),
    )
    assert rules.can_run(own, kader)
    assert not rules.can_run(neighbours, kader)
    assert not rules.can_run(whole_kelurahan, kader)  # above their RW: the kelurahan's kader
    with pytest.raises(PermissionDeniedError) as refused:
        rules.generate(neighbours, kader)
    assert refused.value.code == "outside_area"
    assert not ServiceSlot.objects.filter(event=neighbours).exists()

    client.force_login(kader)
    assert client.get(reverse("events:queue_desk", args=[own.pk])).status_code == 200
    page = client.get(reverse("events:queue_desk", args=[neighbours.pk]))
    assert page.status_code == 403
    assert "di luar wilayah Anda" in page.content.decode()


def test_a_kader_without_an_area_is_told_to_ask_the_office(event_index, kader, rw_areas):
    kader.home_area = None
    kader.save()
    day = service_day(event_index, area=rw_areas[1])
    with pytest.raises(PermissionDeniedError) as refused:
        rules.check_in(day, "1", kader)
    assert refused.value.code == "kader_without_area"


def _book_for(day, make_resident, email, member_name="", member_age=None):
    resident = make_resident(email=email)
    slot = rules.slots_of(day)[0]
    return rules.book(day, slot, resident, member_name=member_name, member_age=member_age)


def test_slots_move_with_their_session_and_the_booked_are_told(
    day, slots, make_resident, mailoutbox, django_capture_on_commit_callbacks
):
    """The editor moves the posyandu an hour later in the Wagtail editor and publishes:
    every slot moves an hour, queue numbers stay, and each booked resident gets one
    e-mail listing their people at the new time."""
    first = _book_for(day, make_resident, "ani@contoh.id")
    _book_for(day, make_resident, "ani2@contoh.id")
    before = {s.pk: (s.starts_at, s.ends_at) for s in rules.slots_of(day)}
    mailoutbox.clear()

    page = day.specific
    [session] = page.sessions.all()
    session.starts_at += timedelta(hours=1)
    session.ends_at += timedelta(hours=1)
    page.sessions = [session]  # as the editor's inline panel hands it to Wagtail
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    after = {s.pk: (s.starts_at, s.ends_at) for s in rules.slots_of(day)}
    assert after.keys() == before.keys()  # the same slots, so the same bookings
    assert all(after[pk][0] - before[pk][0] == timedelta(hours=1) for pk in before)
    assert all(after[pk][1] - after[pk][0] == before[pk][1] - before[pk][0] for pk in before)
    first.refresh_from_db()
    assert first.status == SlotBooking.Status.BOOKED and first.queue_number == 1
    assert sorted(m.to[0] for m in mailoutbox) == ["ani2@contoh.id", "ani@contoh.id"]
    mail = next(m for m in mailoutbox if m.to == ["ani@contoh.id"])
    assert mail.subject.startswith("Waktu baru")
    new_time = timezone.localtime(after[first.slot_id][0])
    assert new_time.strftime("%H.%M") in mail.body and "nomor antrean 1" in mail.body


def test_editing_a_session_without_moving_it_tells_nobody(
    day, slots, make_resident, mailoutbox, django_capture_on_commit_callbacks
):
    _book_for(day, make_resident, "ani@contoh.id")
    mailoutbox.clear()
    page = day.specific
    [session] = page.sessions.all()
    session.venue = "Balai RW 05"
    page.sessions = [session]
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert mailoutbox == []


def test_removing_a_session_tells_the_booked_their_booking_is_cancelled(
    day, slots, make_resident, mailoutbox, django_capture_on_commit_callbacks
):
    _book_for(day, make_resident, "ani@contoh.id", member_name="Dimas", member_age=4)
    mailoutbox.clear()
    page = day.specific
    page.sessions = []  # the editor removed it in the inline panel
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert not SlotBooking.objects.filter(event=day).exists()
    [mail] = mailoutbox
    assert mail.to == ["ani@contoh.id"] and mail.subject.startswith("Pemesanan dibatalkan")
    assert "Dimas" in mail.body and "nomor antrean 1" in mail.body
