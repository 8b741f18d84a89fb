"""Property-based fuzzing of the JSON API with schemathesis, from /api/openapi.json.

Every operation in the schema is called in-process (WSGI) with generated input, both as
an anonymous caller and with a resident's X-Session-Token, on a small kelurahan (a
program, a group with a leader, an event with a session). Checks: never a 5xx, and
every documented response matches its schema (content type included). The number of
examples is bounded (FUZZ_EXAMPLES per operation, coverage phase off) so the whole file
stays well under a minute on two cores; raise it locally with BALAI_FUZZ_EXAMPLES=200.

The schema is read from the running app. A security scheme of type apiKey must name its
header (OpenAPI 3.1); schemathesis refuses the whole schema otherwise. Such a scheme is
reported by test_security_schemes_name_their_header and, so that the fuzzing still runs,
named X-Session-Token in the copy the fuzzer uses.

Generated path parameters of the wrong type ("/api/groups/false/membership/") match no
API route and fall through to Wagtail's page serving, which answers in HTML (404, or a
CSRF 403 for a POST). That gap is its own test (test_unmatched_api_paths_answer_json);
for such URLs the fuzz tests only require "no 5xx".

Two more known gaps have their own xfail tests, and the fuzz tests do not fail on them
(so they keep looking for new problems): (1) request validation errors answer
{"detail": [list of errors]} while endpoints document 422 as {"detail": "<string>"};
(2) on SQLite only, a path id beyond 64 bits ("/api/events/545531728734680121344/")
raises OverflowError (a 500) instead of a 404. PostgreSQL answers 404 there.
"""

import json
import os
from datetime import timedelta
from importlib import import_module

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import Client
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
INT64 = range(-(2**63), 2**63)

SCHEMA_PATH = "/api/openapi.json"


def load_raw_schema():
    response = Client().get(SCHEMA_PATH)
    assert response.status_code == 200, f"{SCHEMA_PATH} answered {response.status_code}"
    return json.loads(response.content)


def unnamed_api_key_schemes(raw):
    schemes = raw.get("components", {}).get("securitySchemes", {})
    return sorted(
        name
        for name, scheme in schemes.items()
        if scheme.get("type") == "apiKey" and not (scheme.get("name") and scheme.get("in"))
    )


def fuzzable(raw):
    """The schema as served, with unnamed apiKey schemes named X-Session-Token (the only
    header the API's token auth reads), so one schema slip does not stop the fuzzing."""
    for name in unnamed_api_key_schemes(raw):
        scheme = raw["components"]["securitySchemes"][name]
        scheme.setdefault("name", "X-Session-Token")
        scheme.setdefault("in", "header")
    return raw


schema = schemathesis.openapi.from_dict(fuzzable(load_raw_schema()))
schema.app = get_wsgi_application()
schema.location = SCHEMA_PATH
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


@pytest.mark.xfail(
    reason="config/api_auth.py: the X-Session-Token auth classes need openapi_in = 'header' "
    "and openapi_name = 'X-Session-Token' (reported to the lead)",
    strict=False,
)
def test_security_schemes_name_their_header():
    assert unnamed_api_key_schemes(load_raw_schema()) == []


FUZZ_SETTINGS = settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


def routed_to_api(path):
    try:
        return resolve(path).namespace == "api"
    except Resolver404:
        return False


def is_validation_error_list(response):
    """Known gap (1): config/api.py's validation handler puts a list in "detail"."""
    if response.status_code != 422:
        return False
    try:
        return isinstance(json.loads(response.content).get("detail"), list)
    except (ValueError, AttributeError):
        return False


def id_beyond_64_bits(case):
    """Known gap (2), SQLite only: such an id is an OverflowError in the driver."""
    values = (case.path_parameters or {}).values()
    return connection.vendor == "sqlite" and any(
        isinstance(v, int) and not isinstance(v, bool) and v not in INT64 for v in values
    )


def call_and_check(case, headers=None):
    response = case.call(headers=headers)
    if id_beyond_64_bits(case):
        return
    if not routed_to_api(case.formatted_path):
        assert response.status_code < 500, f"{case.formatted_path}: {response.status_code}"
        return
    checks = CHECKS
    if is_validation_error_list(response):
        checks = [not_a_server_error, content_type_conformance]
    case.validate_response(response, checks=checks, headers=headers)


@pytest.mark.xfail(
    reason="config/urls.py: an /api/ path that matches no endpoint falls through to "
    "Wagtail and answers HTML; a JSON 404 catch-all for api/ is suggested to the lead",
    strict=False,
)
@pytest.mark.django_db
def test_unmatched_api_paths_answer_json(client):
    for method in ("get", "post"):
        response = getattr(client, method)("/api/groups/false/membership/")
        assert response["Content-Type"].startswith("application/json"), (method, response)


@pytest.mark.xfail(
    reason="config/api.py on_validation_error answers detail=[errors] but endpoints "
    "document 422 as ErrorOut (detail: string); reported to the lead",
    strict=False,
)
@pytest.mark.django_db
def test_validation_errors_match_the_documented_error_schema(client, kelurahan):
    response = client.patch(
        "/api/me/",
        data={"email_reminders": "not a boolean"},
        content_type="application/json",
        HTTP_X_SESSION_TOKEN=kelurahan["token"],
    )
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str), response.json()


@pytest.mark.xfail(
    connection.vendor == "sqlite",
    reason="SQLite: an id beyond 64 bits raises OverflowError (500) in get_object_or_404; "
    "declare path ids as bounded ints (reported to the events and community owners)",
    strict=False,
)
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
