"""Proposals: who may submit and support, bad input, the status workflow, hiding."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from config.errors import DomainError
from participation import proposals as rules
from participation.models import Proposal, ProposalAnswer, ProposalSupport
from tests.factories.participation import ProposalFactory
from tests.participation.images import jpeg_with_gps, not_an_image

pytestmark = pytest.mark.django_db


def submit(user, rw, **kwargs):
    data = {
        "title": "Lampu jalan di Gang Mawar",
        "description": "Gang Mawar gelap sejak lampu rusak bulan lalu.",
        "category": "infrastruktur",
        "area": rw,
    }
    data.update(kwargs)
    return rules.submit(user, **data)


def test_a_verified_resident_submits(resident, rw):
    proposal = submit(resident, rw)
    assert proposal.status == Proposal.Status.NEW
    assert proposal.author == resident
    assert rules.listing().filter(pk=proposal.pk).exists()


def test_unverified_and_no_consent_are_refused(unverified, no_consent, rw):
    with pytest.raises(DomainError) as e:
        submit(unverified, rw)
    assert e.value.code == "email_unverified"
    with pytest.raises(DomainError) as e:
        submit(no_consent, rw)
    assert e.value.code == "consent_required"
    assert Proposal.objects.count() == 0


def test_html_is_stripped(resident, rw):
    proposal = submit(
        resident,
        rw,
        title="<b>Taman</b> bermain <script>alert(1)</script>",
        description="<p>Perlu <a href='x'>taman</a></p>",
    )
    assert proposal.title == "Taman bermain alert(1)"
    assert "<" not in proposal.description


def test_empty_and_too_long_text_are_refused(resident, rw):
    with pytest.raises(DomainError, match="tidak boleh kosong|must not be empty"):
        submit(resident, rw, title="<b></b>  ")
    with pytest.raises(DomainError) as e:
        submit(resident, rw, description="x" * 3001)
    assert e.value.code == "too_long"
    assert Proposal.objects.count() == 0


def test_rate_limit_per_resident_per_day(resident, rw, staff):
    for n in range(3):
        submit(resident, rw, title=f"Usulan {n}")
    with pytest.raises(DomainError) as e:
        submit(resident, rw, title="Usulan keempat")
    assert e.value.code == "rate_limited" and e.value.status == 429
    assert Proposal.objects.filter(author=resident).count() == 3


def test_photo_is_stripped_of_exif_and_gps(resident, rw):
    proposal = submit(resident, rw, photo=jpeg_with_gps())
    with Image.open(proposal.photo.path) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info


def test_a_bad_image_is_refused_and_nothing_is_saved(resident, rw, settings):
    with pytest.raises(DomainError) as e:
        submit(resident, rw, photo=not_an_image())
    assert e.value.code == "bad_image"
    assert "foto" in e.value.message.lower() or "photo" in e.value.message.lower()
    assert Proposal.objects.count() == 0
    media = settings.MEDIA_ROOT
    assert not (media / "usulan").exists() or not any((media / "usulan").rglob("*.jpg"))


def test_a_too_large_photo_is_refused(resident, rw):
    big = SimpleUploadedFile("besar.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 1))
    with pytest.raises(DomainError) as e:
        submit(resident, rw, photo=big)
    assert e.value.code == "image_too_large"
    assert Proposal.objects.count() == 0


def test_support_once_and_withdraw(resident, other_resident):
    proposal = ProposalFactory(author=resident)
    assert rules.support(proposal, other_resident) == 1
    assert rules.support(proposal, other_resident) == 1  # harmless repeat
    assert ProposalSupport.objects.filter(proposal=proposal).count() == 1
    assert rules.withdraw_support(proposal, other_resident) == 0
    proposal.refresh_from_db()
    assert proposal.support_count == 0


def test_author_cannot_support_own(resident):
    proposal = ProposalFactory(author=resident)
    with pytest.raises(DomainError) as e:
        rules.support(proposal, resident)
    assert e.value.code == "own_proposal"


def test_unverified_cannot_support(unverified):
    proposal = ProposalFactory()
    with pytest.raises(DomainError):
        rules.support(proposal, unverified)


def test_workflow_with_public_answers_and_emails(
    staff, other_resident, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory()
    rules.support(proposal, other_resident)
    with django_capture_on_commit_callbacks(execute=True):
        rules.answer(proposal, staff, status="ditinjau", body="Kami tinjau bersama lurah.")
    assert {m.to[0] for m in mail.outbox} == {proposal.author.email, other_resident.email}
    rules.answer(proposal, staff, status="diterima", body="Diterima, masuk anggaran 2027.")
    with pytest.raises(DomainError) as e:
        rules.answer(proposal, staff, status="baru", body="x")
    assert e.value.code == "invalid_transition"
    rules.answer(proposal, staff, status="dilaksanakan", body="Pekerjaan dimulai.")
    rules.answer(proposal, staff, status="selesai", body="Sudah selesai.")
    assert list(proposal.answers.values_list("status", flat=True)) == [
        "ditinjau",
        "diterima",
        "dilaksanakan",
        "selesai",
    ]


def test_rejection_needs_a_reason(staff):
    proposal = ProposalFactory()
    with pytest.raises(DomainError):
        rules.answer(proposal, staff, status="ditolak", body="  ")
    proposal.refresh_from_db()
    assert proposal.status == "baru"
    assert ProposalAnswer.objects.count() == 0


def test_residents_cannot_answer_or_hide(resident):
    proposal = ProposalFactory()
    with pytest.raises(DomainError) as e:
        rules.answer(proposal, resident, status="ditinjau", body="x")
    assert e.value.status == 403
    with pytest.raises(DomainError):
        rules.hide(proposal, resident, "spam")


def test_moderator_answers_too(moderator):
    proposal = ProposalFactory()
    rules.answer(proposal, moderator, status="ditinjau", body="Ditinjau.")


def test_hidden_proposal_leaves_the_listing_and_shows_the_reason(client, staff):
    proposal = ProposalFactory(title="Jual obat murah")
    rules.hide(proposal, staff, "Iklan, bukan usulan.")
    assert not rules.listing().filter(pk=proposal.pk).exists()
    page = client.get(f"/usulan/{proposal.pk}/")
    assert page.status_code == 200
    assert "Iklan, bukan usulan." in page.content.decode()
    assert "Jual obat murah" not in page.content.decode()


def test_listing_filters_and_sort(client, rw, rw4):
    a = ProposalFactory(title="Taman baca", category="pendidikan", area=rw)
    b = ProposalFactory(title="Saluran air", category="infrastruktur", area=rw4, support_count=9)
    assert list(rules.listing(sort="dukungan"))[0] == b
    assert list(rules.listing(category="pendidikan")) == [a]
    assert list(rules.listing(area=rw4)) == [b]
    assert list(rules.listing(q="taman")) == [a]
    assert list(rules.listing(area=rw.parent)) == [b, a]
    page = client.get("/usulan/", {"urut": "dukungan", "wilayah": rw4.slug})
    body = page.content.decode()
    assert "Saluran air" in body and "Taman baca" not in body


def test_text_cannot_be_edited(resident):
    """No rule, view or endpoint changes a proposal's text after it is public."""
    assert not hasattr(rules, "edit")
    assert not any(name.startswith(("edit", "update")) for name in dir(rules))


def test_html_submit_page(client, resident, rw):
    client.force_login(resident)
    page = client.post(
        "/usulan/baru/",
        {
            "title": "Bank sampah RW 03",
            "description": "Mari buat bank sampah.",
            "category": "lingkungan",
            "area": rw.slug,
        },
    )
    proposal = Proposal.objects.get()
    assert page.status_code == 302 and page["Location"] == f"/usulan/{proposal.pk}/"


def test_html_bad_image_shows_an_indonesian_error(client, resident, rw):
    client.force_login(resident)
    page = client.post(
        "/usulan/baru/",
        {
            "title": "Bank sampah",
            "description": "Mari buat bank sampah.",
            "category": "lingkungan",
            "area": rw.slug,
            "photo": not_an_image(),
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert page.status_code == 200
    assert "Foto tidak dapat dibaca" in page.content.decode()
    assert Proposal.objects.count() == 0


def test_anonymous_support_goes_to_login(client):
    proposal = ProposalFactory()
    page = client.post(f"/usulan/{proposal.pk}/dukung/")
    assert page.status_code == 302 and "login" in page["Location"] or "masuk" in page["Location"]


def test_staff_answers_on_the_page(client, staff):
    proposal = ProposalFactory()
    client.force_login(staff)
    page = client.get(f"/usulan/{proposal.pk}/")
    assert (
        "Publish the answer" in page.content.decode()
        or "Terbitkan jawaban" in page.content.decode()
    )
    client.post(f"/usulan/{proposal.pk}/jawab/", {"status": "ditinjau", "body": "Sedang ditinjau."})
    proposal.refresh_from_db()
    assert proposal.status == "ditinjau"


def test_resident_cannot_post_an_answer(client, resident):
    proposal = ProposalFactory()
    client.force_login(resident)
    assert (
        client.post(
            f"/usulan/{proposal.pk}/jawab/", {"status": "ditinjau", "body": "x"}
        ).status_code
        == 403
    )
