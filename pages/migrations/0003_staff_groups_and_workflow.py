"""Staff roles and the moderation workflow, so a fresh site is ready for its team.

- "Staf Humas" (communications staff) write and edit pages, images, documents and
  snippets, and submit pages for moderation; they cannot publish on their own.
- "Moderator" approve (publish) or reject, lock pages, and manage snippets fully.
- The workflow "Persetujuan moderator" (one approval task for the Moderator group)
  covers the whole tree: programs, articles and events posted by group leaders.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF = "Staf Humas"
MODERATORS = "Moderator"
WORKFLOW = "Persetujuan moderator"


def ensure_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def perms(Permission, *codenames):
    found = []
    for name in codenames:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def setup(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore.Collection")
    ContentType = apps.get_model("contenttypes.ContentType")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    staff, _ = Group.objects.get_or_create(name=STAFF)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)

    roles = {
        staff: {
            "global": [
                "wagtailadmin.access_admin",
                "pages.add_area",
                "pages.change_area",
                "pages.add_partner",
                "pages.change_partner",
            ],
            "page": ["wagtailcore.add_page", "wagtailcore.change_page"],
            "collection": [
                "wagtailimages.add_image",
                "wagtailimages.change_image",
                "wagtailimages.choose_image",
                "wagtaildocs.add_document",
                "wagtaildocs.change_document",
                "wagtaildocs.choose_document",
            ],
        },
        moderators: {
            "global": [
                "wagtailadmin.access_admin",
                "pages.add_area",
                "pages.change_area",
                "pages.delete_area",
                "pages.add_partner",
                "pages.change_partner",
                "pages.delete_partner",
                "pages.change_officesettings",
            ],
            "page": [
                "wagtailcore.add_page",
                "wagtailcore.change_page",
                "wagtailcore.publish_page",
                "wagtailcore.lock_page",
                "wagtailcore.unlock_page",
                "wagtailcore.bulk_delete_page",
            ],
            "collection": [
                "wagtailimages.add_image",
                "wagtailimages.change_image",
                "wagtailimages.delete_image",
                "wagtailimages.choose_image",
                "wagtaildocs.add_document",
                "wagtaildocs.change_document",
                "wagtaildocs.delete_document",
                "wagtaildocs.choose_document",
            ],
        },
    }
    for group, grants in roles.items():
        group.permissions.add(*perms(Permission, *grants["global"]))
        for permission in perms(Permission, *grants["page"]):
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission
            )
        for permission in perms(Permission, *grants["collection"]):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=WORKFLOW).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW, content_type=task_type, active=True)
    task.groups.set([moderators])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


def teardown(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=[STAFF, MODERATORS]).delete()
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(setup, teardown)]
