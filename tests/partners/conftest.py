import pytest

from pages.models import Area
from tests.factories.community import UserFactory
from tests.factories.pages import (
    AreaFactory,
    PartnerFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
)
from tests.factories.partners import NeedFactory, make_partner_user, make_staff


@pytest.fixture
def rw(db):
    city = AreaFactory(name="Kota Jakarta Selatan")
    district = AreaFactory(name="Kecamatan Cilandak", level=Area.Level.DISTRICT, parent=city)
    village = AreaFactory(name="Kelurahan Pondok Labu", level=Area.Level.VILLAGE, parent=district)
    return AreaFactory(name="RW 04", level=Area.Level.RW, parent=village)


@pytest.fixture
def program(home_page, rw):
    index = ProgramIndexPageFactory(parent=home_page)
    return ProgramPageFactory(parent=index, title="Pelatihan Menjahit", areas=[rw])


@pytest.fixture
def need(program, rw):
    return NeedFactory(program=program, area=rw, title="Mesin jahit untuk kelas RW 04")


@pytest.fixture
def cash_need(program, rw):
    return NeedFactory(
        program=program,
        area=rw,
        kind="cash",
        unit="",
        amount=5_000_000,
        unit_value=None,
        title="Dana konsumsi pelatihan",
        evidence_required=False,
    )


@pytest.fixture
def partner(db):
    return PartnerFactory(name="PT Sinar Sehat Nusantara", kind="private")


@pytest.fixture
def other_partner(db):
    return PartnerFactory(name="Yayasan Cerdas Mandiri", kind="ngo")


@pytest.fixture
def partner_user(partner):
    return make_partner_user(partner, email="csr@sinarsehat.test")


@pytest.fixture
def other_partner_user(other_partner):
    return make_partner_user(other_partner, email="program@cerdas.test")


@pytest.fixture
def staff(db):
    return make_staff(email="humas@kelurahan.test")


@pytest.fixture
def resident(db):
    return UserFactory(email="siti@warga.test")
