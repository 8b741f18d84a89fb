"""The demo programs with the demo rules (eligibility.demo.RULES), on a small area tree."""

import pytest

from eligibility import demo
from pages.models import Area
from tests.factories.pages import AreaFactory, ProgramIndexPageFactory, ProgramPageFactory


@pytest.fixture
def areas(db):
    jaksel = AreaFactory(name="Kota Jakarta Selatan", slug="jakarta-selatan")
    cilandak = AreaFactory(
        name="Kecamatan Cilandak", level=Area.Level.DISTRICT, parent=jaksel, slug="cilandak"
    )
    pondok_labu = AreaFactory(
        name="Kelurahan Pondok Labu", level=Area.Level.VILLAGE, parent=cilandak, slug="pondok-labu"
    )
    rw03 = AreaFactory(
        name="RW 03", level=Area.Level.RW, parent=pondok_labu, slug="pondok-labu-rw-03"
    )
    rw04 = AreaFactory(
        name="RW 04", level=Area.Level.RW, parent=pondok_labu, slug="pondok-labu-rw-04"
    )
    jakbar = AreaFactory(name="Kota Jakarta Barat", slug="jakarta-barat")
    kebon_jeruk = AreaFactory(
        name="Kecamatan Kebon Jeruk",
        level=Area.Level.DISTRICT,
        parent=jakbar,
        slug="kecamatan-kebon-jeruk",
    )
    kelurahan_kj = AreaFactory(
        name="Kelurahan Kebon Jeruk",
        level=Area.Level.VILLAGE,
        parent=kebon_jeruk,
        slug="kelurahan-kebon-jeruk",
    )
    kj_rw01 = AreaFactory(
        name="RW 01", level=Area.Level.RW, parent=kelurahan_kj, slug="kebon-jeruk-rw-01"
    )
    return {
        a.slug: a
        for a in [
            jaksel,
            cilandak,
            pondok_labu,
            rw03,
            rw04,
            jakbar,
            kebon_jeruk,
            kelurahan_kj,
            kj_rw01,
        ]
    }


TITLES = {
    "blt-kelurahan": "BLT Kelurahan",
    "program-keluarga-harapan": "Program Keluarga Harapan",
    "bantuan-sembako-lansia": "Sembako Lansia",
    "pbi-jaminan-kesehatan": "PBI Jaminan Kesehatan",
    "pelatihan-barista-tata-boga": "Pelatihan Barista",
    "posyandu-balita": "Posyandu Balita",
}
DOCUMENTS = {
    "blt-kelurahan": ["KTP", "Kartu Keluarga", "SKTM"],
    "program-keluarga-harapan": ["KTP", "Kartu Keluarga", "Kartu KKS"],
    "bantuan-sembako-lansia": ["KTP", "Surat pengantar RT/RW"],
    "pbi-jaminan-kesehatan": ["KTP", "Kartu Keluarga"],
    "pelatihan-barista-tata-boga": ["KTP", "Ijazah terakhir"],
    "posyandu-balita": ["Buku KIA"],
}


@pytest.fixture
def programs(site, areas):
    index = ProgramIndexPageFactory(parent=site.root_page)
    found = {}
    for slug, (note, specs) in demo.RULES.items():
        page = ProgramPageFactory(
            parent=index,
            title=TITLES[slug],
            slug=slug,
            required_documents=[("document", d) for d in DOCUMENTS[slug]],
        )
        demo.set_rules(page, note, specs, areas)
        found[slug] = page
    return found
