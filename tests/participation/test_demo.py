import io

import pytest
from django.core.management import call_command

from participation.models import Complaint, Proposal, ProposalAnswer, Survey, SurveyResponse

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "proposals": sorted(Proposal.objects.values_list("title", "status", "support_count")),
        "answers": ProposalAnswer.objects.count(),
        "complaints": sorted(Complaint.objects.values_list("code", "status")),
        "responses": SurveyResponse.objects.count(),
    }


def test_demo_is_realistic_and_idempotent(home_page, client):
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first
    assert len(first["proposals"]) == 12
    assert {s for _t, s, _n in first["proposals"]} == {
        "baru",
        "ditinjau",
        "diterima",
        "ditolak",
        "dilaksanakan",
        "selesai",
    }
    statuses = {s for _c, s in first["complaints"]}
    assert {"diajukan", "diverifikasi", "dijawab", "dibuka_kembali", "selesai"} <= statuses
    assert Complaint.objects.overdue().exists()
    assert Survey.objects.count() == 2
    for url in ("/usulan/", "/pengaduan/kinerja/", "/survei/"):
        assert client.get(url).status_code == 200, url
    survey = Survey.objects.first()
    assert client.get(f"/survei/{survey.pk}/hasil/").status_code == 200
    assert client.get(f"/api/surveys/{survey.pk}/results/").status_code == 200
