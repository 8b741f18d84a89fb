"""The one error shape of the JSON API, for every endpoint's OpenAPI `response`.

Every error answers `{"detail": <a sentence in the user's language>, "code": <stable>}`;
422 adds `errors` ({field: [messages]}). Declare what an endpoint can answer, so a
generated client knows every status:

    @router.post("/{int:event_id}/enrollment/",
                 response={200: EnrollmentStateOut, **error_responses(401, 404, 409)})
"""

import re
from datetime import date, datetime
from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, model_validator


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


class BodyIn(Schema):
    """Base for JSON request bodies: an object, never a list or a bare value (ninja's
    Schema would otherwise read attributes off a list and accept `[null, null]`)."""

    @model_validator(mode="wrap")
    @classmethod
    def _an_object(cls, value, handler):
        if not isinstance(value, dict | cls):
            raise ValueError("a JSON object is expected")
        return handler(value)


def _iso_date_only(value):
    # pydantic also reads "0" or "1700000000" as a date (a Unix time); the API means
    # YYYY-MM-DD only, as its schema says.
    if isinstance(value, str) and not ISO_DATE.match(value):
        raise ValueError("a date like 2026-01-31 is expected")
    return value


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]

ISO_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)


def _iso_date_time_only(value):
    # As for dates: "0" or "1700000000" is no ISO 8601 date-time, whatever pydantic reads.
    if isinstance(value, str) and not ISO_DATE_TIME.match(value):
        raise ValueError("an ISO 8601 date-time like 2026-01-31T08:00:00+07:00 is expected")
    if isinstance(value, int | float):
        raise ValueError("an ISO 8601 date-time like 2026-01-31T08:00:00+07:00 is expected")
    return value


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_date_time_only)]
