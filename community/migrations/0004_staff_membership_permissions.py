"""Staff roles may see memberships and change a member's role in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Staf Humas", "Moderator"]
CODENAMES = ["view_membership", "change_membership"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("community")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="community", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="community", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_resident_profile"),
        ("pages", "0003_staff_groups_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
