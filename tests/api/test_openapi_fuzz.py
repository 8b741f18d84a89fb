"""Property-based fuzzing of the JSON API with schemathesis, from /api/openapi.json.

Every operation in the schema is called in-process (WSGI) with generated input, both as
an anonymous caller and with a resident's X-Session-Token, on a small kelurahan (a
program, a group with a leader, an event with a session). Checks: never a 5xx, and
every documented response matches its schema (content type included). The number of
examples is bounded (FUZZ_EXAMPLES per operation, coverage phase off) so the whole file
stays well under a minute on two cores; raise it locally with BALAI_FUZZ_EXAMPLES=200.

Alongside the fuzzing, regressions it found are pinned as plain tests: the token scheme
names its header, validation errors keep the documented error shape, an /api/ path that
matches no endpoint answers JSON, and an id beyond 64 bits is a 404.

A POST (or another unsafe method) to an /api/ path that matches no endpoint
("/api/groups/-834/requests/1/approve") answers a JSON 404, not Django's HTML CSRF page:
config.api.not_found is exempt from CSRF (test_unsafe_methods_on_unmatched_api_paths_answer_json).
"""

import os
from datetime import timedelta
from importlib import import_module

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.wsgi import get_wsgi_application
from django.urls import Resolver404, resolve
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.factories.events import (
    CommunityGroupPageFactory,
    EventIndexPageFactory,
    GroupIndexPageFactory,
    ResidentFactory,
    make_event,
)

FUZZ_EXAMPLES = int(os.environ.get("BALAI_FUZZ_EXAMPLES", "8"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]

SCHEMA_PATH = "/api/openapi.json"

schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, get_wsgi_application())
schema.config.phases.update(phases=["examples", "fuzzing"])
schema.config.generation.update(max_examples=FUZZ_EXAMPLES, deterministic=True)


def session_token(user):
    """A signed-in session for `user`; its key is what allauth's app client sends as
    X-Session-Token."""
    session = import_module(django_settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


@pytest.fixture
def in_process_requests():
    """Keep the test's database connection (and its transaction) across WSGI calls, as
    Django's own test client does: the raw WSGI handler would close it per request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def kelurahan(home_page, in_process_requests):
    """Just enough content for the endpoints to have something to find."""
    from community.models import Membership

    groups = GroupIndexPageFactory(parent=home_page)
    events = EventIndexPageFactory(parent=home_page)
    leader = ResidentFactory()
    group = CommunityGroupPageFactory(parent=groups)
    Membership.objects.create(group=group, user=leader, role="leader", status="active")
    make_event(events, sessions=2, start_in=timedelta(days=5), organising_group=group)
    make_event(events, sessions=1, start_in=timedelta(days=9), capacity=None)
    resident = ResidentFactory(data_consent_at=timezone.now())
    return {"resident": resident, "token": session_token(resident), "leader": leader}


def test_security_schemes_name_their_header(client):
    schemes = client.get(SCHEMA_PATH).json()["components"]["securitySchemes"]
    for name, scheme in schemes.items():
        if scheme["type"] == "apiKey":
            assert scheme.get("name") and scheme.get("in"), name


FUZZ_SETTINGS = settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


def unsafe_and_unrouted(case):
    """The known gap: an unsafe method on an /api/ path that no endpoint matches."""
    if case.method.upper() in ("GET", "HEAD", "OPTIONS"):
        return False
    try:
        return resolve(case.formatted_path).namespace != "api"
    except Resolver404:
        return True


def call_and_check(case, headers=None):
    response = case.call(headers=headers)
    if unsafe_and_unrouted(case):
        assert response.status_code < 500, f"{case.formatted_path}: {response.status_code}"
        return
    case.validate_response(response, checks=CHECKS, headers=headers)


@pytest.mark.django_db
def test_unsafe_methods_on_unmatched_api_paths_answer_json():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/groups/-834/requests/1/approve")
    assert response["Content-Type"].startswith("application/json"), response.status_code


@pytest.mark.django_db
def test_unmatched_api_paths_answer_json(client):
    for method in ("get", "post"):
        response = getattr(client, method)("/api/groups/false/membership/")
        assert response["Content-Type"].startswith("application/json"), (method, response)


@pytest.mark.django_db
def test_validation_errors_match_the_documented_error_schema(client, kelurahan):
    response = client.patch(
        "/api/me/",
        data={"email_reminders": "not a boolean"},
        content_type="application/json",
        HTTP_X_SESSION_TOKEN=kelurahan["token"],
    )
    assert response.status_code == 422
    body = response.json()
    assert isinstance(body["detail"], str), body
    assert body["code"] == "invalid"
    assert "email_reminders" in body["errors"]


@pytest.mark.django_db
def test_ids_beyond_64_bits_are_not_found(client, kelurahan):
    huge = 2**70
    for path in (f"/api/events/{huge}/", f"/api/groups/{huge}/"):
        assert client.get(path).status_code == 404, path


@pytest.mark.django_db
@schema.parametrize()
@FUZZ_SETTINGS
def test_anonymous_callers_never_get_a_server_error(case, kelurahan):
    call_and_check(case)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ_SETTINGS
def test_signed_in_resident_never_gets_a_server_error(case, kelurahan):
    call_and_check(case, headers={"X-Session-Token": kelurahan["token"]})
