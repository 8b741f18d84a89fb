"""The self-check pages without JavaScript, the checklist, saving and deleting answers,
the staff check, and the rules' admin (contradictions refused)."""

import json
import re

import pytest
from django.urls import reverse

from community import personal_data
from community.roles import KADER_GROUP
from eligibility.models import Criterion, ProgramRules, SavedCheck
from tests.factories.community import StaffFactory, UserFactory

URL = "/cek-kelayakan/"


def hidden_and_current(response):
    """The step's form data as a browser would send it back (hidden fields + asked)."""
    html = response.content.decode()
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    data.pop("csrfmiddlewaretoken", None)
    current = re.search(r'name="current" value="([^"]+)"', html).group(1)
    return data, current


def walk(client, answers):
    """Answer the self-check the way a resident does, one step at a time."""
    response = client.get(URL)
    asked = []
    while b'name="current"' in response.content:
        data, current = hidden_and_current(response)
        asked.append(current)
        data[current] = answers.get(current, "")
        response = client.post(URL, data)
        assert response.status_code == 200, response.content.decode()[:2000]
    return response, asked


def test_the_self_check_asks_only_what_matters_and_explains(client, programs, areas):
    response, asked = walk(
        client,
        {
            "area": areas["pondok-labu-rw-03"].pk,
            "age": "24",
            "dtks": "no",
            "pregnant_or_under_five": "no",
            "income_per_member": "Rp750.000",
            "employment": "jobseeker",
        },
    )
    assert len(asked) <= 10
    assert len(asked) == len(set(asked))
    html = response.content.decode()
    assert "Pelatihan Barista" in html
    assert "Peraturan Menteri Sosial Nomor 1 Tahun 2018" in html  # why PKH is out
    # DTKS "no" rules out PKH and PBI: the KIS question is never asked
    assert "kis_pbi" not in asked
    assert "daftar-bawaan/?program=" in html
    assert SavedCheck.objects.count() == 0


def test_dont_know_is_an_answer_and_never_rules_out(client, programs):
    response, asked = walk(client, {})
    html = response.content.decode()
    assert "Tidak memenuhi syarat (" not in html
    assert len(asked) <= 10


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("300", "Usia harus antara 0 dan 120"),
        ("-3", "Usia harus antara"),
        ("abc", "bilangan bulat"),
    ],
)
def test_an_impossible_answer_is_asked_again_with_the_reason(
    client, programs, areas, answer, message
):
    response = client.get(URL)
    data, current = hidden_and_current(response)
    data[current] = areas["pondok-labu-rw-03"].pk
    response = client.post(URL, data)
    data, current = hidden_and_current(response)
    assert current == "age"
    data["age"] = answer
    response = client.post(URL, data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert hidden_and_current(response)[1] == "age"


def test_an_unknown_area_is_a_form_error(client, programs):
    response = client.get(URL)
    data, current = hidden_and_current(response)
    data[current] = "999999"
    response = client.post(URL, data)
    assert response.status_code == 422
    assert "Wilayah tidak dikenal" in response.content.decode()


def test_the_checklist_link_carries_program_ids_only(client, programs):
    ids = [programs["blt-kelurahan"].pk, programs["posyandu-balita"].pk]
    response = client.get(reverse("eligibility:checklist"), {"program": [*ids, "x"]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "BLT Kelurahan" in html and "Buku KIA" in html
    assert html.count('<li><span class="box"') == 4  # KTP, KK, SKTM, Buku KIA


def test_saving_needs_login_and_consent_and_can_be_deleted(client, programs, areas):
    user = UserFactory()
    answers = {"age": "70", "dtks": "yes", "area": str(areas["pondok-labu-rw-04"].pk)}
    response = client.post(reverse("eligibility:save"), answers)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(user)
    response = client.post(reverse("eligibility:save"), answers)
    assert response.status_code == 422
    assert SavedCheck.objects.count() == 0
    response = client.post(reverse("eligibility:save"), {**answers, "consent": "on"})
    assert response.status_code == 302
    check = SavedCheck.objects.get(user=user)
    assert check.facts == {"age": 70, "dtks": True, "area": areas["pondok-labu-rw-04"].pk}
    assert personal_data.export(user)["eligibility_checks"][0]["answers"]["age"] == 70
    page = client.get(reverse("eligibility:saved"))
    assert "Program Keluarga Harapan" in page.content.decode()
    other = UserFactory()
    client.force_login(other)
    assert client.post(reverse("eligibility:delete_saved", args=[check.pk])).status_code == 404
    client.force_login(user)
    client.post(reverse("eligibility:delete_saved", args=[check.pk]))
    assert not SavedCheck.objects.exists()


def test_bad_answers_are_never_saved(client, programs):
    client.force_login(UserFactory())
    client.post(reverse("eligibility:save"), {"age": "300", "consent": "on"})
    assert not SavedCheck.objects.exists()


def test_staff_check_uses_the_same_engine(client, programs, areas):
    url = reverse("eligibility:staff_check")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(StaffFactory())
    response = client.post(url, {"dtks": "no", "age": "45"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Peraturan Menteri Sosial Nomor 1 Tahun 2018" in html
    assert not SavedCheck.objects.exists()
    assert client.post(url, {"age": "300"}).status_code == 422


def test_a_kader_may_check_an_applicant(client, programs):
    from django.contrib.auth.models import Group

    kader = UserFactory()
    kader.groups.add(Group.objects.get(name=KADER_GROUP))
    client.force_login(kader)
    assert client.get(reverse("eligibility:staff_check")).status_code == 200


def admin_post(program, criteria):
    data = {
        "program": program.pk,
        "active": "on",
        "note": "",
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for i, criterion in enumerate(criteria):
        data.update({f"criteria-{i}-{k}": v for k, v in criterion.items()})
        data[f"criteria-{i}-ORDER"] = str(i + 1)
        data.setdefault(f"criteria-{i}-legal_basis_title", "Peraturan contoh")
    return data


def test_the_admin_refuses_contradictory_rules(client, site, areas):
    from tests.factories.pages import ProgramIndexPageFactory, ProgramPageFactory

    program = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=site.root_page))
    admin = StaffFactory(is_superuser=True)
    client.force_login(admin)
    url = reverse("wagtailsnippets_eligibility_programrules:add")
    response = client.post(
        url,
        admin_post(
            program,
            [
                {"fact": "age", "operator": "at_least", "number": "60"},
                {"fact": "age", "operator": "at_most", "number": "50"},
            ],
        ),
    )
    assert response.status_code == 200
    assert (
        "tidak bisa sekaligus paling sedikit 60 dan paling banyak 50" in response.content.decode()
    )
    assert not ProgramRules.objects.exists()
    response = client.post(
        url,
        admin_post(
            program,
            [
                {"fact": "age", "operator": "yes"},  # a yes/no condition on a number
            ],
        ),
    )
    assert not ProgramRules.objects.exists()
    response = client.post(
        url,
        admin_post(
            program,
            [
                {"fact": "age", "operator": "at_least", "number": "60"},
                {"fact": "dtks", "operator": "yes"},
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Criterion.objects.count() == 2


def in_staff_group(name):
    from django.contrib.auth.models import Group

    user = UserFactory(display_name=f"Anggota {name}")
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.mark.parametrize("group_name", ["Staf Humas", "Moderator"])
def test_staff_groups_edit_the_rules_in_the_admin(client, site, group_name):
    """Not only superusers: "Staf Humas" and "Moderator" members add and change rules
    (eligibility/migrations/0002); only a Moderator deletes them."""
    from tests.factories.pages import ProgramIndexPageFactory, ProgramPageFactory

    program = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=site.root_page))
    user = in_staff_group(group_name)
    assert not user.is_superuser
    client.force_login(user)
    index = reverse("wagtailsnippets_eligibility_programrules:list")
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    assert "Aturan kelayakan" in dashboard.content.decode()
    assert index in dashboard.content.decode()
    assert client.get(index).status_code == 200
    response = client.post(
        reverse("wagtailsnippets_eligibility_programrules:add"),
        admin_post(program, [{"fact": "age", "operator": "at_least", "number": "60"}]),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    rules = ProgramRules.objects.get(program=program)
    assert rules.criteria.count() == 1
    edit = client.get(reverse("wagtailsnippets_eligibility_programrules:edit", args=[rules.pk]))
    assert edit.status_code == 200
    assert user.has_perm("eligibility.change_programrules")
    assert user.has_perm("eligibility.delete_programrules") == (group_name == "Moderator")


def test_a_resident_cannot_edit_the_rules(client, site):
    from tests.factories.pages import ProgramIndexPageFactory, ProgramPageFactory

    program = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=site.root_page))
    client.force_login(UserFactory())
    response = client.post(
        reverse("wagtailsnippets_eligibility_programrules:add"),
        admin_post(program, [{"fact": "age", "operator": "at_least", "number": "60"}]),
    )
    # No admin access: Wagtail sends them to its login page.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not ProgramRules.objects.exists()
    listing = client.get(reverse("wagtailsnippets_eligibility_programrules:list"))
    assert listing.status_code == 302


def test_the_rules_permissions_migration_is_reversible(db):
    """Backwards removes exactly these grants; forwards gives them back."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    migration = importlib.import_module("eligibility.migrations.0002_staff_rules_permissions")
    staff = Group.objects.get(name="Staf Humas")
    before = set(staff.permissions.values_list("codename", flat=True))
    assert {"add_programrules", "change_programrules", "view_programrules"} <= before
    migration.revoke(apps, None)
    after = set(staff.permissions.values_list("codename", flat=True))
    assert not {c for c in after if c.endswith("_programrules")}
    assert after == before - {"add_programrules", "change_programrules", "view_programrules"}
    migration.grant(apps, None)
    assert set(staff.permissions.values_list("codename", flat=True)) == before


# --- The checklist's size: one rule for the link and the sheet ---------------------------


@pytest.fixture
def many_programs(site):
    """23 programs: 21 need an age (unknown without one), then 2 (titled last) that a
    resident outside DTKS is likely eligible for."""
    from eligibility import demo
    from eligibility.models import Operator
    from tests.factories.pages import ProgramIndexPageFactory, ProgramPageFactory

    index = ProgramIndexPageFactory(parent=site.root_page)
    pages = []
    for n in range(23):
        eligible = n >= 21
        page = ProgramPageFactory(
            parent=index,
            title=f"Program {n:02d}",
            slug=f"program-{n:02d}",
            required_documents=[("document", f"Dokumen {n:02d}")],
        )
        spec = ("dtks", Operator.NO, None) if eligible else ("age", Operator.AT_LEAST, 18)
        demo.set_rules(page, "", [(*spec, "", "Peraturan contoh")], {})
        pages.append(page)
    return pages


def test_the_checklist_link_carries_no_more_than_the_sheet_reads(client, many_programs):
    from urllib.parse import parse_qs, urlsplit

    from eligibility import checklist

    assert checklist.MAX_PROGRAMS == 20
    body = json.dumps({"dtks": False})
    response = client.post("/api/eligibility/check/", body, content_type="application/json")
    assert response.status_code == 200
    link = urlsplit(response.json()["checklist_url"])
    query = parse_qs(link.query)
    carried = [int(pk) for pk in query["program"]]
    assert len(carried) == 20
    assert query["more"] == ["3"]
    assert carried[:2] == [many_programs[21].pk, many_programs[22].pk]  # likely eligible first

    sheet = client.get(f"{link.path}?{link.query}")
    assert sheet.status_code == 200
    assert [p.id for p in sheet.context["programs"]] == carried  # all of them, no more
    assert sheet.context["left_out"] == 3
    assert sheet.content.decode().count('<li><span class="box"') == 20
    assert sheet.content.decode().count('class="help"') == 2  # the advice, and the cut

    # The self-check's result page builds the same link, and says it was cut.
    page = client.post(URL, {"dtks": "no", "current": "dtks", "asked": "dtks,age"})
    assert page.status_code == 200
    assert page.context["checklist_url"] == f"{link.path}?{link.query}"
    assert page.context["checklist_left_out"] == 3
    assert "more=3" in page.content.decode()


def test_a_hand_made_checklist_link_is_read_up_to_the_limit(client, many_programs):
    ids = [str(p.pk) for p in many_programs]
    response = client.get(reverse("eligibility:checklist"), {"program": [ids[0], *ids, "x"]})
    assert response.status_code == 200
    assert [p.id for p in response.context["programs"]] == [int(pk) for pk in ids[:20]]
    assert response.context["left_out"] == 3  # the repeated first id is read once
    response = client.get(reverse("eligibility:checklist"), {"program": ids[:2], "more": "-4"})
    assert response.context["left_out"] == 0
    assert response.content.decode().count('class="help"') == 1  # the usual advice only
    response = client.get(reverse("eligibility:checklist"), {"program": ids[:2], "more": "7"})
    assert response.context["left_out"] == 7
