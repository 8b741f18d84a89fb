"""GET /api/search/ and GET /api/search/suggest/ (django-ninja).

Both call search.service, like the HTML page at /cari/: same input rules, same answer.
Bad input is a 422 with {"detail", "code": "invalid_search"} (config.api's handler).
"""

from ninja import Field, Query, Router, Schema

from config.api_schemas import error_responses
from search import service

router = Router(tags=["search"])


class FacetValue(Schema):
    value: str
    label: str
    count: int
    selected: bool


class Facets(Schema):
    type: list[FacetValue]
    category: list[FacetValue]
    area: list[FacetValue]


class Result(Schema):
    id: int
    type: str
    type_label: str
    title: str
    url: str | None
    snippet: str = Field(description="Escaped HTML; matches wrapped in <mark>.")
    summary: str | None = None
    category: str | None = None
    category_label: str | None = None
    area: str | None = None
    status: str | None = None
    status_label: str | None = None
    next_session: str | None = Field(None, description="Events: the next session (ISO 8601).")
    seats_left: int | None = Field(None, description="Events: free seats (null: no limit).")
    member_count: int | None = Field(None, description="Groups: active members.")
    date: str | None = Field(None, description="Articles: publication date.")


class ProposalHit(Schema):
    id: int
    title: str
    url: str
    status: str
    status_label: str
    area: str
    support_count: int


class SearchOut(Schema):
    count: int
    page: int
    pages: int
    results: list[Result]
    facets: Facets
    suggestions: list[str] = Field(description='"Did you mean" queries when nothing matches.')
    proposals: list[ProposalHit] = Field(
        description="Residents' proposals matching q, at most 5, on page 1 only "
        "(also at /api/proposals/)."
    )


class SuggestionOut(Schema):
    title: str
    url: str | None
    type: str | None


class SuggestOut(Schema):
    q: str
    results: list[SuggestionOut]


class SearchQuery(Schema):
    q: str | None = Field(None, description="Search text.")
    type: list[str] = Field([], description="program, event, group or article (repeatable).")
    category: list[str] = Field([], description="Program category (repeatable).")
    area: list[str] = Field([], description="Area slug (repeatable).")
    date_from: str | None = Field(None, alias="from", description="Events from (YYYY-MM-DD).")
    to: str | None = Field(None, description="Events until (YYYY-MM-DD).")
    open: str | None = Field(None, description="true: only what one can join now.")
    page: str | None = Field(None, description="Page number, from 1.")


@router.get(
    "/",
    response={200: SearchOut, **error_responses(400)},
    summary="Search programs, events, groups and articles",
)
def search(request, filters: Query[SearchQuery]):
    # The documented parameters above; validation is the service's (one set of rules).
    params = service.parse_params(request.GET)
    return service.search(params, request).as_dict()


@router.get(
    "/suggest/",
    response={200: SuggestOut, **error_responses(400)},
    summary="Titles for autocomplete",
)
def suggest(request, q: str = ""):
    return {"q": q, "results": service.suggest(q)}
