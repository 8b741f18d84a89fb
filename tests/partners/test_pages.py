"""The needs board pages: public listing and detail, the partner page, the partner
dashboard, invitations; who may do what, and bad input shown next to the form."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from partners import invitations
from partners.models import Need, PartnerInvitation, PartnerMember, Pledge
from tests.factories.community import UserFactory
from tests.factories.partners import NeedFactory, make_pledge
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def test_board_lists_public_needs_with_progress(client, need, cash_need, partner):
    make_pledge(need, partner, 12, status=Pledge.Status.CONFIRMED)
    NeedFactory(title="Draf rahasia", status=Need.Status.DRAFT)
    response = client.get("/kebutuhan/")
    html = response.content.decode()
    assert response.status_code == 200
    assert need.title in html and cash_need.title in html and "Draf rahasia" not in html
    assert "Melebihi kebutuhan" in html and "2 mesin jahit lebih dari yang dibutuhkan" in html
    assert "Rp5.000.000" in html


def test_board_filters(client, need, cash_need):
    html = client.get("/kebutuhan/", {"jenis": "cash"}).content.decode()
    assert cash_need.title in html and need.title not in html
    Need.objects.filter(pk=need.pk).update(status=Need.Status.CLOSED)
    html = client.get("/kebutuhan/", {"terbuka": "on"}).content.decode()
    assert need.title not in html
    assert client.get("/kebutuhan/", {"jenis": "emas"}).status_code == 200


def test_board_query_count_stays_flat(client, program, rw, partner):
    NeedFactory(program=program, area=rw)
    few = page_queries(client, "/kebutuhan/")
    for _ in range(10):
        make_pledge(NeedFactory(program=program, area=rw), partner, 1)
    assert page_queries(client, "/kebutuhan/") == few


def test_detail_hides_drafts_from_residents_but_not_staff(client, resident, staff):
    draft = NeedFactory(status=Need.Status.DRAFT)
    assert client.get(draft.url).status_code == 404
    client.force_login(resident)
    assert client.get(draft.url).status_code == 404
    client.force_login(staff)
    assert client.get(draft.url).status_code == 200


def test_residents_see_no_pledge_form_and_no_private_notes(client, need, partner, resident):
    make_pledge(need, partner, 2, note="Telepon Pak Budi 0812-9999")
    client.force_login(resident)
    html = client.get(need.url).content.decode()
    assert 'name="amount"' not in html and "0812-9999" not in html
    assert "Hanya akun mitra yang dapat berjanji" in html


def test_a_partner_pledges_through_the_form(client, need, partner_user):
    client.force_login(partner_user)
    assert 'name="amount"' in client.get(need.url).content.decode()
    response = client.post(f"/kebutuhan/{need.pk}/janji/", {"amount": "3", "note": ""})
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.pledged_total == 3


@pytest.mark.parametrize("amount", ["0", "-2", "tiga", ""])
def test_bad_amount_shows_the_error_next_to_the_form(client, need, partner_user, amount):
    client.force_login(partner_user)
    response = client.post(f"/kebutuhan/{need.pk}/janji/", {"amount": amount})
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "field-error" in html
    assert Pledge.objects.count() == 0


def test_pledge_to_a_closed_need_is_refused_in_indonesian(client, need, partner_user):
    Need.objects.filter(pk=need.pk).update(status=Need.Status.CLOSED)
    client.force_login(partner_user)
    response = client.post(f"/kebutuhan/{need.pk}/janji/", {"amount": "1"})
    assert "Kebutuhan ini sudah ditutup untuk janji baru." in response.content.decode()
    assert Pledge.objects.count() == 0


def test_staff_confirm_from_the_need_page(client, need, partner, staff, partner_user):
    pledge = make_pledge(need, partner, 2)
    client.force_login(partner_user)
    client.post(f"/mitra/janji/{pledge.pk}/konfirmasi/")
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.PLEDGED  # a partner cannot confirm
    client.force_login(staff)
    assert "Konfirmasi janji" in client.get(need.url).content.decode()
    client.post(f"/mitra/janji/{pledge.pk}/konfirmasi/")
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CONFIRMED


def test_partner_page_lists_pledged_and_delivered(client, need, partner):
    partner.contact_phone = "0812-7777-1111"
    partner.save()
    make_pledge(need, partner, 4, status=Pledge.Status.DELIVERED, report="Dipakai 12 peserta.")
    make_pledge(need, partner, 1, status=Pledge.Status.CANCELLED)
    html = client.get(f"/mitra/{partner.slug}/").content.decode()
    assert partner.name in html and need.title in html and "Dipakai 12 peserta." in html
    assert "0812-7777-1111" not in html  # the phone is for staff only
    assert html.count("badge--cancelled") == 0
    assert client.get("/mitra/tidak-ada/").status_code == 404


def test_dashboard_is_for_partner_accounts(client, resident, partner_user, need, partner):
    assert client.get("/mitra/dasbor/").status_code == 302  # log in first
    client.force_login(resident)
    assert client.get("/mitra/dasbor/").status_code == 403
    make_pledge(need, partner, 2, status=Pledge.Status.CONFIRMED)
    client.force_login(partner_user)
    html = client.get("/mitra/dasbor/").content.decode()
    assert need.title in html and "Tandai sudah disalurkan" in html


def test_partner_delivers_with_evidence_and_reports(client, need, partner, partner_user):
    pledge = make_pledge(need, partner, 2, status=Pledge.Status.CONFIRMED)
    client.force_login(partner_user)
    response = client.post(f"/mitra/janji/{pledge.pk}/salurkan/", {"note": "tanpa bukti"})
    assert response.status_code == 400
    assert "mewajibkan bukti penyaluran" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CONFIRMED
    upload = SimpleUploadedFile("berita-acara.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/mitra/janji/{pledge.pk}/salurkan/", {"evidence": upload})
    assert response.status_code == 302
    client.post(f"/mitra/janji/{pledge.pk}/laporan/", {"report": "Sudah dipakai kursus."})
    pledge.refresh_from_db()
    need.refresh_from_db()
    assert pledge.status == Pledge.Status.REPORTED and need.delivered_total == 2


def test_a_partner_cannot_touch_another_partners_pledge(client, need, partner, other_partner_user):
    pledge = make_pledge(need, partner, 2, status=Pledge.Status.CONFIRMED)
    client.force_login(other_partner_user)
    for action, data in [
        ("salurkan", {}),
        ("batal", {"reason": "x"}),
        ("laporan", {"report": "x"}),
    ]:
        assert client.post(f"/mitra/janji/{pledge.pk}/{action}/", data).status_code == 404
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CONFIRMED


def test_cancel_without_a_reason_is_refused(client, need, partner, partner_user):
    pledge = make_pledge(need, partner, 2)
    client.force_login(partner_user)
    response = client.post(f"/mitra/janji/{pledge.pk}/batal/", {"reason": ""})
    assert response.status_code == 400
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.PLEDGED


def test_invitation_is_mailed_and_accepting_links_the_account(client, partner, staff):
    invitation = invitations.invite(partner, "Program@Mitra.test", by=staff)
    assert invitation.email == "program@mitra.test"
    # The e-mail goes out through django-tasks after commit (run it as the worker would).
    from partners.tasks import send_invitation

    send_invitation.call(invitation.pk)
    assert mail.outbox[-1].to == ["program@mitra.test"]
    assert f"/mitra/undangan/{invitation.token}/" in mail.outbox[-1].body
    url = invitation.get_absolute_url()
    assert "Masuk" in client.get(url).content.decode()
    stranger = UserFactory(email="lain@warga.test")
    client.force_login(stranger)
    client.post(url)
    assert not PartnerMember.objects.filter(user=stranger).exists()
    invited = UserFactory(email="program@mitra.test")
    client.force_login(invited)
    response = client.post(url)
    assert response.status_code == 302
    assert PartnerMember.objects.get(user=invited).partner == partner
    invitation.refresh_from_db()
    assert invitation.accepted_by == invited


def test_only_staff_invite(partner, resident, partner_user):
    from config.errors import DomainError

    for user in (resident, partner_user):
        with pytest.raises(DomainError):
            invitations.invite(partner, "x@mitra.test", by=user)
    assert PartnerInvitation.objects.count() == 0


def test_unknown_invitation_is_404(client):
    assert client.get("/mitra/undangan/bukan-token/").status_code == 404


def test_partner_pages_query_counts_stay_flat(client, program, rw, partner, partner_user):
    client.force_login(partner_user)
    make_pledge(NeedFactory(program=program, area=rw), partner, 1, status=Pledge.Status.CONFIRMED)
    urls = ["/mitra/dasbor/", f"/mitra/{partner.slug}/"]
    few = {url: page_queries(client, url) for url in urls}
    for status in Pledge.Status.values * 2:
        make_pledge(NeedFactory(program=program, area=rw), partner, 1, status=status)
    assert {url: page_queries(client, url) for url in urls} == few
