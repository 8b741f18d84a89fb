"""Checks on the rules staff write: each criterion makes sense on its own, and a
program's criteria do not contradict each other. Used by the admin form on save, by the
demo seeding and by the tests.
"""

from django.utils.translation import gettext as _

from eligibility import facts as F
from eligibility.models import OPERATORS_FOR, Operator


def rupiah(value):
    return "Rp" + f"{int(value):,}".replace(",", ".")


def describe(fact_key, operator, number=None, choice="", area=None):
    """A criterion as a sentence fragment: "age is at least 60 years"."""
    fact = F.BY_KEY.get(fact_key)
    if fact is None:
        return fact_key
    label = str(fact.label)
    if fact.kind == F.NUMBER:
        shown = rupiah(number) if fact.key == "income_per_member" else f"{number} {fact.unit}"
        if operator == Operator.AT_LEAST:
            return _("%(fact)s is at least %(value)s") % {"fact": label, "value": shown}
        return _("%(fact)s is at most %(value)s") % {"fact": label, "value": shown}
    if fact.kind == F.YES_NO:
        if operator == Operator.YES:
            return _("%(fact)s: yes") % {"fact": label}
        return _("%(fact)s: no") % {"fact": label}
    if fact.kind == F.CHOICE:
        shown = str(dict(fact.choices).get(choice, choice)).lower()
        if operator == Operator.IS:
            return _("%(fact)s is: %(value)s") % {"fact": label, "value": shown}
        return _("%(fact)s is not: %(value)s") % {"fact": label, "value": shown}
    return _("lives in %(area)s") % {"area": area if area is not None else "?"}


def criterion_problems(criterion):
    """{field: message} for a criterion that makes no sense on its own."""
    fact = F.BY_KEY.get(criterion.fact)
    if fact is None:
        return {"fact": _("Choose a fact.")}
    if criterion.operator not in OPERATORS_FOR[fact.kind]:
        allowed = ", ".join(str(Operator(o).label) for o in sorted(OPERATORS_FOR[fact.kind]))
        return {
            "operator": _("This condition does not fit %(fact)s. Use: %(allowed)s.")
            % {"fact": fact.label, "allowed": allowed}
        }
    if fact.kind == F.NUMBER:
        if criterion.number is None:
            return {"number": _("Give the number this criterion compares with.")}
        message = F.bounds_error(fact.key, criterion.number)
        if message:
            return {"number": message}
    if fact.kind == F.CHOICE and not criterion.choice:
        return {"choice": _("Choose the employment status.")}
    if fact.kind == F.AREA and criterion.area_id is None:
        return {"area": _("Choose the area.")}
    return {}


def _area_inside(inner, outer):
    """Is `inner` the same area as `outer` or inside it?"""
    return inner.pk == outer.pk or any(a.pk == outer.pk for a in inner.ancestors())


def _conflicts(criteria):
    """Messages for criteria that cannot all hold at once."""
    problems = []
    by_fact = {}
    for c in criteria:
        by_fact.setdefault(c.fact, []).append(c)
    for key, items in by_fact.items():
        fact = F.BY_KEY.get(key)
        if fact is None:
            continue
        label = fact.label
        if fact.kind == F.NUMBER:
            lows = [
                c.number for c in items if c.operator == Operator.AT_LEAST and c.number is not None
            ]
            highs = [
                c.number for c in items if c.operator == Operator.AT_MOST and c.number is not None
            ]
            if lows and highs and max(lows) > min(highs):
                problems.append(
                    _(
                        "Contradiction: %(fact)s cannot be at least %(low)s and at most "
                        "%(high)s at the same time."
                    )
                    % {"fact": label, "low": max(lows), "high": min(highs)}
                )
        elif fact.kind == F.YES_NO:
            ops = {c.operator for c in items}
            if {Operator.YES, Operator.NO} <= ops:
                problems.append(
                    _("Contradiction: %(fact)s cannot be both yes and no.") % {"fact": label}
                )
        elif fact.kind == F.CHOICE:
            required = {c.choice for c in items if c.operator == Operator.IS}
            excluded = {c.choice for c in items if c.operator == Operator.IS_NOT}
            if len(required) > 1 or required & excluded:
                problems.append(
                    _("Contradiction: %(fact)s cannot meet all these conditions at once.")
                    % {"fact": label}
                )
        elif fact.kind == F.AREA:
            areas = [c.area for c in items if c.area_id]
            for i, a in enumerate(areas):
                for b in areas[i + 1 :]:
                    if not (_area_inside(a, b) or _area_inside(b, a)):
                        problems.append(
                            _("Contradiction: nobody lives both in %(a)s and in %(b)s.")
                            % {"a": a, "b": b}
                        )
    return problems


def contradictions(criteria):
    """Why these criteria (one program's) can never all hold, as a list of messages.

    Criteria without a group must all hold; within a group at least one must. So the
    required ones must agree with each other, and every group needs at least one
    alternative that agrees with them.
    """
    required = [c for c in criteria if not c.group]
    problems = _conflicts(required)
    if problems:
        return problems
    groups = {}
    for c in criteria:
        if c.group:
            groups.setdefault(c.group.strip().upper(), []).append(c)
    for name, alternatives in sorted(groups.items()):
        if all(_conflicts([*required, alt]) for alt in alternatives):
            problems.append(
                _(
                    "Contradiction: no criterion in group %(group)s can hold together with "
                    "the criteria that must always hold."
                )
                % {"group": name}
            )
    return problems
