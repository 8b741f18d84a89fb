"""The group pages, the leader's page, "Kelompok saya", the admin and the demo."""

import pytest
from django.core.management.base import BaseCommand
from django.urls import reverse

from community import demo
from community.models import CommunityGroupPage, Membership, User
from tests.factories.community import UserFactory, member_of
from tests.factories.pages import AreaFactory

pytestmark = pytest.mark.django_db


def test_index_filters_by_kind_and_area_without_javascript(client, group_index, make_group):
    city = AreaFactory(name="Jakarta Selatan")
    kelurahan = AreaFactory(name="Pondok Labu", level=3, parent=city, slug="pondok-labu")
    rw = AreaFactory(name="RW 03", level=4, parent=kelurahan, slug="pondok-labu-rw-03")
    make_group(title="Belajar Anak", area=rw)
    make_group(title="Jahit Berkah", kind=CommunityGroupPage.Kind.ENTERPRISE_CIRCLE, area=kelurahan)
    make_group(title="Karang Taruna", kind=CommunityGroupPage.Kind.OTHER)

    def titles(query=""):
        response = client.get(group_index.url + query)
        assert response.status_code == 200
        groups = response.context["groups"]
        return sorted(g.title for g in groups)

    assert titles() == ["Belajar Anak", "Jahit Berkah", "Karang Taruna"]
    assert titles("?jenis=enterprise_circle") == ["Jahit Berkah"]
    assert titles("?wilayah=pondok-labu") == ["Belajar Anak", "Jahit Berkah"]
    assert titles("?wilayah=pondok-labu&jenis=study_group") == ["Belajar Anak"]
    # an unknown value does not break the page: the other filters still apply
    assert titles("?wilayah=atlantis&jenis=other") == ["Karang Taruna"]
    content = client.get(group_index.url).content.decode()
    assert '<form method="get"' in content
    assert "3 kelompok" in content


def test_index_query_count_does_not_grow_with_groups(client, group_index, make_group):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from config import content_version

    def count():
        content_version.bump()  # a page built afresh each time, header and footer too
        with CaptureQueriesContext(connection) as ctx:
            client.get(group_index.url)
        return len(ctx.captured_queries)

    member_of(make_group(title="Kelompok A"))
    count()  # warm the per-process caches (site root paths, settings)
    few = count()
    for i in range(6):
        group = make_group(title=f"Kelompok B{i}", area=AreaFactory())
        member_of(group)
    assert count() == few


@pytest.mark.parametrize(
    "state,expected",
    [
        ("anonymous", "Masuk untuk bergabung"),
        ("resident", "Ajukan permintaan bergabung"),
        ("pending", "Menunggu persetujuan"),
        ("member", "Anda anggota kelompok ini."),
        ("leader", "Kelola kelompok ini"),
        ("full", "Penuh"),
    ],
)
def test_group_page_button_states(client, approval_group, leader, state, expected):
    if state == "pending":
        client.force_login(member_of(approval_group, status="pending"))
    elif state == "member":
        client.force_login(member_of(approval_group))
    elif state == "leader":
        client.force_login(leader)
    elif state in ("resident", "full"):
        client.force_login(UserFactory())
    if state == "full":
        member_of(approval_group)
        member_of(approval_group)
    content = client.get(approval_group.url).content.decode()
    assert expected in content
    assert leader.display_name in content  # leaders' names are public
    assert leader.email not in content  # their contact details are not


def test_open_group_join_button(client, open_group):
    client.force_login(UserFactory())
    content = client.get(open_group.url).content.decode()
    assert "Bergabung dengan kelompok ini" in content
    assert reverse("community:join", args=[open_group.pk]) in content


def test_joining_in_the_browser_without_consent_goes_to_the_profile(client, open_group):
    client.force_login(UserFactory(data_consent_at=None))
    response = client.post(reverse("community:join", args=[open_group.pk]), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("community:profile"))
    assert "Mohon lengkapi profil Anda" in response.content.decode()
    assert not Membership.objects.exists()


def test_join_full_group_in_the_browser_explains(client, make_group):
    group = make_group(member_limit=1)
    member_of(group)
    client.force_login(UserFactory())
    response = client.post(reverse("community:join", args=[group.pk]), follow=True)
    assert "Kelompok ini sudah penuh" in response.content.decode()


def test_leader_page_shows_roster_and_requests_and_decides(client, approval_group, leader):
    member = member_of(approval_group, UserFactory(phone="+6281234567890"))
    applicant = member_of(approval_group, status="pending")
    client.force_login(leader)
    url = reverse("community:manage", args=[approval_group.pk])
    content = client.get(url).content.decode()
    assert member.display_name in content
    assert "+6281234567890" in content
    assert applicant.display_name in content
    request = Membership.objects.get(user=applicant)
    decide = reverse("community:decide", args=[approval_group.pk, request.pk, "tolak"])
    assert decide in content
    response = client.post(decide, {"message": "Maaf, mesin jahit penuh."}, follow=True)
    assert "ditolak" in response.content.decode()
    request.refresh_from_db()
    assert (request.status, request.message) == ("declined", "Maaf, mesin jahit penuh.")


def test_my_groups_lists_status(client, approval_group, open_group):
    user = UserFactory()
    member_of(open_group, user)
    member_of(approval_group, user, status="pending")
    client.force_login(user)
    content = client.get(reverse("community:my_groups")).content.decode()
    assert open_group.title in content
    assert "Aktif" in content
    assert "Menunggu persetujuan" in content
    assert "Batalkan permintaan saya" in content


def test_admin_lists_memberships_and_staff_make_a_leader(client, approval_group, member):
    admin = User.objects.create_superuser(email="admin@contoh.id", password="x")
    client.force_login(admin)
    index = client.get(reverse("memberships:index") + f"?group={approval_group.pk}")
    assert index.status_code == 200
    assert member.display_name in index.content.decode()
    membership = Membership.objects.get(user=member)
    response = client.post(reverse("memberships:edit", args=[membership.pk]), {"role": "leader"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "leader"
    assert client.get(reverse("memberships:add")).status_code in (302, 403)


def test_admin_refuses_to_make_a_pending_member_a_leader(client, approval_group):
    admin = User.objects.create_superuser(email="admin@contoh.id", password="x")
    pending = Membership.objects.get(user=member_of(approval_group, status="pending"))
    client.force_login(admin)
    response = client.post(reverse("memberships:edit", args=[pending.pk]), {"role": "leader"})
    assert response.status_code == 200
    assert "Hanya anggota aktif" in response.content.decode()
    pending.refresh_from_db()
    assert pending.role == "member"


def test_demo_is_idempotent(home_page):
    city = AreaFactory(name="Kota Jakarta Selatan", slug="jakarta-selatan")
    AreaFactory(
        name="RW 03",
        level=4,
        parent=AreaFactory(level=3, parent=city, name="Pondok Labu", slug="pondok-labu"),
        slug="pondok-labu-rw-03",
    )
    command = BaseCommand()
    demo.seed(command)
    counts = (CommunityGroupPage.objects.count(), Membership.objects.count(), User.objects.count())
    demo.seed(command)
    assert (
        CommunityGroupPage.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
    ) == counts
    assert counts[0] == len(demo.GROUPS)
    jahit = CommunityGroupPage.objects.get(slug="jahit-berkah")
    assert jahit.join_policy == "approval"
    assert jahit.memberships.filter(status="pending").count() == 2
    leader = User.objects.get(email="ketua.jahit@warga.test")
    assert leader.check_password(demo.LEADER_PASSWORD)
    assert leader.emailaddress_set.get().verified
    assert jahit.leaders() == [leader]
    assert User.objects.get(email="siti@warga.test").profile_complete


def test_leader_sees_how_many_requests_wait(client, approval_group, leader):
    member_of(approval_group, status="pending")
    member_of(approval_group, status="pending")
    client.force_login(leader)
    assert "2 permintaan menunggu" in client.get(approval_group.url).content.decode()
    client.force_login(UserFactory())
    assert "permintaan menunggu" not in client.get(approval_group.url).content.decode()
