"""Pendampingan under concurrency (PostgreSQL): a claim code is used once even when the
resident (or someone else) submits it from several places at the same instant, and a
paper form number registers one resident even when two kader enter it together."""

import pytest
from django.contrib.auth.models import Group

from community import assisted
from community.models import AssistedRegistration, User
from community.roles import KADER_GROUP
from pages.models import Area
from tests.concurrency import run_concurrently
from tests.factories.community import UserFactory
from tests.factories.pages import AreaFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def setting():
    village = AreaFactory(
        name="Kelurahan Mawar",
        level=Area.Level.VILLAGE,
        parent=AreaFactory(
            name="Kecamatan", level=Area.Level.DISTRICT, parent=AreaFactory(name="Kota")
        ),
    )
    rw = AreaFactory(name="RW 01", level=Area.Level.RW, parent=village)
    kaders = []
    for n in range(2):
        kader = UserFactory(display_name=f"Kader {n}", home_area=village)
        kader.groups.add(Group.objects.get(name=KADER_GROUP))
        kaders.append(kader)
    return kaders, rw


def test_a_claim_code_is_used_once(setting):
    (kader, _other), rw = setting
    _resident, code = assisted.register_resident(
        kader, name="Mbah Sarinah", phone="", area=rw, paper_form_number="F-1", consent=True
    )
    jobs = [(code, f"orang{n}@contoh.id", "kata-sandi-kuat-2026", f"10.0.0.{n}") for n in range(6)]
    results, errors = run_concurrently(assisted.claim, jobs)
    assert len(results) == 1
    assert {e.code for e in errors} == {"invalid_claim_code"}
    claimed = AssistedRegistration.objects.get().resident
    claimed.refresh_from_db()
    assert claimed.email == results[0][0].email


def test_one_paper_form_number_one_resident(setting):
    kaders, rw = setting

    def register(kader):
        return assisted.register_resident(
            kader, name="Pak Darto", phone="", area=rw, paper_form_number="F-9", consent=True
        )

    results, errors = run_concurrently(register, [(k,) for k in kaders])
    assert len(results) == 1
    assert {e.code for e in errors} == {"form_number_taken"}
    assert User.objects.filter(display_name="Pak Darto").count() == 1
