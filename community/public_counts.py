"""Small-cell suppression for public counts of people: the one rule for every page, API
answer and export that publishes figures about people (accountability's ledger and
indicators, participation's survey results and complaint counts, ...).

A count of people (or households) under SMALL_CELL in one cell of a public table is
published as "< 5", never as the number, so that nobody in a small RW can be singled
out. Money is never suppressed (it is public spending); counts of zero are shown (no one
to single out).

The rule is on the size of the count, whatever its sign: a ledger reversal carries the
negated counts of the entry it corrects, so publishing -3 for the reversal of an entry
shown as "< 5" would give the small count away. A count from -4 to -1 is published as
"< 5" too (one marker: it is read as "fewer than 5 people either way", and the row
already says it is a reversal; a leading "-" would also be escaped in CSV files as a
spreadsheet formula).
"""

SMALL_CELL = 5
SUPPRESSED = "< 5"


def is_small(n):
    return n is not None and 0 < abs(n) < SMALL_CELL


def suppress_small(n):
    """A public count: the number itself, or "< 5" when 0 < |n| < 5 (None stays None)."""
    if n is None:
        return None
    return SUPPRESSED if is_small(n) else n


def suppress_row(row, fields):
    """A copy of `row` (a dict) with the count `fields` suppressed."""
    out = dict(row)
    for field in fields:
        if field in out:
            out[field] = suppress_small(out[field])
    return out
