"""The working-day clock for complaints: one module, used by the rules, the pages, the
API and the daily command.

A working day is Monday to Friday, not an Indonesian public holiday (the `holidays`
package's calendar for Indonesia) and not a cuti bersama day that staff added
(participation.models.CutiBersama). Deadlines are dates in Asia/Jakarta: "verify within
3 working days" of a complaint sent on Friday means by the end of Wednesday.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone


@lru_cache(maxsize=32)
def _public_holidays(year):
    return frozenset(holidays.country_holidays("ID", years=year).keys())


def _cuti_bersama(start, end):
    from participation.models import CutiBersama

    return set(
        CutiBersama.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )


class Calendar:
    """Working days between two dates, with the cuti bersama days read once."""

    def __init__(self, start, end):
        self.start, self.end = start, end
        self.extra = _cuti_bersama(start, end)

    def is_workday(self, day):
        if day.weekday() >= 5:
            return False
        if day in _public_holidays(day.year):
            return False
        return day not in self.extra


def _as_date(value):
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    return timezone.localtime(value).date()


def is_workday(day):
    day = _as_date(day)
    return Calendar(day, day).is_workday(day)


def add_workdays(start, days):
    """The date `days` working days after `start` (start itself not counted)."""
    start = _as_date(start)
    # Weekends and holidays never stretch n working days beyond ~2n+20 calendar days.
    calendar = Calendar(start, start + timedelta(days=days * 2 + 30))
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if calendar.is_workday(day):
            left -= 1
    return day


def workdays_between(start, end, calendar=None):
    """How many working days after `start` up to and including `end` (0 when same day
    or earlier): what "answered in N working days" means. Pass a Calendar covering the
    dates to count many spans with one query."""
    start, end = _as_date(start), _as_date(end)
    if end <= start:
        return 0
    calendar = calendar or Calendar(start, end)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if calendar.is_workday(day):
            count += 1
    return count


def holiday_name(day):
    """The public holiday or cuti bersama on `day`, or ''."""
    from participation.models import CutiBersama

    day = _as_date(day)
    name = holidays.country_holidays("ID", years=day.year, language="id").get(day)
    if name:
        return name
    extra = CutiBersama.objects.filter(date=day).first()
    return extra.name if extra else ""
