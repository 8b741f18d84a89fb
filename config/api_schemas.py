"""The one error shape of the JSON API, for every endpoint's OpenAPI `response`.

Every error answers `{"detail": <a sentence in the user's language>, "code": <stable>}`;
422 adds `errors` ({field: [messages]}). Declare what an endpoint can answer, so a
generated client knows every status:

    @router.post("/{int:event_id}/enrollment/",
                 response={200: EnrollmentStateOut, **error_responses(401, 404, 409)})
"""

from ninja import Schema


class ErrorOut(Schema):
    detail: str
    code: str


class ValidationErrorOut(ErrorOut):
    errors: dict[str, list[str]] = {}


def error_responses(*statuses):
    """{status: schema} for the given 4xx/5xx statuses; 422 always included."""
    found = dict.fromkeys(statuses, ErrorOut)
    found[422] = ValidationErrorOut
    return found
