"""Demo needs board: partners with accounts, open needs, pledges at every state.

Runs after the pages demo (programs, areas, partners exist). Idempotent: partners are
updated in place, accounts and needs found again by e-mail / title, pledges created once
per (need, partner). Totals are recounted from the pledges at the end. Delivered pledges
created here announce themselves with `pledge_delivered` after the seed commits, as the
rules would (receivers are idempotent by pledge id).
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from pages.demo import demo_home
from pages.models import Area, Partner, ProgramPage
from partners.models import Need, PartnerInvitation, PartnerMember, Pledge
from partners.pledges import _send_delivered, recount

PARTNER_PASSWORD = "mitra-demo-2026"  # a fixed login for the local demo only

# name -> (kind, contact name, contact e-mail, areas served (slugs))
PARTNER_DETAILS = {
    "PT Sinar Sehat Nusantara": (
        Partner.Kind.PRIVATE,
        "Ibu Ratna Wulandari (CSR)",
        "csr@sinarsehat.balai.local",
        ["pondok-labu"],
    ),
    "Yayasan Cerdas Mandiri": (
        Partner.Kind.NGO,
        "Bapak Hendra Gunawan",
        "program@cerdasmandiri.balai.local",
        ["pondok-labu-rw-03", "pondok-labu-rw-04"],
    ),
    "Kopi Kampung Nusantara": (
        Partner.Kind.PRIVATE,
        "Mas Dimas Pratama",
        "halo@kopikampung.balai.local",
        ["pondok-labu-rw-02"],
    ),
    "TP PKK Kelurahan Pondok Labu": (
        Partner.Kind.COMMUNITY,
        "Ibu Sri Handayani",
        "pkk@pondoklabu.balai.local",
        ["pondok-labu"],
    ),
    "Karang Taruna Pondok Labu": (
        Partner.Kind.COMMUNITY,
        "Rizky Ramadhan",
        "karangtaruna@pondoklabu.balai.local",
        ["pondok-labu"],
    ),
}

UNIVERSITY = (
    "LPPM Universitas Nusantara Raya",
    Partner.Kind.UNIVERSITY,
    "Lembaga Penelitian dan Pengabdian kepada Masyarakat: mahasiswa KKN mendampingi "
    "bimbingan belajar dan pembukuan UMKM.",
    "Dr. Lestari Anggraini",
    "lppm@unr.balai.local",
    ["pondok-labu-rw-01", "pondok-labu-rw-03"],
)

# Partner accounts: (e-mail, display name, partner)
ACCOUNTS = [
    ("csr@sinarsehat.balai.local", "Ratna (PT Sinar Sehat)", "PT Sinar Sehat Nusantara"),
    (
        "program@cerdasmandiri.balai.local",
        "Hendra (Yayasan Cerdas Mandiri)",
        "Yayasan Cerdas Mandiri",
    ),
    ("halo@kopikampung.balai.local", "Dimas (Kopi Kampung)", "Kopi Kampung Nusantara"),
    ("lppm@unr.balai.local", "Lestari (LPPM UNR)", "LPPM Universitas Nusantara Raya"),
]
INVITED = ("ketua@karangtaruna.balai.local", "Karang Taruna Pondok Labu")


def needs(today):
    d = timedelta
    return [
        {
            "title": "10 mesin jahit untuk Kursus Menjahit Dasar RW 04",
            "description": "Kursus menjahit di Balai Warga RW 04 baru punya 2 mesin untuk 12 "
            "peserta. Kami membutuhkan 10 mesin jahit portable (listrik 100 watt) agar setiap "
            "peserta dapat berlatih sendiri. Mesin tetap di Balai Warga untuk angkatan "
            "berikutnya dan kelompok usaha Jahit Berkah.",
            "program": "pelatihan-menjahit",
            "area": "pondok-labu-rw-04",
            "kind": Need.Kind.GOODS,
            "unit": "mesin jahit",
            "amount": 10,
            "unit_value": 2_350_000,
            "deadline": today + d(days=21),
            "evidence_required": True,
            "status": Need.Status.OPEN,
            "pledges": [
                ("PT Sinar Sehat Nusantara", 6, Pledge.Status.REPORTED),
                ("Yayasan Cerdas Mandiri", 2, Pledge.Status.CONFIRMED),
            ],
        },
        {
            "title": "Dana makanan tambahan Posyandu Melati RW 05 (6 bulan)",
            "description": "Makanan tambahan bergizi (bubur kacang hijau, telur, buah) untuk "
            "sekitar 60 balita setiap bulan penimbangan, Rp600.000 per bulan selama enam "
            "bulan.",
            "program": "posyandu-balita",
            "area": "pondok-labu-rw-05",
            "kind": Need.Kind.CASH,
            "unit": "",
            "amount": 3_600_000,
            "unit_value": None,
            "deadline": today + d(days=45),
            "evidence_required": True,
            "status": Need.Status.OPEN,
            "pledges": [
                ("PT Sinar Sehat Nusantara", 1_800_000, Pledge.Status.DELIVERED),
                ("TP PKK Kelurahan Pondok Labu", 600_000, Pledge.Status.PLEDGED),
            ],
        },
        {
            "title": "Pelatih barista untuk 6 sesi pelatihan pemuda RW 02",
            "description": "Satu pelatih barista berpengalaman untuk enam sesi Sabtu pagi "
            "(masing-masing 3 jam), termasuk praktik espresso manual dan manajemen kedai.",
            "program": "pelatihan-barista-tata-boga",
            "area": "pondok-labu-rw-02",
            "kind": Need.Kind.PEOPLE,
            "unit": "sesi",
            "amount": 6,
            "unit_value": 750_000,
            "deadline": today + d(days=30),
            "evidence_required": False,
            "status": Need.Status.OPEN,
            "pledges": [("Kopi Kampung Nusantara", 6, Pledge.Status.PLEDGED)],
        },
        {
            "title": "50 paket buku dan alat tulis untuk bimbingan belajar RW 03",
            "description": "Paket berisi buku latihan SD, alat tulis, dan tas untuk anak "
            "peserta bimbingan belajar Karang Taruna.",
            "program": "bimbingan-belajar-anak",
            "area": "pondok-labu-rw-03",
            "kind": Need.Kind.GOODS,
            "unit": "paket",
            "amount": 50,
            "unit_value": 150_000,
            "deadline": today + d(days=14),
            "evidence_required": True,
            "status": Need.Status.OPEN,
            "pledges": [
                ("Yayasan Cerdas Mandiri", 30, Pledge.Status.CONFIRMED),
                ("LPPM Universitas Nusantara Raya", 10, Pledge.Status.CANCELLED),
            ],
        },
        {
            "title": "Sembako untuk 50 lansia RW 06",
            "description": "Paket sembako bulanan (beras 5 kg, minyak, gula, susu lansia) "
            "untuk lansia yang tinggal sendiri.",
            "program": "bantuan-sembako-lansia",
            "area": "pondok-labu-rw-06",
            "kind": Need.Kind.CASH,
            "unit": "",
            "amount": 7_500_000,
            "unit_value": None,
            "deadline": today + d(days=10),
            "evidence_required": True,
            "status": Need.Status.OPEN,
            "pledges": [
                ("PT Sinar Sehat Nusantara", 5_000_000, Pledge.Status.CONFIRMED),
                ("TP PKK Kelurahan Pondok Labu", 3_000_000, Pledge.Status.PLEDGED),
            ],
        },
        {
            "title": "4 timbangan bayi digital untuk posyandu",
            "description": "Timbangan lama sudah tidak akurat. Terima kasih kepada mitra yang "
            "telah menyalurkan.",
            "program": "posyandu-balita",
            "area": "pondok-labu-rw-01",
            "kind": Need.Kind.GOODS,
            "unit": "timbangan",
            "amount": 4,
            "unit_value": 650_000,
            "deadline": today - d(days=20),
            "evidence_required": True,
            "status": Need.Status.CLOSED,
            "pledges": [("PT Sinar Sehat Nusantara", 4, Pledge.Status.REPORTED)],
        },
        {
            "title": "Pendamping pembukuan UMKM (draf)",
            "description": "Masih disusun bersama Seksi Ekonomi.",
            "program": "kelas-kewirausahaan-umkm",
            "area": "pondok-labu-rw-01",
            "kind": Need.Kind.PEOPLE,
            "unit": "sesi",
            "amount": 8,
            "unit_value": 500_000,
            "deadline": today + d(days=60),
            "evidence_required": False,
            "status": Need.Status.DRAFT,
            "pledges": [],
        },
    ]


REPORTS = {
    "10 mesin jahit untuk Kursus Menjahit Dasar RW 04": "Enam mesin sudah dipakai 12 peserta "
    "angkatan pertama; dua peserta kini menerima pesanan seragam sekolah.",
    "4 timbangan bayi digital untuk posyandu": "Timbangan dipakai di empat posyandu; data "
    "berat badan balita kini dicatat langsung ke buku KIA.",
}
CANCEL_REASON = "Anggaran pengabdian semester ini dialihkan ke program KKN tematik."

EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def seed_partners():
    partners = {p.name: p for p in Partner.objects.all()}
    areas = {a.slug: a for a in Area.objects.all()}
    for name, (kind, contact, email, area_slugs) in PARTNER_DETAILS.items():
        partner = partners.get(name)
        if partner is None:
            continue
        partner.kind, partner.contact_name, partner.contact_email = kind, contact, email
        partner.save()
        partner.areas.set([areas[s] for s in area_slugs if s in areas])
    name, kind, description, contact, email, area_slugs = UNIVERSITY
    university, _ = Partner.objects.update_or_create(
        name=name,
        defaults={
            "kind": kind,
            "description": description,
            "contact_name": contact,
            "contact_email": email,
        },
    )
    university.areas.set([areas[s] for s in area_slugs if s in areas])
    return {p.name: p for p in Partner.objects.all()}


def seed_accounts(partners):
    User = get_user_model()
    for email, display_name, partner_name in ACCOUNTS:
        partner = partners.get(partner_name)
        if partner is None:
            continue
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=PARTNER_PASSWORD, display_name=display_name
            )
        if not user.check_password(PARTNER_PASSWORD):
            user.set_password(PARTNER_PASSWORD)
        if hasattr(user, "data_consent_at") and not user.data_consent_at:
            user.data_consent_at = timezone.now()
        user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        PartnerMember.objects.get_or_create(user=user, defaults={"partner": partner})
    email, partner_name = INVITED
    if partner_name in partners:
        PartnerInvitation.objects.get_or_create(email=email, partner=partners[partner_name])


def _pledge(need, partner, amount, status, today, accounts):
    existing = Pledge.objects.filter(need=need, partner=partner).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    fields = {"pledged_by": accounts.get(partner.pk), "created_at": now - timedelta(days=12)}
    if status in (Pledge.Status.CONFIRMED, *Pledge.DELIVERED_STATES):
        fields["confirmed_at"] = now - timedelta(days=10)
    if status in Pledge.DELIVERED_STATES:
        fields["delivered_on"] = today - timedelta(days=5)
        fields["delivered_at"] = now - timedelta(days=5)
        fields["evidence_note"] = "Diterima ketua RW dan pengurus program."
    if status == Pledge.Status.REPORTED:
        fields["report"] = REPORTS.get(need.title, "Bantuan sudah dimanfaatkan sesuai rencana.")
        fields["reported_at"] = now - timedelta(days=2)
    if status == Pledge.Status.CANCELLED:
        fields["cancelled_at"] = now - timedelta(days=3)
        fields["cancel_reason"] = CANCEL_REASON
    pledge = Pledge(need=need, partner=partner, amount=amount, status=status, **fields)
    if status in Pledge.DELIVERED_STATES and need.evidence_required:
        pledge.evidence.save(
            f"berita-acara-{need.pk}-{partner.pk}.pdf", ContentFile(EVIDENCE_PDF), save=False
        )
    pledge.save()
    return pledge, True


def seed(command):
    if demo_home(command, "kebutuhan") is None:
        return
    partners = seed_partners()
    seed_accounts(partners)
    accounts = dict(PartnerMember.objects.values_list("partner_id", "user_id"))
    accounts = {pid: get_user_model().objects.get(pk=uid) for pid, uid in accounts.items()}
    programs = {p.slug: p for p in ProgramPage.objects.all()}
    areas = {a.slug: a for a in Area.objects.all()}
    today = timezone.localdate()
    counts = {"needs": 0, "pledges": 0}
    for spec in needs(today):
        spec = dict(spec)
        pledge_specs = spec.pop("pledges")
        title = spec.pop("title")
        spec["program"] = programs.get(spec["program"])
        spec["area"] = areas.get(spec["area"])
        need, _ = Need.objects.update_or_create(title=title, defaults=spec)
        counts["needs"] += 1
        for partner_name, amount, status in pledge_specs:
            partner = partners.get(partner_name)
            if partner is None:
                continue
            pledge, created = _pledge(need, partner, amount, status, today, accounts)
            counts["pledges"] += 1
            if created and pledge.status in Pledge.DELIVERED_STATES:
                transaction.on_commit(lambda pk=pledge.pk: _send_delivered(pk))
        need.pledged_total, need.delivered_total = recount(need)
        need.save(update_fields=["pledged_total", "delivered_total"])
    command.stdout.write(
        f"Papan kebutuhan: {counts['needs']} kebutuhan, {counts['pledges']} janji mitra "
        "(di /kebutuhan/; HSDS di /api/hsds/)."
    )
    for email, _name, partner_name in ACCOUNTS:
        command.stdout.write(
            f"Akun mitra {partner_name}: email {email}  sandi {PARTNER_PASSWORD}  (/mitra/dasbor/)"
        )
