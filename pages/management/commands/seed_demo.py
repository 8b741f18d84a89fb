"""Build the demo kelurahan site. Idempotent: running it twice leaves the same content.

Each app contributes its own part in `<app>/demo.py` with a `seed(command)` function;
they run in INSTALLED_APPS order (pages, then community, then events), so each part can
rely on what the one before it made, and no app imports an app that depends on it.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create (or refresh) the demo content in Bahasa Indonesia and print the logins."

    def handle(self, *args, **options):
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).seed(self)
        from pages.demo import admin_login_line

        self.stdout.write(self.style.SUCCESS("Demo siap."))
        self.stdout.write(admin_login_line())
