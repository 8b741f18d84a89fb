"""The one rule engine: facts in, a result per program out, with the reason.

Used by the self-check (Cek kelayakan), POST /api/eligibility/check/ and the staff
check of an applicant, so all three give the same answer and the same explanation.

For each program the answer is one of:
- "eligible": every criterion holds with the facts given (likely eligible: the office
  still verifies);
- "not_eligible": a criterion certainly fails; the reason names it with its legal basis;
- "unknown": nothing fails yet, but some facts are missing ("need to know ...").
A missing fact never makes a program "not eligible" (as in MyFriendBen).

Rules are compiled once into plain Python objects (three queries: rules with their
programs, criteria, areas) and kept per process, keyed by a version stored in the
cache; saving rules, an area or publishing a program bumps the version. Evaluating a
check is then pure Python: no query at all.
"""

import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from config.errors import DomainError
from eligibility import facts as F
from eligibility.models import Criterion, Operator, ProgramRules
from eligibility.rules import describe

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN = "eligible", "not_eligible", "unknown"
VERSION_KEY = "eligibility:rules-version"

_compiled = {}  # version -> CompiledRules (this process)


# --- Compiled rules ------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    fact: str
    operator: str
    number: int | None
    choice: str
    area_id: int | None
    area_name: str
    group: str
    basis_title: str
    basis_url: str

    @property
    def text(self):
        return describe(self.fact, self.operator, self.number, self.choice, self.area_name)


@dataclass(frozen=True)
class Program:
    id: int
    title: str
    url: str
    status: str
    status_label: str
    note: str
    documents: tuple
    rules: tuple


@dataclass
class CompiledRules:
    programs: list
    parents: dict  # area id -> parent id (None at the top)
    area_names: dict  # area id -> display name
    levels: dict  # area id -> Area.Level

    def inside(self, area_id, outer_id):
        """Is area `area_id` the same as `outer_id` or inside it?"""
        seen = 0
        while area_id is not None and seen < 10:
            if area_id == outer_id:
                return True
            area_id = self.parents.get(area_id)
            seen += 1
        return False

    @property
    def area_ids(self):
        return self.parents.keys()

    def area_choices(self):
        """Kelurahan and RWs, for the "where do you live" question (no query)."""

        def key(pk):
            level = self.levels[pk]
            village = self.parents.get(pk) if level == 4 else pk
            return (self.area_names.get(village, ""), level, self.area_names[pk])

        found = [pk for pk in self.area_names if self.levels.get(pk, 0) >= 3]
        return [(pk, self.area_names[pk]) for pk in sorted(found, key=key)]


def bump_version(**kwargs):
    """Call after any change that alters a check (rules, criteria, areas, programs)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY) or version
    return version


def compiled_rules():
    version = current_version()
    found = _compiled.get(version)
    if found is None:
        found = compile_rules()
        _compiled.clear()  # only the current version is worth keeping
        _compiled[version] = found
    return found


def compile_rules():
    """Read every active program's rules in a constant number of queries."""
    from pages.models import Area

    areas = list(Area.objects.values_list("pk", "parent_id", "name", "level", "parent__name"))
    parents = {pk: parent for pk, parent, *_ in areas}
    names = {
        pk: (f"{name}, {parent_name}" if level == Area.Level.RW and parent_name else name)
        for pk, _parent, name, level, parent_name in areas
    }
    rules_sets = (
        ProgramRules.objects.filter(active=True, program__live=True)
        .select_related("program")
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("sort_order", "pk"))
        )
        .order_by("program__title")
    )
    programs = []
    for rules_set in rules_sets:
        page = rules_set.program
        programs.append(
            Program(
                id=page.pk,
                title=page.title,
                url=page.url or "",
                status=page.status,
                status_label=str(page.get_status_display()),
                note=rules_set.note,
                documents=tuple(str(block.value) for block in page.required_documents),
                rules=tuple(
                    Rule(
                        fact=c.fact,
                        operator=c.operator,
                        number=c.number,
                        choice=c.choice,
                        area_id=c.area_id,
                        area_name=names.get(c.area_id, ""),
                        group=c.group.strip().upper(),
                        basis_title=c.legal_basis_title,
                        basis_url=c.legal_basis_url,
                    )
                    for c in rules_set.criteria.all()
                ),
            )
        )
    levels = {pk: level for pk, _parent, _name, level, _pname in areas}
    return CompiledRules(programs=programs, parents=parents, area_names=names, levels=levels)


# --- Evaluation ----------------------------------------------------------------------


@dataclass
class Outcome:
    """One program's answer."""

    program: Program
    status: str
    reasons: list = field(default_factory=list)  # failed Rules (not_eligible)
    missing: list = field(default_factory=list)  # fact keys still needed (unknown)
    met: list = field(default_factory=list)  # Rules that hold

    @property
    def missing_facts(self):
        return [F.BY_KEY[key] for key in self.missing]

    @property
    def reason_texts(self):
        return [rule.text for rule in self.reasons]


def _test(rule, facts, compiled):
    """True / False, or None when the fact is missing (or too coarse to tell)."""
    value = getattr(facts, rule.fact, None)
    if value is None:
        return None
    op = rule.operator
    if op == Operator.AT_LEAST:
        return value >= rule.number
    if op == Operator.AT_MOST:
        return value <= rule.number
    if op == Operator.YES:
        return value is True
    if op == Operator.NO:
        return value is False
    if op == Operator.IS:
        return value == rule.choice
    if op == Operator.IS_NOT:
        return value != rule.choice
    if op == Operator.INSIDE:
        if compiled.inside(value, rule.area_id):
            return True
        if compiled.inside(rule.area_id, value):
            return None  # a kelurahan was given; the rule names one of its RWs
        return False
    return None


def evaluate_program(program, facts, compiled):
    met, failed, missing = [], [], []
    groups = {}
    for rule in program.rules:
        if rule.group:
            groups.setdefault(rule.group, []).append(rule)
            continue
        result = _test(rule, facts, compiled)
        if result is True:
            met.append(rule)
        elif result is False:
            failed.append(rule)
        elif rule.fact not in missing:
            missing.append(rule.fact)
    for alternatives in groups.values():
        results = [(_test(rule, facts, compiled), rule) for rule in alternatives]
        passing = [rule for result, rule in results if result is True]
        if passing:
            met.extend(passing)
        elif all(result is False for result, _rule in results):
            failed.extend(alternatives)  # none of the alternatives holds
        else:
            for result, rule in results:
                if result is None and rule.fact not in missing:
                    missing.append(rule.fact)
    if failed:
        return Outcome(program, NOT_ELIGIBLE, reasons=failed, met=met)
    if missing:
        missing.sort(key=F.ORDER.index)
        return Outcome(program, UNKNOWN, missing=missing, met=met)
    return Outcome(program, ELIGIBLE, met=met)


def evaluate(facts, compiled=None, program_ids=None):
    """Every active program's outcome for these facts (validated first)."""
    compiled = compiled or compiled_rules()
    F.check_facts(facts, compiled.area_ids)
    return [
        evaluate_program(program, facts, compiled)
        for program in compiled.programs
        if program_ids is None or program.id in program_ids
    ]


MAX_PROGRAMS_PER_CHECK = 50


def checked_program_ids(program_ids, compiled=None):
    """The programs a caller asks about (Wagtail page ids), as a set for evaluate():
    None asks about every program, an empty list about none. Raises DomainError (422) for more than
    MAX_PROGRAMS_PER_CHECK ids, or for an id that is no program with active rules."""
    if program_ids is None:
        return None
    if len(program_ids) > MAX_PROGRAMS_PER_CHECK:
        raise DomainError(
            _("Ask about at most %(max)s programs in one check.") % {"max": MAX_PROGRAMS_PER_CHECK},
            "too_many_programs",
            422,
        )
    compiled = compiled or compiled_rules()
    wanted = set(program_ids)
    unknown = sorted(wanted - {program.id for program in compiled.programs})
    if unknown:
        raise DomainError(
            _(
                "Unknown program: %(ids)s. Use the program_id of a program that has "
                "eligibility rules."
            )
            % {"ids": ", ".join(str(pk) for pk in unknown[:10])},
            "unknown_program",
            422,
        )
    return wanted


def next_question(facts, asked, compiled=None):
    """The next fact worth asking: the first (in the form's order) that a program not
    yet ruled out still needs, and that has not been asked. None: the check is done."""
    compiled = compiled or compiled_rules()
    needed = set()
    for outcome in evaluate(facts, compiled):
        if outcome.status == UNKNOWN:
            needed.update(outcome.missing)
    for key in F.ORDER:
        if key in needed and key not in asked:
            return F.BY_KEY[key]
    return None


def documents_for(program_ids, compiled=None):
    """The checklist: programs (in the order asked) and, once each, what to bring."""
    compiled = compiled or compiled_rules()
    by_id = {p.id: p for p in compiled.programs}
    programs = [by_id[pk] for pk in program_ids if pk in by_id]
    seen, documents = set(), []
    for program in programs:
        for document in program.documents:
            if document.lower() not in seen:
                seen.add(document.lower())
                documents.append(document)
    return programs, documents


def summary(outcomes):
    """Counts by status, for headings."""
    counts = {ELIGIBLE: 0, NOT_ELIGIBLE: 0, UNKNOWN: 0}
    for outcome in outcomes:
        counts[outcome.status] += 1
    return counts


def status_label(status):
    return {
        ELIGIBLE: _("Likely eligible"),
        NOT_ELIGIBLE: _("Not eligible"),
        UNKNOWN: _("Need to know more"),
    }[status]
