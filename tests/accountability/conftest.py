"""Fixtures for accountability: a kelurahan with RWs, a program, staff, a moderator."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accountability import ledger
from accountability.models import FundingLine, LedgerEntry, SourceKind
from pages.models import Area
from tests.factories.community import UserFactory
from tests.factories.pages import AreaFactory, ProgramIndexPageFactory, ProgramPageFactory


@pytest.fixture
def areas(db):
    kota = AreaFactory(name="Kota Jakarta Selatan", slug="jaksel", level=Area.Level.CITY)
    kec = AreaFactory(name="Kecamatan Cilandak", slug="cilandak", level=2, parent=kota)
    kel = AreaFactory(name="Kelurahan Pondok Labu", slug="pondok-labu", level=3, parent=kec)
    rw1 = AreaFactory(name="RW 01", slug="pondok-labu-rw-01", level=4, parent=kel)
    rw2 = AreaFactory(name="RW 02", slug="pondok-labu-rw-02", level=4, parent=kel)
    return {"kota": kota, "kecamatan": kec, "kelurahan": kel, "rw1": rw1, "rw2": rw2}


@pytest.fixture
def program_index(home_page):
    return ProgramIndexPageFactory(parent=home_page)


@pytest.fixture
def program(program_index, areas):
    return ProgramPageFactory(
        parent=program_index, title="Bantuan Sembako Lansia", areas=[areas["kelurahan"]]
    )


@pytest.fixture
def staff(db):
    user = UserFactory(display_name="Staf Humas")
    user.groups.add(Group.objects.get(name="Staf Humas"))
    return user


@pytest.fixture
def moderator(db):
    user = UserFactory(display_name="Moderator")
    user.groups.add(Group.objects.get(name="Moderator"))
    return user


@pytest.fixture
def resident(db):
    return UserFactory()


@pytest.fixture
def funding(program):
    return FundingLine.objects.create(
        program=program,
        source_kind=SourceKind.APBD_CITY,
        fiscal_year=timezone.localdate().year,
        amount=50_000_000,
        document_number="DPA-SKPD 1.06.01/2026",
    )


@pytest.fixture
def yesterday():
    return timezone.localdate() - timedelta(days=1)


@pytest.fixture
def make_entry(program, areas, staff, moderator, yesterday):
    """An entry through the rules: approved unless told otherwise."""

    def make(kind=LedgerEntry.Kind.DISBURSEMENT, amount=1_000_000, status="approved", **fields):
        fields.setdefault("occurred_on", yesterday)
        fields.setdefault("area", areas["rw1"])
        entry = ledger.create_entry(
            staff, fields.pop("program", program), kind=kind, amount=amount, **fields
        )
        if status in ("submitted", "approved"):
            entry = ledger.submit(staff, entry)
        if status == "approved":
            entry = ledger.approve(moderator, entry)
        return entry

    return make


def read_body(response):
    """The whole body, streamed (the open-data files) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def download(client):
    """GET a URL and read its body (as `response.body`), streamed or not."""

    def get(url, **extra):
        response = client.get(url, **extra)
        response.body = read_body(response)
        return response

    return get
