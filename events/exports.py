"""The roster as CSV (for leaders and staff): one module, so the HTML view stays thin."""

import csv
import io
import re

from django.utils import timezone
from django.utils.translation import gettext as _


def roster_rows(event, enrollments, sessions):
    """Header and rows: confirmed people first, then the waitlist in order."""
    yield [
        _("Name"),
        _("E-mail"),
        _("Phone"),
        _("Status"),
        _("Waiting list number"),
        _("Enrolled at"),
        _("Check-in code"),
        *[timezone.localtime(s.starts_at).strftime("%d-%m-%Y %H.%M") for s in sessions],
    ]
    for enrollment in enrollments:
        present = {a.session_id for a in enrollment.attendances.all()}
        yield [
            csv_safe(enrollment.user.get_full_name()),
            csv_safe(enrollment.user.email),
            csv_safe(getattr(enrollment.user, "phone", "")),
            enrollment.get_status_display(),
            enrollment.waitlist_position or "",
            timezone.localtime(enrollment.requested_at).strftime("%d-%m-%Y %H.%M"),
            enrollment.check_in_code,
            *[_("present") if s.pk in present else "" for s in sessions],
        ]


def roster_csv(event, enrollments, sessions):
    """The CSV text (with a BOM, so Excel opens UTF-8 correctly)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerows(roster_rows(event, enrollments, sessions))
    return buffer.getvalue()


def roster_filename(event):
    return f"peserta-{event.slug}.csv"


PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d ]*$")


def csv_safe(value):
    """Keep spreadsheet programs from running a name like '=HYPERLINK(...)' as a formula."""
    value = str(value)
    if PLAIN_NUMBER.match(value):
        return value  # a phone number (+62812...) or an amount is no formula
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
