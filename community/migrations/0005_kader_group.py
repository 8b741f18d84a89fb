from django.db import migrations

KADER = "Kader"


def create_kader_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=KADER)


def remove_kader_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=KADER).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0004_staff_membership_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_kader_group, remove_kader_group)]
