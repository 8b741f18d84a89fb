"""The rule engine, table-driven per demo program: facts -> expected result and reason."""

import pytest

from config.errors import DomainError
from eligibility import engine
from eligibility.facts import Facts
from eligibility.models import ProgramRules

E, N, U = engine.ELIGIBLE, engine.NOT_ELIGIBLE, engine.UNKNOWN


def outcome(programs, slug, **facts):
    page = programs[slug]
    (found,) = engine.evaluate(Facts(**facts), program_ids={page.pk})
    return found


def area(areas, slug):
    return areas[slug].pk


# (facts, expected result, expected fact named in the reason or the missing list)
BLT = [
    ({}, U, "area"),
    (
        {"area": "pondok-labu-rw-03", "income_per_member": 500_000, "employment": "jobseeker"},
        E,
        None,
    ),
    ({"area": "kelurahan-kebon-jeruk", "income_per_member": 500_000}, N, "area"),
    ({"area": "pondok-labu-rw-03", "income_per_member": 1_500_000}, N, "income_per_member"),
    ({"area": "pondok-labu-rw-03", "income_per_member": 1_000_000}, U, "employment"),
    ({"area": "pondok-labu", "income_per_member": 1, "employment": "working"}, N, "employment"),
]
PKH = [
    ({}, U, "dtks"),
    ({"dtks": False, "pregnant_or_under_five": True}, N, "dtks"),
    ({"dtks": True, "pregnant_or_under_five": True}, E, None),
    ({"dtks": True, "disability": True}, E, None),
    ({"dtks": True, "age": 70}, E, None),
    ({"dtks": True, "age": 69}, U, "pregnant_or_under_five"),
    (
        {"dtks": True, "age": 40, "pregnant_or_under_five": False, "disability": False},
        N,
        "pregnant_or_under_five",
    ),
    ({"dtks": None, "disability": True}, U, "dtks"),
]
SEMBAKO = [
    ({"age": 64}, N, "age"),
    (
        {"age": 65, "household_size": 1, "area": "kebon-jeruk-rw-01", "income_per_member": 900_000},
        E,
        None,
    ),
    ({"age": 80, "household_size": 2}, N, "household_size"),
    ({"age": 70, "household_size": 1, "area": "pondok-labu-rw-03"}, N, "area"),
    ({"age": 70, "household_size": 1, "area": "kecamatan-kebon-jeruk"}, U, "income_per_member"),
]
PBI = [
    ({}, U, "dtks"),
    ({"dtks": True, "kis_pbi": False}, E, None),
    ({"dtks": True, "kis_pbi": True}, N, "kis_pbi"),
    ({"dtks": False}, N, "dtks"),
    ({"dtks": True}, U, "kis_pbi"),
]
TRAINING = [
    ({"age": 16, "employment": "jobseeker"}, N, "age"),
    ({"age": 17, "employment": "jobseeker"}, E, None),
    ({"age": 30, "employment": "jobseeker"}, E, None),
    ({"age": 31, "employment": "jobseeker"}, N, "age"),
    ({"age": 22, "employment": "student"}, N, "employment"),
    ({"age": 22}, U, "employment"),
]
POSYANDU = [
    ({"pregnant_or_under_five": True, "area": "pondok-labu-rw-04"}, E, None),
    ({"pregnant_or_under_five": False, "area": "pondok-labu-rw-04"}, N, "pregnant_or_under_five"),
    ({"pregnant_or_under_five": True, "area": "kebon-jeruk-rw-01"}, N, "area"),
    ({"pregnant_or_under_five": True, "area": "jakarta-selatan"}, U, "area"),  # too coarse
    ({"pregnant_or_under_five": True}, U, "area"),
]

CASES = [
    *[("blt-kelurahan", *case) for case in BLT],
    *[("program-keluarga-harapan", *case) for case in PKH],
    *[("bantuan-sembako-lansia", *case) for case in SEMBAKO],
    *[("pbi-jaminan-kesehatan", *case) for case in PBI],
    *[("pelatihan-barista-tata-boga", *case) for case in TRAINING],
    *[("posyandu-balita", *case) for case in POSYANDU],
]


@pytest.mark.parametrize(("slug", "facts", "expected", "fact"), CASES)
def test_demo_program_rules(programs, areas, slug, facts, expected, fact):
    facts = {k: (areas[v].pk if k == "area" else v) for k, v in facts.items()}
    found = outcome(programs, slug, **facts)
    assert found.status == expected, (found.reasons, found.missing)
    if expected == N:
        assert fact in {rule.fact for rule in found.reasons}
        assert all(rule.basis_title for rule in found.reasons)  # every reason cites its basis
        assert not found.missing
    elif expected == U:
        assert fact in found.missing
        assert not found.reasons
    else:
        assert not found.reasons and not found.missing


def test_a_missing_fact_never_rules_a_program_out(programs):
    for found in engine.evaluate(Facts()):
        assert found.status in (E, U)


def test_the_reason_names_the_criterion_and_its_legal_basis(programs):
    found = outcome(programs, "program-keluarga-harapan", dtks=False)
    (rule,) = found.reasons
    assert "DTKS" in rule.text
    assert rule.basis_title.startswith("Peraturan Menteri Sosial Nomor 1 Tahun 2018")


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        ({"age": 300}, "invalid_age"),
        ({"age": -1}, "invalid_age"),
        ({"income_per_member": -5}, "invalid_income_per_member"),
        ({"household_size": 0}, "invalid_household_size"),
        ({"area": 999_999}, "unknown_area"),
        ({"employment": "astronaut"}, "invalid_employment"),
    ],
)
def test_impossible_facts_are_refused(programs, facts, code):
    with pytest.raises(DomainError) as raised:
        engine.evaluate(Facts(**facts))
    assert raised.value.code == code
    assert raised.value.status == 422


def test_only_questions_that_still_matter_are_asked(programs):
    # Nothing known: the first question is the area (every program but PKH/PBI/training needs it)
    assert engine.next_question(Facts(), []).key == "area"
    # Not DTKS-registered: PKH and PBI are out, so their other facts are not asked for them
    facts = Facts(dtks=False, area=programs["posyandu-balita"].pk and None)
    asked = ["area", "dtks"]
    keys = []
    while (question := engine.next_question(facts, asked)) is not None:
        keys.append(question.key)
        asked.append(question.key)
    assert "kis_pbi" not in keys  # only PBI needs it, and PBI is ruled out
    assert len(asked) <= 10


def test_compiled_rules_are_cached_until_a_rule_changes(programs, django_assert_num_queries):
    engine.compiled_rules()
    with django_assert_num_queries(0):
        engine.evaluate(Facts(age=20))
    rules = ProgramRules.objects.get(program=programs["pelatihan-barista-tata-boga"])
    criterion = rules.criteria.get(operator="at_most")
    criterion.number = 35
    criterion.save()
    found = outcome(programs, "pelatihan-barista-tata-boga", age=33, employment="jobseeker")
    assert found.status == E


def test_compiling_costs_the_same_queries_for_few_and_many_programs(programs, areas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from eligibility import demo
    from tests.factories.pages import ProgramPageFactory

    def count():
        engine.bump_version()
        with CaptureQueriesContext(connection) as context:
            engine.compiled_rules()
        return len(context)

    count()  # warm the site root paths cache (page urls)
    few = count()
    index = programs["blt-kelurahan"].get_parent()
    for n in range(4):
        page = ProgramPageFactory(parent=index, title=f"Program tambahan {n}")
        demo.set_rules(page, "", demo.RULES["program-keluarga-harapan"][1], areas)
    assert count() == few <= 4


def test_checklist_lists_each_document_once(programs):
    ids = [programs["blt-kelurahan"].pk, programs["pbi-jaminan-kesehatan"].pk]
    found, documents = engine.documents_for(ids)
    assert [p.id for p in found] == ids
    assert documents == ["KTP", "Kartu Keluarga", "SKTM"]
