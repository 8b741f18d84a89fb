"""The Wagtail admin: staff build a survey with its questions (InlinePanel), add cuti
bersama, and read proposals and complaints; residents get nothing."""

import pytest
from django.contrib.auth.models import Group, Permission

from participation.models import CutiBersama, Survey
from tests.factories.participation import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(staff):
    # Staf Humas reach the admin through the group the migrations set up.
    group = Group.objects.get(name="Staf Humas")
    if not group.permissions.filter(codename="access_admin").exists():
        group.permissions.add(Permission.objects.get(codename="access_admin"))
    return staff


def test_staff_build_a_survey_with_questions(client, editor):
    client.force_login(editor)
    url = "/admin/snippets/participation/survey/add/"
    assert client.get(url).status_code == 200
    data = {
        "title": "Survei Kebutuhan Air Bersih",
        "intro": "Untuk perencanaan 2027.",
        "opens_at": "2026-01-01 08:00",
        "closes_at": "2026-02-01 08:00",
        "audience": "everyone",
        "results_public": "on",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "1",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-text": "Sumber air di rumah Anda?",
        "questions-0-kind": "single_choice",
        "questions-0-required": "on",
        "questions-0-choices": "PAM\nSumur\nAir isi ulang",
        "questions-0-ORDER": "1",
        "questions-1-text": "Berapa liter per hari?",
        "questions-1-kind": "number",
        "questions-1-ORDER": "2",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    survey = Survey.objects.get()
    assert [q.kind for q in survey.questions.order_by("sort_order")] == ["single_choice", "number"]


def test_a_choice_question_needs_two_choices(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/snippets/participation/survey/add/",
        {
            "title": "Survei",
            "opens_at": "2026-01-01 08:00",
            "closes_at": "2026-02-01 08:00",
            "audience": "everyone",
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "1",
            "questions-MAX_NUM_FORMS": "1000",
            "questions-0-text": "Pilih satu",
            "questions-0-kind": "single_choice",
            "questions-0-choices": "Hanya satu",
            "questions-0-ORDER": "1",
        },
    )
    assert response.status_code == 200
    assert Survey.objects.count() == 0


def test_staff_add_cuti_bersama_and_read_lists(client, editor):
    ProposalFactory(title="Taman baca")
    client.force_login(editor)
    response = client.post(
        "/admin/snippets/participation/cutibersama/add/",
        {"date": "2026-12-24", "name": "Cuti bersama Natal"},
    )
    assert response.status_code == 302
    assert CutiBersama.objects.filter(name="Cuti bersama Natal").exists()
    listing = client.get("/admin/proposals/")
    assert listing.status_code == 200 and "Taman baca" in listing.content.decode()
    assert client.get("/admin/complaints/").status_code == 200


def test_residents_get_no_admin(client, resident):
    client.force_login(resident)
    assert client.get("/admin/snippets/participation/survey/").status_code in (302, 403)
