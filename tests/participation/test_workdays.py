"""The working-day clock: weekends, public holidays (the holidays package) and cuti
bersama added by staff."""

from datetime import date

import pytest

from participation.models import CutiBersama
from participation.workdays import add_workdays, holiday_name, is_workday, workdays_between

pytestmark = pytest.mark.django_db


def test_a_weekend_does_not_count():
    friday = date(2026, 11, 6)
    assert friday.weekday() == 4
    # Friday + 3 working days: Monday, Tuesday, Wednesday.
    assert add_workdays(friday, 3) == date(2026, 11, 11)
    assert not is_workday(date(2026, 11, 7))
    assert workdays_between(friday, date(2026, 11, 11)) == 3


def test_a_public_holiday_does_not_count():
    # 17 August 2026 (Independence Day) is a Monday.
    assert holiday_name(date(2026, 8, 17))
    assert not is_workday(date(2026, 8, 17))
    friday = date(2026, 8, 14)
    assert add_workdays(friday, 1) == date(2026, 8, 18)
    assert add_workdays(friday, 3) == date(2026, 8, 20)


def test_cuti_bersama_added_by_staff_does_not_count():
    thursday = date(2026, 12, 24)
    # Christmas (Friday 25th) is a public holiday; staff add cuti bersama on the 24th.
    assert add_workdays(date(2026, 12, 23), 1) == thursday
    CutiBersama.objects.create(date=thursday, name="Cuti bersama Natal")
    assert not is_workday(thursday)
    assert holiday_name(thursday) == "Cuti bersama Natal"
    # Wednesday 23rd + 1 working day skips Thu (cuti), Fri (Natal), the weekend.
    assert add_workdays(date(2026, 12, 23), 1) == date(2026, 12, 28)
    assert workdays_between(date(2026, 12, 23), date(2026, 12, 28)) == 1


def test_same_day_counts_zero():
    assert workdays_between(date(2026, 11, 11), date(2026, 11, 11)) == 0
    assert workdays_between(date(2026, 11, 12), date(2026, 11, 11)) == 0
