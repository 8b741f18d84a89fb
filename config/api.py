"""The JSON API at /api/ (django-ninja), and Wagtail's content API at /api/v2/.

Each app owns its endpoints in its own `api.py` and exposes a `router`; this module
only mounts them, so the OpenAPI schema at /api/openapi.json covers them all.
"""

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from wagtail.api.v2.router import WagtailAPIRouter

from community.api import router as community_router
from community.api import user_router
from config.api_schemas import ErrorOut, ValidationErrorOut
from config.errors import DomainError
from events.api import router as events_router
from pages.api import DocumentsAPIViewSet, ImagesAPIViewSet, PagesAPIViewSet
from search.api import router as search_router


class BalaiAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI schema tells the whole truth for every mounted router."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        complete_schema(schema)
        add_links(schema)
        return schema


api = BalaiAPI(
    title="Balai API",
    version="1",
    description="Residents' actions and data. Page content is at /api/v2/ (Wagtail API).",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI from ninja's own static files ("ninja" is in INSTALLED_APPS), and no
    # validator badge from validator.swagger.io: /api/docs asks no other host.
    docs=Swagger(settings={"validatorUrl": None}),
)


# Security schemes that let anonymous callers through (config.api_auth.optional_auth).
OPTIONAL_SCHEMES = {"OptionalSessionTokenAuth"}
# What any operation can answer, whoever wrote it: 400 for input refused before it is
# parsed (NUL bytes, a body that is not JSON: config.middleware, on_http_error) and 422
# for input that does not match the parameters.
ALWAYS = (400, 422)


def complete_schema(schema):
    """Document what every operation can answer, with the one error schema
    (config.api_schemas), and declare optional authentication as optional."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", ErrorOut.model_json_schema())
    components.setdefault("ValidationErrorOut", ValidationErrorOut.model_json_schema())
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            security = operation.get("security") or []
            optional = any(set(requirement) & OPTIONAL_SCHEMES for requirement in security)
            if optional and {} not in security:
                operation["security"] = [{}, *security]
            statuses = list(ALWAYS)
            if security and not optional:
                statuses.append(401)
            if optional:
                statuses.append(401)  # a stale or garbage token: log in again
            responses = operation["responses"]
            for status in statuses:
                if str(status) not in responses and status not in responses:
                    name = "ValidationErrorOut" if status == 422 else "ErrorOut"
                    responses[str(status)] = {
                        "description": HTTP_DESCRIPTIONS.get(status, "Error"),
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    }


# OpenAPI links: how an answer leads to the next call (a generated client's "next
# steps", and the paths schemathesis' stateful phase walks). (path, method) of the
# source -> [(target path, target method, {parameter: runtime expression})].
FIRST_EVENT = {"event_id": "$response.body#/results/0/id"}
FIRST_GROUP = {"group_id": "$response.body#/results/0/id"}
SAME_EVENT = {"event_id": "$request.path.event_id"}
SAME_GROUP = {"group_id": "$request.path.group_id"}
LINKS = {
    ("/api/events/", "get"): [
        ("/api/events/{event_id}/", "get", FIRST_EVENT),
        ("/api/events/{event_id}/enrollment/", "post", FIRST_EVENT),
        ("/api/events/{event_id}/roster/", "get", FIRST_EVENT),
    ],
    ("/api/events/{event_id}/enrollment/", "post"): [
        ("/api/events/{event_id}/", "get", SAME_EVENT),
        ("/api/events/{event_id}/enrollment/", "delete", SAME_EVENT),
    ],
    ("/api/events/{event_id}/enrollment/", "delete"): [
        ("/api/events/{event_id}/enrollment/", "post", SAME_EVENT),
    ],
    ("/api/groups/", "get"): [
        ("/api/groups/{group_id}/", "get", FIRST_GROUP),
        ("/api/groups/{group_id}/membership/", "post", FIRST_GROUP),
        ("/api/groups/{group_id}/members/", "get", FIRST_GROUP),
    ],
    ("/api/groups/{group_id}/membership/", "post"): [
        ("/api/groups/{group_id}/", "get", SAME_GROUP),
        ("/api/groups/{group_id}/membership/", "delete", SAME_GROUP),
    ],
    ("/api/groups/{group_id}/membership/", "delete"): [
        ("/api/groups/{group_id}/membership/", "post", SAME_GROUP),
    ],
}


def add_links(schema):
    paths = schema.get("paths", {})
    for (path, method), targets in LINKS.items():
        source = paths.get(path, {}).get(method)
        if not source:
            continue
        ok = source["responses"].get(200) or source["responses"].get("200")
        if ok is None:
            continue
        for target_path, target_method, parameters in targets:
            target = paths.get(target_path, {}).get(target_method)
            if target and "operationId" in target:
                ok.setdefault("links", {})[target["operationId"]] = {
                    "operationId": target["operationId"],
                    "parameters": parameters,
                }


HTTP_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    422: "Unprocessable Entity",
}


def error(request, message, code, status):
    return api.create_response(request, {"detail": str(message), "code": code}, status=status)


def field_errors(errors):
    """Pydantic's error list as {field: [message]}, the shape forms use, in the user's language."""
    fields = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        # ("body", <parameter>, field, ...) or ("query" | "path", field, ...)
        path = loc[2:] if loc[:1] == ["body"] else loc[1:]
        field = path[0] if path else "non_field_errors"
        if error.get("type") == "missing":
            message = _("This field is required.")
        else:
            message = _("This value is not valid.")
        if message not in fields.setdefault(field, []):
            fields[field].append(message)
    return fields


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    # `detail` stays a sentence like every other error; the fields' problems ride along.
    errors = field_errors(exc.errors)
    detail = _("Some input is not valid: %(fields)s.") % {"fields": ", ".join(errors) or "-"}
    return api.create_response(
        request, {"detail": detail, "code": "invalid", "errors": errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return error(request, _("Please log in first."), "not_authenticated", 401)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error(request, _("Not found."), "not_found", 404)


@api.exception_handler(OverflowError)
def on_overflow(request, exc):
    # An id too large for the database (SQLite raises instead of finding nothing).
    return error(request, _("Not found."), "not_found", 404)


@csrf_exempt  # it changes nothing, and an HTML CSRF page is no answer for an API client
def not_found(request, *args, **kwargs):
    """Any /api/ address no endpoint answers: a JSON 404, not Wagtail's HTML page."""
    return error(request, _("Not found."), "not_found", 404)


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    if exc.status_code == 400 and str(exc.message).startswith("Cannot parse request body"):
        # ninja's own (English) answer to a body that is not JSON
        return error(request, _("The request body is not valid JSON."), "invalid_json", 400)
    return error(request, exc.message, "error", exc.status_code)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc):
    return error(request, _("The request is too large."), "too_large", 413)


@api.exception_handler(DomainError)
def on_domain_error(request, exc):
    return error(request, exc.message, exc.code, exc.status)


api.add_router("/groups/", community_router)
api.add_router("/me/", user_router)
api.add_router("/events/", events_router)
api.add_router("/me/enrollments/", "events.api.me_router")
api.add_router("/search/", search_router)
api.add_router("/eligibility/", "eligibility.api.router")
api.add_router("/proposals/", "participation.api.proposals_router")
api.add_router("/complaints/", "participation.api.complaints_router")
api.add_router("/surveys/", "participation.api.surveys_router")
api.add_router("/needs/", "partners.api.needs_router")
api.add_router("/hsds/", "partners.api.hsds_router")
api.add_router("/transparency/", "accountability.api.transparency_router")
api.add_router("/programs/", "accountability.api.programs_router")
api.add_router("/events/", "events.api_slots.router")
api.add_router("/me/certificates/", "events.api_certificates.me_router")
api.add_router("/certificates/", "events.api_certificates.router")

wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PagesAPIViewSet)
wagtail_api.register_endpoint("images", ImagesAPIViewSet)
wagtail_api.register_endpoint("documents", DocumentsAPIViewSet)
