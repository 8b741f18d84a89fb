"""The eligibility API: POST /api/eligibility/check/ (stateless).

Takes the facts (every one optional: a missing fact is "not known") and returns, for
each program with rules (or only the programs named), the same answer and explanation
as the self-check pages. It stores nothing and needs no login. Evaluating costs no
database query once the rules are compiled (see eligibility.engine).
"""

from typing import Literal

from ninja import Field, Router, Schema
from pydantic import ConfigDict

from config.api_schemas import error_responses
from eligibility import checklist, engine
from eligibility import facts as F

router = Router(tags=["eligibility"])


class FactsIn(Schema):
    """What is known about the person and household; leave out what you do not know."""

    # Strict: JSON types as the schema says ("yes" or 1 is no boolean, "5" no number).
    model_config = ConfigDict(extra="forbid", strict=True)

    age: int | None = Field(None, description="Age in whole years (0-120).")
    household_size: int | None = Field(None, description="People in the household (1-30).")
    income_per_member: int | None = Field(
        None, description="Monthly household income per member, whole rupiah (>= 0)."
    )
    dtks: bool | None = Field(None, description="Registered in DTKS; null: don't know.")
    kis_pbi: bool | None = Field(None, description="Holds a KIS card paid by the state (PBI).")
    disability: bool | None = Field(None, description="A person with disability in the household.")
    pregnant_or_under_five: bool | None = Field(
        None, description="A pregnant woman or a child under five in the household."
    )
    area: int | None = Field(None, description="Id of the RW or kelurahan (pages Area id).")
    employment: Literal["working", "jobseeker", "not_working", "student"] | None = None


Result = Literal["eligible", "not_eligible", "unknown"]


class CheckIn(FactsIn):
    """The facts, and optionally which programs and which answers to return."""

    programs: list[int] | None = Field(
        None,
        description=(
            "Only these programs: their Wagtail page ids (`program_id` in the results, the "
            f"ids of /api/v2/pages/), at most {engine.MAX_PROGRAMS_PER_CHECK}. Left out: "
            "every program with eligibility rules. An id that is no such program answers "
            "422 `unknown_program`; more ids answer 422 `too_many_programs`."
        ),
        json_schema_extra={"maxItems": engine.MAX_PROGRAMS_PER_CHECK},
    )
    only: list[Result] | None = Field(
        None,
        description=(
            'Only results with these answers, e.g. ["eligible", "unknown"] for the programs '
            "still worth applying to. Left out: every answer. The checklist link is the "
            "same with or without `only`."
        ),
    )

    def facts(self):
        return F.Facts(**self.model_dump(include=set(FactsIn.model_fields)))


class ReasonOut(Schema):
    criterion: str
    legal_basis: str
    legal_basis_url: str


class MissingOut(Schema):
    fact: str
    label: str
    question: str


class ProgramResultOut(Schema):
    program_id: int = Field(description="Wagtail page id of the program.")
    title: str
    url: str
    program_status: str
    result: Result
    result_label: str
    reasons: list[ReasonOut] = Field(description="Failed criteria (not_eligible).")
    missing: list[MissingOut] = Field(description="Facts still needed (unknown).")
    documents: list[str] = Field(description="What to bring.")
    note: str


class CheckOut(Schema):
    results: list[ProgramResultOut]
    checklist_url: str = Field(
        description=(
            "Printable checklist (one page) of what to bring for the likely programs: "
            f"at most {checklist.MAX_PROGRAMS}, likely eligible first, then those that need "
            "more answers; `more=` in the link counts the ones left out."
        )
    )


def outcome_out(outcome):
    program = outcome.program
    return {
        "program_id": program.id,
        "title": program.title,
        "url": program.url,
        "program_status": program.status,
        "result": outcome.status,
        "result_label": engine.status_label(outcome.status),
        "reasons": [
            {
                "criterion": rule.text,
                "legal_basis": rule.basis_title,
                "legal_basis_url": rule.basis_url,
            }
            for rule in outcome.reasons
        ],
        "missing": [
            {"fact": fact.key, "label": str(fact.label), "question": str(fact.question)}
            for fact in outcome.missing_facts
        ],
        "documents": list(program.documents),
        "note": program.note,
    }


@router.post(
    "/check/",
    response={200: CheckOut, **error_responses()},
    summary="Check eligibility for every program, or for the programs named",
    auth=None,
)
def check(request, payload: CheckIn):
    """Per program: `eligible` (likely), `not_eligible` with the failed criteria and their
    legal basis, or `unknown` with the facts still needed. A missing fact never makes a
    program `not_eligible`. Nothing is stored. `programs` narrows the check to the
    programs named, `only` the results to some answers; results stay in the order of
    program titles."""
    compiled = engine.compiled_rules()
    program_ids = engine.checked_program_ids(payload.programs, compiled)
    outcomes = engine.evaluate(payload.facts(), compiled, program_ids=program_ids)
    selection = checklist.for_outcomes(outcomes)  # before `only`: every likely program
    if payload.only is not None:
        outcomes = [o for o in outcomes if o.status in payload.only]
    return {
        "results": [outcome_out(o) for o in outcomes],
        "checklist_url": request.build_absolute_uri(checklist.url(selection)),
    }
