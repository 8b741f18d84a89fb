"""Areas and partners in the Wagtail admin: listed with their parent and kind, filtered
by level and kind, searchable; the hierarchy rules hold in the edit form."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from pages.models import Area, Partner
from tests.factories.pages import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user(email="humas@example.com", password="x")
    user.groups.add(Group.objects.get(name="Staf Humas"))
    client.force_login(user)
    return client


def listing(client, model, **params):
    url = reverse(f"wagtailsnippets_pages_{model}:list")
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_area_list_shows_level_and_parent(staff_client, areas):
    html = listing(staff_client, "area")
    assert "Kelurahan Pondok Labu" in html
    assert "Kecamatan Cilandak" in html
    assert "Kelurahan / desa" in html  # the level, in Indonesian


def test_area_list_filters_by_level_and_searches_the_parent(staff_client, areas):
    html = listing(staff_client, "area", level=Area.Level.RW)
    assert "RW 01" in html and "RW 02" in html
    assert "Kecamatan Cilandak" not in html

    html = listing(staff_client, "area", q="Pondok Labu")
    assert "RW 01" in html  # found through its parent's name
    assert "Kota Jakarta Barat" not in html


def test_area_list_query_count_is_flat(staff_client, areas, django_assert_max_num_queries):
    listing(staff_client, "area")
    with django_assert_max_num_queries(40):
        listing(staff_client, "area")


def test_partner_list_filters_by_kind(staff_client):
    PartnerFactory(name="Dinas Sosial", kind=Partner.Kind.GOVERNMENT)
    PartnerFactory(name="Yayasan Cerdas", kind=Partner.Kind.NGO)

    html = listing(staff_client, "partner", kind=Partner.Kind.GOVERNMENT)
    assert "Dinas Sosial" in html and "Yayasan Cerdas" not in html

    html = listing(staff_client, "partner", q="yayasan")
    assert "Yayasan Cerdas" in html and "Dinas Sosial" not in html


def test_area_form_refuses_a_parent_at_the_wrong_level(staff_client, areas):
    url = reverse("wagtailsnippets_pages_area:add")
    response = staff_client.post(
        url,
        {"name": "RW 09", "level": Area.Level.RW, "parent": areas["kecamatan"].pk, "slug": "rw-09"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Pilih induk satu tingkat di atasnya" in response.content.decode()
    assert not Area.objects.filter(slug="rw-09").exists()

    response = staff_client.post(
        url,
        {"name": "RW 09", "level": Area.Level.RW, "parent": areas["kelurahan"].pk, "slug": "rw-09"},
    )
    assert response.status_code == 302
    assert Area.objects.get(slug="rw-09").parent == areas["kelurahan"]


def test_area_without_parent_must_be_a_city(staff_client):
    response = staff_client.post(
        reverse("wagtailsnippets_pages_area:add"),
        {"name": "Kecamatan Yatim", "level": Area.Level.DISTRICT, "parent": "", "slug": "yatim"},
    )
    assert response.status_code == 200
    assert not Area.objects.filter(slug="yatim").exists()


def test_related_ids_covers_ancestors_and_descendants(areas):
    kel = areas["kelurahan"]
    assert set(kel.related_ids()) == {
        kel.pk,
        areas["kecamatan"].pk,
        areas["kota"].pk,
        areas["rw1"].pk,
        areas["rw2"].pk,
    }
    assert areas["other_kelurahan"].pk not in kel.related_ids()


def test_area_slug_is_made_from_the_name_when_left_empty(staff_client, areas):
    response = staff_client.post(
        reverse("wagtailsnippets_pages_area:add"),
        {"name": "RW 03", "level": Area.Level.RW, "parent": areas["kelurahan"].pk, "slug": ""},
    )
    assert response.status_code == 302
    assert Area.objects.get(name="RW 03").slug == "kelurahan-pondok-labu-rw-03"

    twin = Area(name="RW 03", level=Area.Level.RW, parent=areas["other_kelurahan"])
    twin.save()
    assert twin.slug == "kelurahan-lebak-bulus-rw-03"
    first = Area.objects.create(name="Kelurahan Sukamaju", level=3, parent=areas["kecamatan"])
    second = Area.objects.create(name="Kelurahan Sukamaju", level=3, parent=areas["palmerah"])
    assert (first.slug, second.slug) == ("kelurahan-sukamaju", "kelurahan-sukamaju-2")


def test_staff_see_and_edit_images_uploaded_by_others(staff_client):
    """Communications staff pick a program's hero image from the whole library, not only
    from what they uploaded themselves (the collection permissions of migration 0003)."""
    from tests.factories.pages import ImageFactory

    image = ImageFactory(title="Pelatihan menjahit RW 03")
    listing = staff_client.get(reverse("wagtailimages:index"))
    assert listing.status_code == 200
    assert "Pelatihan menjahit RW 03" in listing.content.decode()
    assert staff_client.get(reverse("wagtailimages:edit", args=[image.pk])).status_code == 200
    chooser = staff_client.get(reverse("wagtailimages_chooser:choose"))
    assert "Pelatihan menjahit RW 03" in chooser.content.decode()
