"""The daily run of residents' voice (cron, once a day, e.g. 06.00 WIB):

- marks complaints that have just passed a deadline and tells staff (one e-mail);
- closes answered complaints whose 10 working days passed without a reply.

    python manage.py participation_daily
"""

from django.core.management.base import BaseCommand

from participation.complaints import close_due_complaints, mark_overdue
from participation.tasks import notify_overdue


class Command(BaseCommand):
    help = "Mark overdue complaints (staff are told) and close answered ones whose time ran out."

    def handle(self, *args, **options):
        overdue = mark_overdue()
        if overdue:
            notify_overdue.enqueue([c.pk for c in overdue])
        closed = close_due_complaints()
        self.stdout.write(f"{len(overdue)} newly overdue, {len(closed)} closed automatically.")
