"""Demo groups, residents and leaders (runs after pages' demo: areas and programs exist).

Idempotent: the group index, groups and people are found again by slug / e-mail;
memberships are created once, so what someone did in the demo (joined, approved...)
survives a re-seed, except that the named leaders are always active leaders.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from community.models import CommunityGroupPage, GroupIndexPage, Membership
from pages.demo import child_page, demo_home
from pages.models import Area, ProgramPage

RESIDENT_PASSWORD = "warga-demo-2026"
LEADER_PASSWORD = "ketua-demo-2026"

# email, name, phone, home area slug
RESIDENTS = [
    ("siti@warga.test", "Siti Aminah", "081234560001", "pondok-labu-rw-03"),
    ("budi@warga.test", "Budi Santoso", "081234560002", "pondok-labu-rw-04"),
    ("dewi@warga.test", "Dewi Lestari", "081234560003", "pondok-labu-rw-03"),
    ("rahmat@warga.test", "Rahmat Hidayat", "081234560004", "pondok-labu-rw-02"),
    ("nur@warga.test", "Nur Aisyah", "081234560005", "pondok-labu-rw-05"),
    ("agus@warga.test", "Agus Prasetyo", "", "pondok-labu-rw-01"),
]
LEADERS = [
    ("ketua.jahit@warga.test", "Ibu Sri Wahyuni", "081298760001", "pondok-labu-rw-04"),
    ("ketua.belajar@warga.test", "Andi Saputra", "081298760002", "pondok-labu-rw-03"),
    ("ketua.kuliner@warga.test", "Ibu Rina Marlina", "081298760003", "pondok-labu"),
    ("ketua.posyandu@warga.test", "Ibu Yanti Kusuma", "081298760004", "pondok-labu-rw-05"),
    ("ketua.karangtaruna@warga.test", "Fajar Ramadhan", "081298760005", "pondok-labu-rw-02"),
]

GROUPS = [
    {
        "slug": "kelompok-belajar-anak-rw-03",
        "title": "Kelompok Belajar Anak RW 03",
        "kind": CommunityGroupPage.Kind.STUDY_GROUP,
        "area": "pondok-labu-rw-03",
        "program": "bimbingan-belajar-anak",
        "join_policy": CommunityGroupPage.JoinPolicy.OPEN,
        "member_limit": None,
        "summary": "Belajar bersama anak SD dan SMP RW 03 didampingi kakak relawan "
        "Karang Taruna: membaca, berhitung, dan mengerjakan PR.",
        "description": "<p>Kelompok belajar ini terbuka untuk orang tua dan relawan yang ingin "
        "mendampingi anak-anak RW 03 belajar. Anak-anak membawa buku dan PR dari "
        "sekolah; relawan membantu membaca, berhitung, dan menjawab pertanyaan.</p>"
        "<p>Tidak dipungut biaya. Orang tua yang bergabung mendapat kabar jadwal dan "
        "kegiatan lewat situs ini.</p>",
        "meeting_schedule": "Setiap Senin dan Kamis, 15.30–17.00, di Balai Warga RW 03",
        "tags": ["pendidikan", "anak"],
        "leader": "ketua.belajar@warga.test",
        "members": [("siti@warga.test", "active"), ("dewi@warga.test", "active")],
    },
    {
        "slug": "jahit-berkah",
        "title": "Kelompok Usaha Menjahit \u201cJahit Berkah\u201d",
        "kind": CommunityGroupPage.Kind.ENTERPRISE_CIRCLE,
        "area": "pondok-labu-rw-04",
        "program": "pelatihan-menjahit",
        "join_policy": CommunityGroupPage.JoinPolicy.APPROVAL,
        "member_limit": 15,
        "summary": "Kelompok usaha ibu-ibu alumni pelatihan menjahit: menerima pesanan "
        "seragam, masker kain, dan tas belanja, lalu membagi hasilnya bersama.",
        "description": "<p>Jahit Berkah berdiri setelah angkatan pertama Pelatihan Menjahit "
        "kelurahan. Anggota berbagi mesin jahit di Balai Warga RW 04, menerima pesanan "
        "bersama, dan menabung di kas kelompok.</p>"
        "<p>Karena mesin terbatas, anggota paling banyak 15 orang dan setiap permintaan "
        "bergabung disetujui ketua. Diutamakan alumni pelatihan menjahit.</p>",
        "meeting_schedule": "Setiap Selasa dan Jumat, 09.00–12.00, di Balai Warga RW 04",
        "tags": ["umkm", "menjahit"],
        "leader": "ketua.jahit@warga.test",
        "members": [
            ("siti@warga.test", "active"),
            ("budi@warga.test", "pending"),
            ("dewi@warga.test", "pending"),
        ],
    },
    {
        "slug": "umkm-kuliner-pondok-labu",
        "title": "UMKM Kuliner Pondok Labu",
        "kind": CommunityGroupPage.Kind.ENTERPRISE_CIRCLE,
        "area": "pondok-labu",
        "program": "kelas-kewirausahaan-umkm",
        "join_policy": CommunityGroupPage.JoinPolicy.APPROVAL,
        "member_limit": None,
        "summary": "Paguyuban pelaku usaha makanan rumahan: belajar izin PIRT dan halal, "
        "foto produk, dan berjualan bersama di bazar kelurahan.",
        "description": "<p>Anggota saling berbagi resep, pemasok bahan, dan pengalaman "
        "mengurus izin PIRT serta sertifikat halal gratis. Setiap bulan kelompok membuka "
        "lapak bersama di Bazar Minggu Pagi kantor kelurahan.</p>",
        "meeting_schedule": "Minggu pertama setiap bulan, 13.00–15.00, di Aula Kantor Kelurahan",
        "tags": ["umkm", "kuliner"],
        "leader": "ketua.kuliner@warga.test",
        "members": [("nur@warga.test", "active"), ("rahmat@warga.test", "pending")],
    },
    {
        "slug": "kader-posyandu-melati",
        "title": "Kader Posyandu Melati",
        "kind": CommunityGroupPage.Kind.OTHER,
        "area": "pondok-labu-rw-05",
        "program": "posyandu-balita",
        "join_policy": CommunityGroupPage.JoinPolicy.APPROVAL,
        "member_limit": 12,
        "summary": "Relawan kader posyandu RW 05: menimbang balita, mencatat KMS, dan "
        "menyiapkan makanan tambahan setiap bulan.",
        "description": "<p>Kader mendapat pelatihan dari Puskesmas Kecamatan Cilandak dan "
        "bertugas satu kali sebulan pada hari posyandu. Terbuka untuk warga RW 05 yang "
        "bisa meluangkan waktu setengah hari setiap bulan.</p>",
        "meeting_schedule": "Rabu minggu kedua, 08.00–12.00, di Pos RW 05",
        "tags": ["kesehatan", "relawan"],
        "leader": "ketua.posyandu@warga.test",
        "members": [("nur@warga.test", "active")],
    },
    {
        "slug": "karang-taruna-tunas-harapan",
        "title": "Karang Taruna Tunas Harapan RW 02",
        "kind": CommunityGroupPage.Kind.OTHER,
        "area": "pondok-labu-rw-02",
        "program": None,
        "join_policy": CommunityGroupPage.JoinPolicy.OPEN,
        "member_limit": None,
        "summary": "Wadah pemuda RW 02: kerja bakti, turnamen olahraga, dan relawan "
        "bimbingan belajar untuk adik-adik.",
        "description": "<p>Terbuka untuk pemuda usia 15–35 tahun yang tinggal di RW 02. "
        "Kegiatan rutin: kerja bakti bulanan, latihan futsal, dan menjadi kakak "
        "pendamping di kelompok belajar anak.</p>",
        "meeting_schedule": "Sabtu malam minggu kedua dan keempat, 19.30, di Pos RW 02",
        "tags": ["pemuda"],
        "leader": "ketua.karangtaruna@warga.test",
        "members": [("rahmat@warga.test", "active"), ("agus@warga.test", "active")],
    },
    {
        "slug": "senam-lansia-bugar",
        "title": "Kelompok Senam Lansia Bugar",
        "kind": CommunityGroupPage.Kind.OTHER,
        "area": "pondok-labu-rw-01",
        "program": "lansia-sehat",
        "join_policy": CommunityGroupPage.JoinPolicy.OPEN,
        "member_limit": 3,
        "summary": "Senam pagi ringan untuk lansia di halaman Pos RW 01, dipandu "
        "instruktur dari puskesmas. Tempat terbatas.",
        "description": "<p>Halaman Pos RW 01 hanya cukup untuk sedikit peserta, jadi "
        "anggota dibatasi. Bila penuh, tanyakan ke pengurus RW tentang kelompok lain.</p>",
        "meeting_schedule": "Setiap Minggu, 06.30–07.30, di halaman Pos RW 01",
        "tags": ["kesehatan", "lansia"],
        "leader": None,
        "members": [
            ("agus@warga.test", "active"),
            ("siti@warga.test", "active"),
            ("budi@warga.test", "active"),
        ],
    },
]


def _area(slug):
    return Area.objects.filter(slug=slug).first() if slug else None


def _person(email, name, phone, area_slug, password):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password)
    elif not user.check_password(password):
        user.set_password(password)
    user.display_name = name
    user.phone = phone and "+62" + phone[1:]
    user.home_area = _area(area_slug)
    user.data_consent_at = user.data_consent_at or timezone.now()
    user.is_active = True
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _group(index, spec):
    program = ProgramPage.objects.filter(slug=spec["program"]).first() if spec["program"] else None
    group, _created = child_page(
        index,
        CommunityGroupPage,
        spec["slug"],
        title=spec["title"],
        kind=spec["kind"],
        summary=spec["summary"],
        description=spec["description"],
        area=_area(spec["area"]),
        meeting_schedule=spec["meeting_schedule"],
        join_policy=spec["join_policy"],
        member_limit=spec["member_limit"],
        related_program=program,
        tags=spec["tags"],
    )
    return group


def seed(command):
    home = demo_home(command, "kelompok")
    if home is None:
        return
    people = {}
    for email, name, phone, area in RESIDENTS:
        people[email] = _person(email, name, phone, area, RESIDENT_PASSWORD)
    for email, name, phone, area in LEADERS:
        people[email] = _person(email, name, phone, area, LEADER_PASSWORD)

    index, _created = child_page(
        home,
        GroupIndexPage,
        "kelompok",
        title="Kelompok Warga",
        show_in_menus=True,
        intro="Belajar dan berusaha bersama tetangga: kelompok belajar, kelompok usaha "
        "(UMKM), kader posyandu, dan karang taruna di Kelurahan Pondok Labu. Pilih "
        "kelompok, lalu bergabung atau ajukan permintaan kepada ketuanya.",
    )
    now = timezone.now()
    for spec in GROUPS:
        group = _group(index, spec)
        if spec["leader"]:
            Membership.objects.update_or_create(
                group=group,
                user=people[spec["leader"]],
                defaults={
                    "role": Membership.Role.LEADER,
                    "status": Membership.Status.ACTIVE,
                    "decided_at": now,
                },
            )
        for email, status in spec["members"]:
            Membership.objects.get_or_create(
                group=group,
                user=people[email],
                defaults={
                    "status": status,
                    "decided_at": now if status == Membership.Status.ACTIVE else None,
                },
            )

    command.stdout.write(f"Login warga (kata sandi {RESIDENT_PASSWORD}):")
    for email, name, *_ in RESIDENTS:
        command.stdout.write(f"  {email}  ({name})")
    command.stdout.write(f"Login ketua kelompok (kata sandi {LEADER_PASSWORD}):")
    for email, name, *_ in LEADERS:
        command.stdout.write(f"  {email}  ({name})")

    from community import kader_demo

    kader_demo.seed(command, _person, _area)
