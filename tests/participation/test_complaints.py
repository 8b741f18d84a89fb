"""Complaints: the clock in working days, the steps, privacy, the daily run, and the
public figures per program."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from config.errors import DomainError
from participation import complaints as rules
from participation.models import Complaint, CutiBersama
from tests.factories.pages import ProgramIndexPageFactory, ProgramPageFactory

pytestmark = pytest.mark.django_db
JKT = ZoneInfo("Asia/Jakarta")


def at(y, m, d, hh=10):
    return datetime(y, m, d, hh, tzinfo=JKT)


@pytest.fixture
def program(home_page):
    index = ProgramIndexPageFactory(parent=home_page)
    return ProgramPageFactory(parent=index, title="Pelatihan Menjahit")


def send(user, program=None, now=None, **kwargs):
    data = {
        "subject": "program" if program else "service",
        "title": "Sertifikat belum diterima",
        "description": "Sudah ikut pelatihan tapi sertifikat belum ada.",
        "program": program,
        "service": "" if program else "Surat pengantar",
    }
    data.update(kwargs)
    return rules.submit(user, now=now, **data)


def test_code_and_deadlines_over_a_weekend(resident):
    friday = at(2026, 11, 6)
    c = send(resident, now=friday)
    assert c.code == f"ADU-2026-{c.pk:06d}"
    assert c.verify_due.isoformat() == "2026-11-11"  # Mon, Tue, Wed
    assert c.answer_due.isoformat() == "2026-11-18"  # 5 more working days


def test_deadlines_skip_a_public_holiday_and_cuti_bersama(resident):
    CutiBersama.objects.create(date=datetime(2026, 8, 18).date(), name="Cuti bersama HUT RI")
    c = send(resident, now=at(2026, 8, 14))  # Friday; Mon 17 holiday, Tue 18 cuti bersama
    assert c.verify_due.isoformat() == "2026-08-21"


def test_steps_answer_confirm(resident, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        c = send(resident, now=at(2026, 11, 2))
    assert mail.outbox[-1].to == [resident.email]
    rules.verify(c, staff, now=at(2026, 11, 3))
    c.refresh_from_db()
    assert c.answer_due.isoformat() == "2026-11-10"
    rules.answer(c, staff, "Sertifikat bisa diambil di kantor kelurahan.", now=at(2026, 11, 5))
    c.refresh_from_db()
    assert c.status == "dijawab" and c.answered_on_time is True
    assert c.close_due.isoformat() == "2026-11-19"
    rules.confirm_resolved(c, resident)
    c.refresh_from_db()
    assert c.status == "selesai" and c.closing == "confirmed"


def test_late_verification_does_not_give_more_time(resident, staff):
    c = send(resident, now=at(2026, 11, 2))  # Mon: verify by Thu 5th
    rules.verify(c, staff, now=at(2026, 11, 9))  # late
    c.refresh_from_db()
    assert c.answer_due.isoformat() == "2026-11-12"  # from the 5th, not the 9th
    rules.answer(c, staff, "Jawaban.", now=at(2026, 11, 13))
    c.refresh_from_db()
    assert c.answered_on_time is False


def test_reopen_only_once(resident, staff):
    c = send(resident)
    rules.answer(c, staff, "Sudah kami tindak lanjuti.")
    rules.reopen(c, resident, "Belum beres.")
    c.refresh_from_db()
    assert c.status == "dibuka_kembali"
    rules.answer(c, staff, "Sudah diperbaiki lagi.")
    with pytest.raises(DomainError) as e:
        rules.reopen(c, resident, "Masih belum.")
    assert e.value.code == "invalid_step"


def test_only_the_reporter_replies(resident, other_resident, staff):
    c = send(resident)
    with pytest.raises(DomainError) as e:
        rules.reply(c, other_resident, "Saya juga")
    assert e.value.status == 404
    with pytest.raises(DomainError):
        rules.verify(c, resident)


def test_daily_run_closes_after_ten_working_days_unless_reply(resident, staff, time_machine=None):
    a = send(resident, now=at(2026, 11, 2), title="A")
    b = send(resident, now=at(2026, 11, 2), title="B")
    for c in (a, b):
        rules.answer(c, staff, "Jawaban.", now=at(2026, 11, 3))
    rules.reply(b, resident, "Belum jelas, mohon dicek lagi.", now=at(2026, 11, 4))
    closed = rules.close_due_complaints(now=at(2026, 11, 17))  # close_due is the 17th
    assert closed == []
    closed = rules.close_due_complaints(now=at(2026, 11, 18))
    assert [c.pk for c in closed] == [a.pk]
    b.refresh_from_db()
    assert b.status == "dijawab"


def test_overdue_is_marked_once_and_staff_are_told(resident, staff):
    c = send(resident, now=at(2026, 11, 2))
    assert not c.is_overdue(today=at(2026, 11, 5).date())
    assert c.is_overdue(today=at(2026, 11, 6).date())
    assert list(Complaint.objects.overdue(at(2026, 11, 6).date())) == [c]
    assert [x.pk for x in rules.mark_overdue(now=at(2026, 11, 6))] == [c.pk]
    assert rules.mark_overdue(now=at(2026, 11, 9)) == []


def test_a_reply_to_an_answer_has_its_own_answer_deadline(client, resident, staff, program):
    c = send(resident, program=program, now=at(2026, 11, 2))
    rules.answer(c, staff, "Jawaban.", now=at(2026, 11, 3))
    c.refresh_from_db()
    assert not c.is_overdue(today=at(2026, 12, 1).date())  # answered: nothing due
    rules.reply(c, resident, "Belum jelas.", now=at(2026, 11, 4))  # Wed
    c.refresh_from_db()
    assert c.awaits_answer and c.answer_due.isoformat() == "2026-11-11"
    rules.reply(c, resident, "Mohon segera.", now=at(2026, 11, 6))  # does not move it
    c.refresh_from_db()
    assert c.answer_due.isoformat() == "2026-11-11"
    assert not c.is_overdue(today=at(2026, 11, 11).date())
    late = at(2026, 11, 12).date()
    assert c.is_overdue(today=late)
    assert list(Complaint.objects.overdue(late)) == [c]
    assert [x.pk for x in rules.mark_overdue(now=at(2026, 11, 12))] == [c.pk]
    assert (
        rules._figures(
            Complaint.objects.values_list(*rules.FIGURE_COLUMNS),
            today=late,
        )["overdue"]
        == 1
    )
    client.force_login(staff)
    assert "row--late" in client.get("/pengaduan/staf/").content.decode()
    rules.answer(c, staff, "Jawaban kedua.", now=at(2026, 11, 13))
    c.refresh_from_db()
    assert not c.awaits_answer and not c.is_overdue(today=late)
    assert c.overdue_since is None
    assert not Complaint.objects.overdue(at(2026, 11, 20).date()).exists()


def test_staff_are_told_again_when_a_verified_complaint_is_late_to_answer(resident, staff):
    c = send(resident, now=at(2026, 11, 2))  # verify by Thu 5th
    assert [x.pk for x in rules.mark_overdue(now=at(2026, 11, 6))] == [c.pk]
    rules.verify(c, staff, now=at(2026, 11, 9))  # late; answer by the 12th
    c.refresh_from_db()
    assert c.overdue_since is None
    assert rules.mark_overdue(now=at(2026, 11, 12)) == []
    assert [x.pk for x in rules.mark_overdue(now=at(2026, 11, 13))] == [c.pk]
    rules.answer(c, staff, "Jawaban.", now=at(2026, 11, 16))
    c.refresh_from_db()
    assert c.overdue_since is None


def test_daily_command_sends_one_mail_to_staff(resident, staff):
    c = send(resident, now=at(2020, 1, 6))
    mail.outbox.clear()
    call_command("participation_daily", stdout=io.StringIO())
    c.refresh_from_db()
    assert c.overdue_since is not None
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert c.code in mail.outbox[0].body


def test_public_figures_never_show_content(client, resident, staff, program):
    a = send(resident, program=program, now=at(2026, 11, 2))
    rules.answer(a, staff, "Jawaban rahasia untuk pelapor.", now=at(2026, 11, 4))
    send(resident, program=program, now=at(2026, 11, 2), title="Keluhan kedua yang pribadi")
    figures = rules.program_figures(program)
    assert figures["count"] == 2 and figures["answered"] == 1
    assert figures["median_days"] == 2
    page = client.get(f"/pengaduan/kinerja/{program.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "pribadi" not in body and "rahasia" not in body
    listing = client.get("/pengaduan/kinerja/").content.decode()
    assert "Pelatihan Menjahit" in listing


def test_public_figures_name_no_draft_or_private_program(client, resident, program):
    from wagtail.models import PageViewRestriction

    draft = ProgramPageFactory(parent=program.get_parent(), title="Program Rahasia Draf")
    draft.unpublish()
    private = ProgramPageFactory(parent=program.get_parent(), title="Program Khusus Pegawai")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    for p in (program, draft, private):
        send(resident, program=p, now=at(2026, 11, 2))
    assert [p for p, _f in rules.figures_by_program()] == [program]
    listing = client.get("/pengaduan/kinerja/").content.decode()
    assert "Pelatihan Menjahit" in listing
    assert "Program Rahasia Draf" not in listing and "Program Khusus Pegawai" not in listing
    assert rules.overall_figures()["count"] == 3


# --- Privacy: nobody reads someone else's complaint (HTML) ---------------------------


@pytest.mark.parametrize(
    "who,status",
    [("anonymous", 302), ("other", 404), ("reporter", 200), ("staff", 200), ("moderator", 200)],
)
def test_who_reads_a_complaint_page(
    client, resident, other_resident, staff, moderator, who, status
):
    c = send(resident, title="Keluhan pribadi Bu Siti")
    users = {"other": other_resident, "reporter": resident, "staff": staff, "moderator": moderator}
    if who in users:
        client.force_login(users[who])
    page = client.get(f"/pengaduan/{c.code}/")
    assert page.status_code == status
    if status != 200:
        assert "Keluhan pribadi" not in page.content.decode()


def test_other_resident_cannot_act_on_a_complaint(client, resident, other_resident):
    c = send(resident)
    client.force_login(other_resident)
    assert client.post(f"/pengaduan/{c.code}/tindak/", {"action": "confirm"}).status_code == 404


def test_the_queue_is_for_staff(client, resident, staff):
    send(resident)
    client.force_login(resident)
    assert client.get("/pengaduan/staf/").status_code == 403
    client.force_login(staff)
    assert client.get("/pengaduan/staf/").status_code == 200


def test_lookup_by_code(client, resident):
    c = send(resident)
    client.force_login(resident)
    page = client.get("/pengaduan/", {"kode": c.code.lower()})
    assert page["Location"] == f"/pengaduan/{c.code}/"


def test_html_flow(client, resident, staff):
    client.force_login(resident)
    page = client.post(
        "/pengaduan/baru/",
        {
            "subject": "service",
            "service": "Surat domisili",
            "title": "Surat lama",
            "description": "Sudah 2 minggu.",
        },
    )
    c = Complaint.objects.get()
    assert page["Location"] == f"/pengaduan/{c.code}/"
    client.force_login(staff)
    client.post(f"/pengaduan/{c.code}/tindak/", {"action": "answer", "body": "Surat sudah jadi."})
    client.force_login(resident)
    client.post(f"/pengaduan/{c.code}/tindak/", {"action": "confirm"})
    c.refresh_from_db()
    assert c.status == "selesai"


def test_rate_limit(resident):
    for n in range(5):
        send(resident, title=f"Keluhan {n}")
    with pytest.raises(DomainError) as e:
        send(resident, title="Keenam")
    assert e.value.status == 429
