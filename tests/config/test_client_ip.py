"""The visitor's address behind the documented nginx (config/client_ip.py): the
anonymous survey limit and the claim-code limit count per visitor, not per proxy."""

import pytest
from django.test import RequestFactory

from community import assisted
from config.client_ip import client_ip
from participation import surveys as survey_rules
from participation.models import SurveyResponse
from tests.factories.participation import SurveyFactory, add_question

PROXY = "127.0.0.1"


def request_from(forwarded=None, remote=PROXY):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.BALAI_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.7")) == PROXY


@pytest.mark.parametrize(
    "count,forwarded,expected",
    [
        (1, "203.0.113.7", "203.0.113.7"),
        # A visitor's own X-Forwarded-For is on the left: nginx appends what it saw.
        (1, "10.9.9.9, 203.0.113.7", "203.0.113.7"),
        (2, "10.9.9.9, 203.0.113.7, 198.51.100.2", "203.0.113.7"),
        (1, "2001:db8::1", "2001:db8::1"),
        # Fewer addresses than proxies, or not an address: the proxy's address.
        (2, "203.0.113.7", PROXY),
        (1, "", PROXY),
        (1, "not-an-address", PROXY),
    ],
)
def test_behind_trusted_proxies(settings, count, forwarded, expected):
    settings.BALAI_TRUSTED_PROXY_COUNT = count
    assert client_ip(request_from(forwarded)) == expected


def test_no_header_at_all(settings):
    settings.BALAI_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from()) == PROXY


def test_allauth_reads_the_same_setting(settings):
    from allauth.core.internal.httpkit import get_client_ip

    from config.settings import base

    assert base.ALLAUTH_TRUSTED_PROXY_COUNT == base.BALAI_TRUSTED_PROXY_COUNT
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = settings.BALAI_TRUSTED_PROXY_COUNT = 1
    request = request_from("10.9.9.9, 203.0.113.7")
    assert get_client_ip(request) == client_ip(request) == "203.0.113.7"


@pytest.fixture
def anonymous_survey(db):
    survey = SurveyFactory(allow_anonymous=True)
    add_question(survey, "Saran Anda", "short_text")
    return survey


def test_anonymous_survey_limit_counts_each_visitor_behind_nginx(
    client, settings, anonymous_survey
):
    settings.BALAI_TRUSTED_PROXY_COUNT = 1
    question = anonymous_survey.questions.get()
    html = f"/survei/{anonymous_survey.pk}/"
    api = f"/api/surveys/{anonymous_survey.pk}/responses/"
    for n in range(survey_rules.ANONYMOUS_PER_DAY + 2):
        visitor = f"203.0.113.{n + 1}"
        response = client.post(
            html,
            {f"q_{question.pk}": "Lampu jalan"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=visitor,
        )
        assert response.status_code == 302, n
    assert SurveyResponse.objects.count() == survey_rules.ANONYMOUS_PER_DAY + 2
    # One visitor still meets the limit, through the HTML form and the API alike.
    for _n in range(survey_rules.ANONYMOUS_PER_DAY - 1):
        client.post(
            html,
            {f"q_{question.pk}": "Lagi"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.1",
        )

    def answer_by_api(forwarded_for):
        return client.post(
            api,
            {"answers": {str(question.pk): "Lagi"}},
            content_type="application/json",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        ).status_code

    # A spoofed entry on the left changes nothing: the proxy's entry is what counts.
    assert answer_by_api("10.0.0.8, 203.0.113.1") == 429
    assert answer_by_api("203.0.113.200") == 201


def test_claim_attempts_are_counted_per_visitor(client, settings, monkeypatch, db):
    settings.BALAI_TRUSTED_PROXY_COUNT = 1
    seen = []

    def fake_claim(code, email, password, client_key="-"):
        seen.append(client_key)
        raise assisted.DomainError("x", "invalid_claim_code", 422)

    monkeypatch.setattr(assisted, "claim", fake_claim)
    data = {
        "code": "ABCDE-FGH23",
        "email": "warga@contoh.id",
        "password1": "kata-sandi-kuat-2026",
        "password2": "kata-sandi-kuat-2026",
    }
    client.post("/akun/klaim/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert seen == ["203.0.113.9"]
