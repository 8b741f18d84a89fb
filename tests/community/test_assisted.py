"""Pendampingan: kader register residents without e-mail, act for them within their area,
every action logged; the resident claims the account later. Kader limits are tested
(another area's resident, another kader's resident, groups/activities outside the area)."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from community import assisted, personal_data
from community.models import AssistedRegistration, KaderAction, Membership, User
from community.roles import KADER_GROUP
from config.errors import DomainError, NotFoundError, PermissionDeniedError
from events import assisted as event_assisted
from events.models import Enrollment
from pages.models import Area
from tests.factories.community import CommunityGroupPageFactory, GroupIndexPageFactory, UserFactory
from tests.factories.events import EventIndexPageFactory, make_event
from tests.factories.pages import AreaFactory


@pytest.fixture
def tree(db):
    city = AreaFactory(name="Kota Contoh")
    district = AreaFactory(name="Kecamatan Contoh", level=Area.Level.DISTRICT, parent=city)
    village = AreaFactory(name="Kelurahan Mawar", level=Area.Level.VILLAGE, parent=district)
    other_village = AreaFactory(name="Kelurahan Melati", level=Area.Level.VILLAGE, parent=district)
    rw1 = AreaFactory(name="RW 01", level=Area.Level.RW, parent=village, slug="mawar-rw-01")
    rw2 = AreaFactory(name="RW 02", level=Area.Level.RW, parent=village, slug="mawar-rw-02")
    far = AreaFactory(name="RW 01", level=Area.Level.RW, parent=other_village, slug="melati-rw-01")
    return {"village": village, "rw1": rw1, "rw2": rw2, "far": far, "other_village": other_village}


def make_kader(area, name="Ibu Kader"):
    kader = UserFactory(display_name=name, home_area=area)
    kader.groups.add(Group.objects.get(name=KADER_GROUP))
    return kader


@pytest.fixture
def kader(tree):
    return make_kader(tree["village"])


def register(kader, area, number="F-001", name="Mbah Sarinah", **extra):
    fields = {
        "name": name,
        "phone": "0812 3456 7890",
        "area": area,
        "paper_form_number": number,
        "consent": True,
        **extra,
    }
    return assisted.register_resident(kader, **fields)


def test_a_kader_registers_a_resident_without_email(kader, tree):
    resident, code = register(kader, tree["rw1"])
    second, _code = register(kader, tree["rw2"], number="F-002", name="Pak Darto")
    assert resident.email is None and second.email is None  # many residents without e-mail
    assert not resident.has_usable_password()
    assert resident.phone == "+6281234567890"
    assert resident.profile_complete  # consent recorded: the usual rules accept them
    registration = resident.assisted_registration
    assert registration.kader == kader
    assert registration.consent_taken_by_name == "Ibu Kader"
    assert registration.paper_form_number == "F-001"
    assert registration.consent_taken_at == resident.data_consent_at
    assert code not in registration.claim_code_hash  # only a hash is kept
    assert KaderAction.objects.get(resident=resident).action == "registered"
    assert str(resident) == "Mbah Sarinah"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"consent": False}, "consent_required"),
        ({"name": " "}, "name_required"),
        ({"paper_form_number": ""}, "form_number_required"),
        ({"phone": "12345"}, "invalid_phone"),
    ],
)
def test_registration_needs_consent_and_the_paper_form(kader, tree, change, code):
    fields = {
        "name": "Mbah Sarinah",
        "phone": "",
        "area": tree["rw1"],
        "paper_form_number": "F-9",
        "consent": True,
        **change,
    }
    with pytest.raises(DomainError) as raised:
        assisted.register_resident(kader, **fields)
    assert raised.value.code == code
    assert not User.objects.filter(display_name="Mbah Sarinah").exists()


def test_a_paper_form_number_is_used_once(kader, tree):
    register(kader, tree["rw1"])
    with pytest.raises(DomainError) as raised:
        register(kader, tree["rw1"], name="Orang lain")
    assert raised.value.code == "form_number_taken"
    assert AssistedRegistration.objects.count() == 1


def test_a_kader_registers_only_within_their_area(kader, tree):
    with pytest.raises(PermissionDeniedError):
        register(kader, tree["far"])
    assert not AssistedRegistration.objects.exists()


def test_only_a_kader_registers(tree):
    somebody = UserFactory(home_area=tree["village"])
    with pytest.raises(PermissionDeniedError):
        register(somebody, tree["rw1"])


def test_a_kader_sees_only_their_own_residents(kader, tree):
    mine, _ = register(kader, tree["rw1"])
    other_kader = make_kader(tree["village"], "Bu Lain")
    theirs, _ = register(other_kader, tree["rw2"], number="F-002")
    assert list(assisted.assisted_by(kader)) == [mine]
    with pytest.raises(NotFoundError):
        assisted.resident_for(kader, theirs.pk)


def test_a_resident_outside_the_kader_area_is_out_of_reach(kader, tree):
    resident, _ = register(kader, tree["rw1"])
    resident.home_area = tree["far"]  # moved away
    resident.save()
    with pytest.raises(NotFoundError):
        assisted.resident_for(kader, resident.pk)
    assert list(assisted.assisted_by(kader)) == []  # nor on the list
    rw_kader = make_kader(tree["rw2"], "Kader RW 02")
    with pytest.raises(PermissionDeniedError):
        register(rw_kader, tree["rw1"], number="F-777")  # another RW than hers


def test_joining_on_behalf_uses_the_membership_rules_and_is_logged(kader, tree, site):
    index = GroupIndexPageFactory(parent=site.root_page)
    near = CommunityGroupPageFactory(parent=index, area=tree["rw1"])
    far = CommunityGroupPageFactory(parent=index, area=tree["far"], title="Jauh")
    resident, _ = register(kader, tree["rw1"])
    result = assisted.join_on_behalf(kader, resident, near)
    assert result.status == Membership.Status.ACTIVE
    entry = KaderAction.objects.get(resident=resident, action="joined")
    assert entry.kader_name == "Ibu Kader" and entry.target_id == near.pk
    with pytest.raises(PermissionDeniedError):
        assisted.join_on_behalf(kader, resident, far)
    other_kader = make_kader(tree["village"], "Bu Lain")
    with pytest.raises(NotFoundError):
        assisted.join_on_behalf(other_kader, resident, near)
    assert Membership.objects.filter(user=resident).count() == 1


def test_enrolling_on_behalf_uses_the_enrollment_rules_and_is_logged(kader, tree, site):
    index = EventIndexPageFactory(parent=site.root_page)
    near = make_event(index, area=tree["rw2"], capacity=1)
    far = make_event(index, area=tree["far"])
    resident, _ = register(kader, tree["rw1"])
    second, _ = register(kader, tree["rw1"], number="F-002", name="Pak Darto")
    assert event_assisted.enroll_on_behalf(kader, resident, near).status == "confirmed"
    assert event_assisted.enroll_on_behalf(kader, second, near).status == "waitlisted"
    assert KaderAction.objects.filter(action="enrolled").count() == 2
    with pytest.raises(PermissionDeniedError):
        event_assisted.enroll_on_behalf(kader, resident, far)
    other_kader = make_kader(tree["village"], "Bu Lain")
    with pytest.raises(NotFoundError):
        event_assisted.enroll_on_behalf(other_kader, resident, near)
    assert Enrollment.objects.filter(event=far).count() == 0
    assert list(event_assisted.events_for(kader)) == [near]


def test_the_resident_claims_the_account_once(kader, tree, client):
    resident, code = register(kader, tree["rw1"])
    with pytest.raises(DomainError):
        assisted.claim("WRONG-CODE1", "sarinah@contoh.id", "kata-sandi-kuat-2026")
    UserFactory(email="dipakai@contoh.id")
    with pytest.raises(DomainError) as taken:
        assisted.claim(code, "Dipakai@contoh.id", "kata-sandi-kuat-2026")
    assert taken.value.code == "email_taken"
    with pytest.raises(DomainError) as weak:
        assisted.claim(code, "sarinah@contoh.id", "123")
    assert weak.value.code == "weak_password"
    user, address = assisted.claim(code.lower(), "Sarinah@Contoh.id", "kata-sandi-kuat-2026")
    assert user.pk == resident.pk
    assert user.email == "sarinah@contoh.id" and user.check_password("kata-sandi-kuat-2026")
    assert not address.verified
    with pytest.raises(DomainError):
        assisted.claim(code, "lain@contoh.id", "kata-sandi-kuat-2026")  # one use
    assert KaderAction.objects.filter(resident=user, action="claimed").exists()


def test_a_new_claim_code_replaces_the_old(kader, tree):
    resident, old = register(kader, tree["rw1"])
    new = assisted.new_claim_code(kader, resident)
    with pytest.raises(DomainError):
        assisted.claim(old, "a@contoh.id", "kata-sandi-kuat-2026")
    assisted.claim(new, "a@contoh.id", "kata-sandi-kuat-2026")


def test_claim_attempts_are_limited(kader, tree):
    _resident, code = register(kader, tree["rw1"])
    for _ in range(assisted.CLAIM_ATTEMPTS):
        with pytest.raises(DomainError):
            assisted.claim("XXXXX-XXXXX", "a@contoh.id", "kata-sandi-kuat-2026", "1.2.3.4")
    with pytest.raises(DomainError) as raised:
        assisted.claim(code, "a@contoh.id", "kata-sandi-kuat-2026", "1.2.3.4")
    assert raised.value.code == "rate_limited"


def test_the_resident_sees_who_registered_them_and_it_is_in_their_data(kader, tree, client):
    resident, code = register(kader, tree["rw1"])
    user, _ = assisted.claim(code, "sarinah@contoh.id", "kata-sandi-kuat-2026")
    EmailAddress.objects.filter(user=user).update(verified=True)
    client.force_login(user)
    html = client.get(reverse("community:profile")).content.decode()
    assert "Didaftarkan oleh kader Ibu Kader" in html
    data = personal_data.export(user)
    assert data["assisted_registration"]["registered_by_kader"] == "Ibu Kader"
    assert data["assisted_registration"]["paper_form_number"] == "F-001"
    assert {a["action"] for a in data["assisted_registration"]["actions"]} >= {"registered"}


# --- The pages ----------------------------------------------------------------------------


def test_kader_pages_need_the_kader_role(client, tree):
    client.force_login(UserFactory(home_area=tree["village"]))
    for name in ("community:kader_home", "community:kader_register"):
        assert client.get(reverse(name)).status_code == 403
    client.logout()
    assert client.get(reverse("community:kader_home")).status_code == 302


def test_a_kader_registers_and_acts_through_the_pages(client, kader, tree, site):
    client.force_login(kader)
    url = reverse("community:kader_register")
    response = client.post(
        url,
        {
            "name": "Mbah Sarinah",
            "phone": "08123",
            "area": tree["rw1"].pk,
            "paper_form_number": "F-1",
        },
    )
    assert response.status_code == 422  # no consent, bad phone
    assert not AssistedRegistration.objects.exists()
    response = client.post(
        url,
        {
            "name": "Mbah Sarinah",
            "phone": "",
            "area": tree["far"].pk,
            "paper_form_number": "F-1",
            "consent": "on",
        },
    )
    assert response.status_code == 422  # another area's RW is not offered
    response = client.post(
        url,
        {
            "name": "Mbah Sarinah",
            "phone": "0812 1111 2222",
            "area": tree["rw1"].pk,
            "paper_form_number": "F-1",
            "consent": "on",
        },
    )
    assert response.status_code == 200
    assert b"claim-code" in response.content
    resident = User.objects.get(display_name="Mbah Sarinah")
    index = GroupIndexPageFactory(parent=site.root_page)
    group = CommunityGroupPageFactory(parent=index, area=tree["rw1"])
    page = client.get(reverse("community:kader_resident", args=[resident.pk]))
    assert group.title in page.content.decode()
    client.post(reverse("community:kader_join", args=[resident.pk]), {"group": group.pk})
    assert Membership.objects.filter(user=resident, group=group).exists()
    events = EventIndexPageFactory(parent=site.root_page)
    event = make_event(events, area=tree["rw2"])
    enroll_url = reverse("events:kader_enroll", args=[resident.pk])
    assert event.title in client.get(enroll_url).content.decode()
    client.post(enroll_url, {"event": event.pk})
    assert Enrollment.objects.filter(user=resident, event=event).exists()
    assert resident.pk in [
        r.pk for r in client.get(reverse("community:kader_home")).context["residents"]
    ]


def test_the_kader_list_leaves_out_residents_who_moved_away(client, kader, tree):
    """The list shows whom the kader may open: not a resident who moved out of the
    kader's area (their name, area and form number), nor one whose area is unknown."""
    staying, _ = register(kader, tree["rw2"], number="F-010", name="Pak Tetap")
    moved, _ = register(kader, tree["rw1"], number="F-011", name="Bu Pindah")
    unknown, _ = register(kader, tree["rw1"], number="F-012", name="Mas Entah")
    moved.home_area = tree["far"]
    moved.save()
    unknown.home_area = None
    unknown.save()
    client.force_login(kader)
    response = client.get(reverse("community:kader_home"))
    assert response.status_code == 200
    assert [r.pk for r in response.context["residents"]] == [staying.pk]
    html = response.content.decode()
    assert "Pak Tetap" in html
    assert "Bu Pindah" not in html and "F-011" not in html
    assert "Mas Entah" not in html and "F-012" not in html
    assert client.get(reverse("community:kader_resident", args=[moved.pk])).status_code == 404
    moved.home_area = tree["rw1"]  # moved back: on the list again
    moved.save()
    listed = client.get(reverse("community:kader_home")).context["residents"]
    assert {r.pk for r in listed} == {staying.pk, moved.pk}


def test_another_kader_gets_404_for_my_resident(client, kader, tree):
    resident, _ = register(kader, tree["rw1"])
    client.force_login(make_kader(tree["village"], "Bu Lain"))
    assert client.get(reverse("community:kader_resident", args=[resident.pk])).status_code == 404
    assert client.get(reverse("events:kader_enroll", args=[resident.pk])).status_code == 404
    assert client.post(reverse("community:kader_join", args=[resident.pk])).status_code == 404
    assert client.post(reverse("community:kader_claim_code", args=[resident.pk])).status_code == 404


def test_claiming_through_the_page_sends_the_confirmation(client, kader, tree):
    _resident, code = register(kader, tree["rw1"])
    url = reverse("community:claim_account")
    response = client.post(
        url,
        {
            "code": code,
            "email": "sarinah@contoh.id",
            "password1": "kata-sandi-kuat-2026",
            "password2": "beda",
        },
    )
    assert response.status_code == 422
    response = client.post(
        url,
        {
            "code": code,
            "email": "sarinah@contoh.id",
            "password1": "kata-sandi-kuat-2026",
            "password2": "kata-sandi-kuat-2026",
        },
    )
    assert response.status_code == 200
    assert "sarinah@contoh.id" in response.content.decode()
    assert mail.outbox and mail.outbox[-1].to == ["sarinah@contoh.id"]


def test_staff_read_the_kader_log_in_the_admin(client, kader, tree):
    from tests.factories.community import StaffFactory

    register(kader, tree["rw1"])
    client.force_login(StaffFactory(is_superuser=True))
    response = client.get("/admin/kader_actions/")
    assert response.status_code == 200
    assert "Ibu Kader" in response.content.decode()
    assert client.get("/admin/assisted_registrations/").status_code == 200
    client.force_login(kader)
    assert client.get("/admin/kader_actions/").status_code in (302, 403)


def test_the_kader_list_costs_the_same_queries_for_few_and_many(client, kader, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(kader)
    register(kader, tree["rw1"])

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("community:kader_home")).status_code == 200
        return len(context)

    count()  # warm the site caches (the first creates the office settings: a new version)
    count()  # the header and footer are kept under that version (pages.site_chrome)
    few = count()
    for n in range(5):
        register(kader, tree["rw2"], number=f"F-1{n}", name=f"Warga {n}")
    count()  # registering bumped the content version: the header and footer read again
    many = count()
    assert many == few, "\n".join(q["sql"][:150] for q in connection.queries[-many:])


def test_staff_list_and_open_a_resident_without_email_in_the_admin(client, kader, tree):
    from tests.factories.community import StaffFactory

    resident, _code = register(kader, tree["rw1"])
    client.force_login(StaffFactory(is_superuser=True))
    response = client.get("/admin/users/")
    assert response.status_code == 200
    assert "Mbah Sarinah" in response.content.decode()
    assert client.get(f"/admin/users/edit/{resident.pk}/").status_code == 200
