"""`schemathesis --checks all` over the whole /api/ surface, in the suite.

Every operation mounted in config/api.py (whatever routers other apps add) is fuzzed
from /api/openapi.json in-process: examples, coverage and fuzzing phases with every
built-in check (status codes, content types, headers, response schemas, negative data
rejection, unsupported methods, missing/ignored auth, ...), once anonymously and once
signed in as a resident (X-Session-Token); then the stateful phase chains calls by the
links schemathesis infers. The number of examples is bounded so the file stays around
a minute on two cores; BALAI_FUZZ_EXAMPLES raises it locally.
"""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.config._checks import PositiveDataAcceptanceConfig

from tests.api.test_openapi_fuzz import (  # noqa: F401  (fixtures)
    in_process_requests,
    kelurahan,
    session_token,
)

EXAMPLES = int(os.environ.get("BALAI_FUZZ_EXAMPLES", "6"))

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
schema.config.phases.update(phases=["examples", "coverage", "fuzzing", "stateful"])
schema.config.generation.update(max_examples=EXAMPLES, deterministic=True)
# A request can match the schema and still name something that does not exist (an
# area slug, a group id) or break a rule between fields (`from` after `to`): OpenAPI
# cannot say so. Those answer 422 with the documented {"detail", "code", "errors"}
# body, which positive-data acceptance is told to expect; every other check runs as is.
schema.config.checks.update(included_check_names=["all"])
schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
    expected_statuses=["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
)

FUZZ = settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_all_checks_anonymous(case, kelurahan):  # noqa: F811
    case.call_and_validate()


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_all_checks_signed_in_resident(case, kelurahan):  # noqa: F811
    case.call_and_validate(headers={"X-Session-Token": kelurahan["token"]})


@pytest.mark.django_db
def test_stateful_phase_as_a_signed_in_resident(kelurahan):  # noqa: F811
    """Chains calls along the links schemathesis infers between operations (ids in one
    answer used as path parameters of the next), with every check, as a resident."""
    token = kelurahan["token"]
    machine = schema.as_state_machine()

    headers = {"X-Session-Token": token}

    class ResidentStateMachine(machine):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # Name the credentials, so the auth checks know what "no auth" means here.
            case.validate_response(
                response,
                additional_checks=additional_checks,
                headers=headers,
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    ResidentStateMachine.run(
        settings=settings(
            max_examples=EXAMPLES * 3,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
    )


def test_every_operation_documents_its_errors_and_optional_auth_is_optional(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert paths
    for path, methods in paths.items():
        for method, operation in methods.items():
            responses = operation["responses"]
            for status in ("400", "422"):
                assert status in responses, (method, path, status)
            for status, answer in responses.items():
                if status.startswith(("4", "5")):
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith(("/ErrorOut", "/ValidationErrorOut")), (path, status)
            security = operation.get("security", [])
            if any("OptionalSessionTokenAuth" in r for r in security):
                assert {} in security, (method, path)
            if security:
                assert "401" in responses, (method, path)
