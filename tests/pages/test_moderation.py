"""Staff roles and the moderation workflow exist after `migrate` and behave as documented:
Staf Humas edit and submit, Moderators approve (publish)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, Workflow, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.factories.pages import ProgramPageFactory

pytestmark = pytest.mark.django_db

STAFF, MODERATORS, WORKFLOW = "Staf Humas", "Moderator", "Persetujuan moderator"


def make_user(email, group_name):
    user = get_user_model().objects.create_user(email=email, password="x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def humas(db):
    return make_user("humas@example.com", STAFF)


@pytest.fixture
def moderator(db):
    return make_user("moderator@example.com", MODERATORS)


@pytest.fixture
def program(program_index):
    page = ProgramPageFactory(parent=program_index, title="Posyandu Balita", slug="posyandu")
    page.save_revision().publish()
    return page


def edit_data(program, **changes):
    data = {
        "title": program.title,
        "slug": program.slug,
        "category": program.category,
        "status": program.status,
        "summary": program.summary,
        "eligibility": rich_text("<p>Balita 0-59 bulan</p>"),
        "benefits": rich_text("<p>Penimbangan gratis</p>"),
        "application_steps": streamfield([]),
        "required_documents": streamfield([("document", "Buku KIA")]),
        "body": streamfield([]),
        "tags": "",
    }
    data.update(changes)
    return nested_form_data(data)


def test_groups_and_workflow_exist_after_migrate(db):
    assert Group.objects.filter(name__in=[STAFF, MODERATORS]).count() == 2
    workflow = Workflow.objects.get(name=WORKFLOW)
    assert workflow.active
    task = workflow.tasks.get().specific
    assert [g.name for g in task.groups.all()] == [MODERATORS]
    root = Page.get_first_root_node()
    assert root.get_workflow() == workflow


def test_workflow_covers_programs(program):
    assert program.get_workflow().name == WORKFLOW


def test_staff_can_edit_but_not_publish(client, humas, program):
    permissions = program.permissions_for_user(humas)
    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert humas.has_perm("wagtailadmin.access_admin")

    client.force_login(humas)
    edit_url = reverse("wagtailadmin_pages:edit", args=[program.pk])
    assert client.get(edit_url).status_code == 200

    # Trying to publish only saves a draft: the live page stays as it was.
    response = client.post(
        edit_url, edit_data(program, summary="Ringkasan baru", **{"action-publish": "1"})
    )
    assert response.status_code in (200, 302)
    program.refresh_from_db()
    assert program.summary == "Ringkasan program."
    assert program.get_latest_revision().as_object().summary == "Ringkasan baru"


def test_submitting_for_moderation_starts_the_workflow(client, humas, moderator, program):
    client.force_login(humas)
    edit_url = reverse("wagtailadmin_pages:edit", args=[program.pk])
    response = client.post(
        edit_url, edit_data(program, summary="Jadwal baru", **{"action-submit": "1"})
    )
    assert response.status_code == 302

    state = WorkflowState.objects.get(object_id=str(program.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == WORKFLOW
    assert state.requested_by == humas
    program.refresh_from_db()
    assert program.summary == "Ringkasan program."  # not live until approved

    # The moderator sees the task and approves it: the change goes live.
    task_state = state.current_task_state
    task = task_state.task.specific
    assert "approve" in [name for name, *_ in task.get_actions(program, moderator)]
    assert task.get_actions(program, humas) == []
    task.on_action(task_state, moderator, "approve")

    program.refresh_from_db()
    assert program.summary == "Jadwal baru"
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_moderator_can_publish_and_manage_snippets(moderator, program):
    assert program.permissions_for_user(moderator).can_publish()
    assert moderator.has_perm("pages.delete_area")
    assert moderator.has_perm("pages.change_officesettings")


def test_staff_can_manage_areas_and_partners_but_not_delete(humas):
    assert humas.has_perm("pages.add_area") and humas.has_perm("pages.change_partner")
    assert not humas.has_perm("pages.delete_area")
    assert not humas.has_perm("pages.change_officesettings")
