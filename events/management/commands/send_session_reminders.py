from django.core.management.base import BaseCommand

from events.tasks import enqueue_due_reminders


class Command(BaseCommand):
    help = (
        "Enqueue reminder e-mails for sessions starting in the next 24 hours. Run it hourly "
        "(cron); the worker (`manage.py db_worker`) sends them. Nobody is reminded twice."
    )

    def handle(self, *args, **options):
        count = enqueue_due_reminders()
        self.stdout.write(f"{count} session(s) queued for reminders.")
