"""The shareable checklist of what to bring: which programs its link carries and which
programs the sheet reads, as one rule in one place (used by the self-check, the staff
check and the API).

The link holds program ids only, never an answer. It carries at most MAX_PROGRAMS
programs, so that the sheet prints on one page: the likely eligible ones first, then
those that need more answers (each in the results' order). When programs are left out,
the link says how many (`more=`, a count, no answer either) and the sheet says so. The
sheet reads no more programs than the link may carry.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from eligibility import engine

MAX_PROGRAMS = 20
MAX_LEFT_OUT = 10_000  # a bound on the shown count of a hand-edited link


@dataclass(frozen=True)
class Selection:
    program_ids: tuple = ()
    left_out: int = 0  # likely programs not on the sheet


def for_outcomes(outcomes):
    """The checklist's programs for a check's outcomes (every answer but "not eligible")."""
    likely = [o.program.id for o in outcomes if o.status == engine.ELIGIBLE]
    likely += [o.program.id for o in outcomes if o.status == engine.UNKNOWN]
    return Selection(tuple(likely[:MAX_PROGRAMS]), max(len(likely) - MAX_PROGRAMS, 0))


def url(selection):
    """The checklist's path (relative) for a Selection."""
    params = [("program", pk) for pk in selection.program_ids]
    if selection.left_out:
        params.append(("more", selection.left_out))
    query = urlencode(params)
    return reverse("eligibility:checklist") + (f"?{query}" if query else "")


def _whole_number(raw):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def read(query):
    """The Selection a checklist link (a QueryDict) asks for: its first MAX_PROGRAMS
    program ids (an id that is no number is skipped, a repeated one read once); ids
    beyond those count as left out, as does `more=`."""
    ids, seen = [], set()
    for raw in query.getlist("program"):
        pk = _whole_number(raw)
        if pk is not None and pk not in seen:
            seen.add(pk)
            ids.append(pk)
    more = _whole_number(query.get("more")) or 0
    left_out = min(max(more, 0) + max(len(ids) - MAX_PROGRAMS, 0), MAX_LEFT_OUT)
    return Selection(tuple(ids[:MAX_PROGRAMS]), left_out)
