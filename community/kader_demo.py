"""Demo Pendampingan: a kader for the Pondok Labu RWs and one resident she registered
(called from community.demo.seed; idempotent)."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from community import assisted
from community.models import AssistedRegistration
from community.roles import KADER_GROUP

KADER_EMAIL = "kader@warga.test"
KADER_PASSWORD = "kader-demo-2026"
DEMO_CLAIM_CODE = "DEMOW-ARGA26"
FORM_NUMBER = "PL-RW05-0001"


def seed(command, person, area):
    """`person(email, name, phone, area_slug, password)` makes or finds a demo user."""
    kader = person(KADER_EMAIL, "Ibu Ratna Dewi", "081277770001", "pondok-labu", KADER_PASSWORD)
    kader.groups.add(Group.objects.get_or_create(name=KADER_GROUP)[0])
    command.stdout.write(
        f"Login kader (Pendampingan, /pendampingan/; kata sandi {KADER_PASSWORD}):"
    )
    command.stdout.write(f"  {KADER_EMAIL}  (Ibu Ratna Dewi, Kelurahan Pondok Labu)")
    registration = AssistedRegistration.objects.filter(paper_form_number=FORM_NUMBER).first()
    rw05 = area("pondok-labu-rw-05")
    if registration is None and (rw05 is None or kader.home_area_id is None):
        return  # a partial area tree (tests): the kader alone
    if registration is None:
        assisted.register_resident(
            kader,
            name="Mbah Sarinah",
            phone="081277770002",
            area=rw05,
            paper_form_number=FORM_NUMBER,
            consent=True,
        )
        registration = AssistedRegistration.objects.get(paper_form_number=FORM_NUMBER)
    if registration.claimed_at is None:
        # A known code, so whoever tries the demo can claim the account.
        registration.claim_code_hash = assisted._hash(DEMO_CLAIM_CODE)
        registration.claim_code_expires_at = timezone.now() + timedelta(days=365)
        registration.save(update_fields=["claim_code_hash", "claim_code_expires_at"])
    if registration.claimed_at is None:
        command.stdout.write(
            "  Warga dampingan Mbah Sarinah: klaim akun di /akun/klaim/ dengan kode "
            + DEMO_CLAIM_CODE
        )
