"""The facts a self-check asks about: one list, used by the rules (admin), the engine,
the self-check form and the API alike.

Each fact has a key, a kind (number, yes/no, choice, area), the question a resident
reads, and for numbers the bounds that make an answer believable. A fact that is not
given (or "don't know") is simply missing: the engine never treats it as a "no".
"""

from dataclasses import dataclass, field, fields

from django.utils.translation import gettext_lazy as _

from config.errors import DomainError

NUMBER, YES_NO, CHOICE, AREA = "number", "yes_no", "choice", "area"


class Employment:
    WORKING = "working"
    JOBSEEKER = "jobseeker"
    NOT_WORKING = "not_working"
    STUDENT = "student"

    choices = [
        (WORKING, _("Working or running a business")),
        (JOBSEEKER, _("Not working, looking for a job")),
        (NOT_WORKING, _("Not working, not looking for a job")),
        (STUDENT, _("In school or college")),
    ]


@dataclass(frozen=True)
class Fact:
    key: str
    kind: str
    label: object  # short name, for reasons ("age")
    question: object  # what the form asks
    help: object = ""
    minimum: int | None = None
    maximum: int | None = None
    unit: object = ""
    choices: list = field(default_factory=list)


FACTS = [
    Fact(
        "area",
        AREA,
        _("area of residence"),
        _("Where do you live?"),
        _("Choose your RW, or your kelurahan if you do not know the RW."),
    ),
    Fact(
        "age",
        NUMBER,
        _("age"),
        _("How old are you?"),
        _("In whole years."),
        minimum=0,
        maximum=120,
        unit=_("years"),
    ),
    Fact(
        "household_size",
        NUMBER,
        _("household size"),
        _("How many people live in your household (one family card)?"),
        _("Count yourself too."),
        minimum=1,
        maximum=30,
        unit=_("people"),
    ),
    Fact(
        "income_per_member",
        NUMBER,
        _("monthly income per household member"),
        _("What is the household's monthly income per person?"),
        _(
            "Add up every household member's income in a month and divide by the number "
            "of people, in whole rupiah. For example Rp2.400.000 for 4 people is 600000."
        ),
        minimum=0,
        maximum=1_000_000_000,
        unit=_("rupiah"),
    ),
    Fact(
        "dtks",
        YES_NO,
        _("registered in DTKS"),
        _("Is your household registered in DTKS (the social welfare register)?"),
        _("You can ask the RT/RW or the kelurahan office. Choose 'I don't know' if unsure."),
    ),
    Fact(
        "kis_pbi",
        YES_NO,
        _("holds a KIS / PBI card"),
        _("Do you hold a KIS card paid by the government (BPJS Kesehatan PBI)?"),
    ),
    Fact(
        "disability",
        YES_NO,
        _("a person with disability in the household"),
        _("Does anyone in your household live with a disability?"),
    ),
    Fact(
        "pregnant_or_under_five",
        YES_NO,
        _("a pregnant woman or a child under five in the household"),
        _("Is anyone in your household pregnant, or is there a child under five?"),
    ),
    Fact(
        "employment",
        CHOICE,
        _("employment status"),
        _("What is your work situation?"),
        choices=Employment.choices,
    ),
]

BY_KEY = {fact.key: fact for fact in FACTS}
ORDER = [fact.key for fact in FACTS]


@dataclass(frozen=True)
class Facts:
    """What is known about one person and household. None means "not known"."""

    age: int | None = None
    household_size: int | None = None
    income_per_member: int | None = None
    dtks: bool | None = None
    kis_pbi: bool | None = None
    disability: bool | None = None
    pregnant_or_under_five: bool | None = None
    area: int | None = None
    employment: str | None = None

    def known(self):
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }

    def as_dict(self):
        return {f.name: getattr(self, f.name) for f in fields(self)}


def bounds_error(key, value):
    """The Indonesian message for a number out of its believable range, or None."""
    fact = BY_KEY[key]
    if value is None or fact.kind != NUMBER:
        return None
    if (fact.minimum is not None and value < fact.minimum) or (
        fact.maximum is not None and value > fact.maximum
    ):
        return _("%(label)s must be between %(min)s and %(max)s %(unit)s.") % {
            "label": str(fact.label).capitalize(),
            "min": f"{fact.minimum:,}".replace(",", "."),
            "max": f"{fact.maximum:,}".replace(",", "."),
            "unit": fact.unit,
        }
    return None


def check_facts(facts, known_area_ids):
    """Raise DomainError (422) for a fact no person can have: the one input rule that
    the self-check form and the API share."""
    for key in ("age", "household_size", "income_per_member"):
        message = bounds_error(key, getattr(facts, key))
        if message:
            raise DomainError(message, f"invalid_{key}", 422)
    if facts.employment is not None and facts.employment not in dict(Employment.choices):
        raise DomainError(_("Unknown employment status."), "invalid_employment", 422)
    if facts.area is not None and facts.area not in known_area_ids:
        raise DomainError(
            _("Unknown area: choose an RW or kelurahan from the list."), "unknown_area", 422
        )
    return facts
