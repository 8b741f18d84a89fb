"""Fixtures for the content tests: the two index pages and a small area tree."""

import pytest

from pages.models import Area
from tests.factories.pages import (
    AreaFactory,
    ArticleIndexPageFactory,
    ProgramIndexPageFactory,
)


@pytest.fixture
def program_index(home_page):
    return ProgramIndexPageFactory(parent=home_page)


@pytest.fixture
def article_index(home_page):
    return ArticleIndexPageFactory(parent=home_page)


@pytest.fixture
def areas(db):
    """Kota Jakarta Selatan > Kecamatan Cilandak > Pondok Labu > RW 01, RW 02, and a
    second kelurahan in the same kecamatan, plus Jakarta Barat > Palmerah."""
    kota = AreaFactory(name="Kota Jakarta Selatan", slug="jaksel", level=Area.Level.CITY)
    kec = AreaFactory(
        name="Kecamatan Cilandak", slug="cilandak", level=Area.Level.DISTRICT, parent=kota
    )
    kel = AreaFactory(
        name="Kelurahan Pondok Labu", slug="pondok-labu", level=Area.Level.VILLAGE, parent=kec
    )
    other_kel = AreaFactory(
        name="Kelurahan Lebak Bulus", slug="lebak-bulus", level=Area.Level.VILLAGE, parent=kec
    )
    rw1 = AreaFactory(name="RW 01", slug="pondok-labu-rw-01", level=Area.Level.RW, parent=kel)
    rw2 = AreaFactory(name="RW 02", slug="pondok-labu-rw-02", level=Area.Level.RW, parent=kel)
    jakbar = AreaFactory(name="Kota Jakarta Barat", slug="jakbar", level=Area.Level.CITY)
    palmerah = AreaFactory(
        name="Kecamatan Palmerah", slug="palmerah", level=Area.Level.DISTRICT, parent=jakbar
    )
    return {
        "kota": kota,
        "kecamatan": kec,
        "kelurahan": kel,
        "other_kelurahan": other_kel,
        "rw1": rw1,
        "rw2": rw2,
        "jakbar": jakbar,
        "palmerah": palmerah,
    }
