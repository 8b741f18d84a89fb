"""Staff roles edit the eligibility rules in the admin ("Aturan kelayakan"), as they do
the other snippets (pages/migrations/0003): "Staf Humas" add and change them,
"Moderator" also delete them; both may view the list."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = {
    "Staf Humas": ["add_programrules", "change_programrules", "view_programrules"],
    "Moderator": [
        "add_programrules",
        "change_programrules",
        "delete_programrules",
        "view_programrules",
    ],
}


def _permissions(apps, codenames):
    Permission = apps.get_model("auth.Permission")
    return Permission.objects.filter(content_type__app_label="eligibility", codename__in=codenames)


def grant(apps, schema_editor):
    app_config = apps.get_app_config("eligibility")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    for group in Group.objects.filter(name__in=CODENAMES):
        group.permissions.add(*_permissions(apps, CODENAMES[group.name]))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for group in Group.objects.filter(name__in=CODENAMES):
        group.permissions.remove(*_permissions(apps, CODENAMES[group.name]))


class Migration(migrations.Migration):
    dependencies = [
        ("eligibility", "0001_rules_and_saved_checks"),
        ("pages", "0003_staff_groups_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
