"""Demo schedule for the events app, relative to today (Asia/Jakarta).

Runs after the pages and community demos (INSTALLED_APPS order). Programs, groups and
people are looked up by slug / e-mail and skipped when missing. Idempotent: events are
found again by slug; their sessions keep their ids (calendar UIDs stay stable) and only
their dates are moved to stay relative to today; enrollments and attendance are created
once. The seed runs inside one transaction, so enrollments are written directly here
(the enrollment rules take their own durable transaction for real requests).
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from community.membership import is_active_member
from community.models import CommunityGroupPage
from config.errors import DomainError
from events.models import Attendance, Enrollment, EventIndexPage, EventPage, EventSession
from events.posting import propose_event
from pages.demo import child_page, demo_home
from pages.models import Area, ProgramPage

JAKARTA = ZoneInfo("Asia/Jakarta")

AULA = "Aula Kantor Kelurahan Pondok Labu, Jl. Pondok Labu Raya No. 10 (lantai 2)"
BALAI_RW03 = "Balai Warga RW 03, Jl. Pinang Kalijati No. 7"
BALAI_RW04 = "Balai Warga RW 04, Jl. Bango No. 21"
POSYANDU_MELATI = "Posyandu Melati, Jl. Haji Nawi Gg. Mawar (RW 05)"
PUSKESMAS = "Puskesmas Kelurahan Pondok Labu, Jl. Margasatwa No. 2"

RESIDENTS = [
    "siti@warga.test",
    "budi@warga.test",
    "dewi@warga.test",
    "rahmat@warga.test",
    "nur@warga.test",
    "agus@warga.test",
]


def _saturday(today, weeks=0):
    """The next Saturday after today (plus whole weeks)."""
    return today + timedelta(days=(5 - today.weekday()) % 7 or 7, weeks=weeks)


def _weekday(today, weekday, weeks=0):
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7, weeks=weeks)


def _at(day, hhmm):
    hours, minutes = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=JAKARTA)


def schedule(today):
    """Each event: where it hangs, what it is, its sessions (date, start, end, venue),
    who enrolled (e-mail, status) and whether attendance of past sessions is recorded."""
    d = timedelta
    return [
        {
            "slug": "kursus-menjahit-dasar",
            "parent": ("program", "pelatihan-menjahit"),
            "group": "jahit-berkah",
            "title": "Kursus Menjahit Dasar",
            "kind": EventPage.Kind.TRAINING,
            "category": "skills_training",
            "area": "pondok-labu-rw-04",
            "capacity": 12,
            "summary": "Enam kali pertemuan setiap Sabtu pagi: mengenal mesin jahit, membuat "
            "pola, memotong kain, sampai menjahit rok dan kemeja sederhana.",
            "description": "<p>Kursus untuk pemula, gratis, dibimbing penjahit "
            "berpengalaman dari Kelompok Usaha Jahit Berkah. Mesin jahit dan kain latihan "
            "disediakan; peserta membawa meteran, gunting kain, dan alat tulis.</p>"
            "<p>Peserta yang hadir sedikitnya lima kali mendapat sertifikat dan dapat "
            "bergabung dengan kelompok usaha menjahit.</p>",
            "sessions": [
                (_saturday(today, weeks=w), "09:00", "12:00", BALAI_RW04) for w in range(6)
            ],
            "enrollments": [
                ("siti@warga.test", "confirmed"),
                ("dewi@warga.test", "confirmed"),
                ("nur@warga.test", "confirmed"),
                ("agus@warga.test", "confirmed"),
            ],
        },
        {
            "slug": "kelas-kewirausahaan-pemasaran-online",
            "parent": ("program", "kelas-kewirausahaan-umkm"),
            "group": "umkm-kuliner-pondok-labu",
            "title": "Kelas Kewirausahaan: Pemasaran Online untuk UMKM",
            "kind": EventPage.Kind.TRAINING,
            "category": "economy",
            "area": "pondok-labu",
            "capacity": 4,
            "summary": "Dua sesi praktik: foto produk dengan HP, menulis deskripsi yang "
            "menjual, dan membuka toko di marketplace serta WhatsApp Business.",
            "description": "<p>Bawa HP dengan baterai penuh dan satu contoh produk Anda. "
            "Kelas kecil supaya setiap peserta didampingi langsung.</p>",
            "sessions": [
                (today + d(days=9), "13:00", "16:00", AULA),
                (today + d(days=16), "13:00", "16:00", AULA),
            ],
            "enrollments": [
                ("budi@warga.test", "confirmed"),
                ("rahmat@warga.test", "confirmed"),
                ("ketua.kuliner@warga.test", "confirmed"),
                ("nur@warga.test", "confirmed"),
                ("siti@warga.test", "waitlisted"),
                ("agus@warga.test", "waitlisted"),
            ],
        },
        {
            "slug": "hari-vaksinasi-anak-imunisasi-dasar-lengkap",
            "parent": ("program", "hari-vaksinasi-anak"),
            "title": "Hari Vaksinasi Anak (Imunisasi Dasar Lengkap)",
            "kind": EventPage.Kind.HEALTH_SERVICE,
            "category": "health",
            "area": "pondok-labu",
            "capacity": None,
            "summary": "Imunisasi dasar lengkap gratis untuk bayi dan balita: BCG, polio, "
            "DPT-HB-Hib, campak-rubela. Bawa buku KIA dan kartu keluarga.",
            "description": "<p>Dilayani petugas Puskesmas. Datang sesuai urutan; pendaftaran "
            "di situs ini membantu petugas menyiapkan vaksin yang cukup.</p>",
            "sessions": [(today + d(days=5), "08:00", "12:00", PUSKESMAS)],
            "enrollments": [("dewi@warga.test", "confirmed"), ("siti@warga.test", "confirmed")],
        },
        {
            "slug": "posyandu-balita-melati",
            "parent": ("group", "kader-posyandu-melati"),
            "title": "Posyandu Balita Melati: Penimbangan dan Vitamin A",
            "kind": EventPage.Kind.HEALTH_SERVICE,
            "category": "health",
            "area": "pondok-labu-rw-05",
            "capacity": 40,
            "summary": "Penimbangan, pengukuran tinggi badan, pemberian vitamin A, dan "
            "konsultasi gizi bersama kader dan bidan. Setiap bulan.",
            "sessions": [
                (today - d(days=27), "08:00", "11:00", POSYANDU_MELATI),
                (today + d(days=3), "08:00", "11:00", POSYANDU_MELATI),
                (today + d(days=31), "08:00", "11:00", POSYANDU_MELATI),
            ],
            "enrollments": [
                ("nur@warga.test", "confirmed"),
                ("dewi@warga.test", "confirmed"),
                ("siti@warga.test", "confirmed"),
            ],
            "attendance": True,
        },
        {
            "slug": "cek-kesehatan-lansia-posyandu",
            "parent": ("program", "lansia-sehat"),
            "title": "Posyandu Lansia: Cek Tekanan Darah dan Gula Darah",
            "kind": EventPage.Kind.HEALTH_SERVICE,
            "category": "health",
            "area": "pondok-labu",
            "capacity": 30,
            "summary": "Pemeriksaan tekanan darah, gula darah, dan konsultasi kesehatan "
            "gratis untuk warga usia 60 tahun ke atas.",
            "sessions": [(today - d(days=12), "07:30", "10:30", BALAI_RW03)],
            "enrollments": [
                ("rahmat@warga.test", "confirmed"),
                ("budi@warga.test", "confirmed"),
                ("agus@warga.test", "confirmed"),
            ],
            "attendance": True,
        },
        {
            "slug": "sosialisasi-blt-kelurahan-tahap-dua",
            "parent": ("program", "blt-kelurahan"),
            "title": "Sosialisasi BLT Kelurahan Tahap II",
            "kind": EventPage.Kind.INFORMATION_SESSION,
            "category": "cash_assistance",
            "area": "pondok-labu",
            "capacity": 80,
            "summary": "Penjelasan syarat, jadwal pencairan, dan cara mengecek status "
            "penerima BLT Tahap II. Ada sesi tanya jawab dengan petugas.",
            "description": "<p>Bawa KTP dan kartu keluarga bila ingin sekalian memeriksa "
            "data Anda di meja layanan setelah sosialisasi.</p>",
            "sessions": [(today + d(days=2), "09:00", "11:00", AULA)],
            "enrollments": [
                ("agus@warga.test", "confirmed"),
                ("rahmat@warga.test", "confirmed"),
                ("budi@warga.test", "confirmed"),
            ],
        },
        {
            "slug": "sosialisasi-blt-rw-06",
            "parent": ("program", "blt-kelurahan"),
            "title": "Sosialisasi BLT untuk Warga RW 06",
            "kind": EventPage.Kind.INFORMATION_SESSION,
            "category": "cash_assistance",
            "area": "pondok-labu-rw-06",
            "capacity": 50,
            "summary": "Sosialisasi BLT khusus warga RW 06 di balai warga setempat.",
            "sessions": [(today + d(days=6), "19:30", "21:00", "Balai Warga RW 06")],
            "cancelled": "Ditunda karena balai warga RW 06 dipakai sebagai posko banjir. "
            "Warga RW 06 dipersilakan mengikuti Sosialisasi BLT Tahap II di aula kelurahan; "
            "jadwal pengganti akan diumumkan.",
            "enrollments": [("budi@warga.test", "confirmed")],
        },
        {
            "slug": "pertemuan-kelompok-belajar-persiapan-ujian",
            "parent": ("group", "kelompok-belajar-anak-rw-03"),
            "title": "Pertemuan Kelompok Belajar: Persiapan Ujian Sekolah",
            "kind": EventPage.Kind.MEETING,
            "category": "education",
            "area": "pondok-labu-rw-03",
            "capacity": 15,
            "audience": EventPage.Audience.MEMBERS,
            "summary": "Empat pertemuan menjelang ujian: latihan soal matematika dan bahasa "
            "Indonesia, didampingi kakak relawan.",
            "sessions": [
                (_weekday(today, 3, weeks=w - 1), "15:30", "17:00", BALAI_RW03) for w in range(4)
            ],
            "enrollments": [("siti@warga.test", "confirmed"), ("dewi@warga.test", "confirmed")],
            "attendance": True,
        },
        {
            "slug": "kelas-literasi-keuangan-ibu-rumah-tangga",
            "parent": ("program", "literasi-keuangan-ibu-rumah-tangga"),
            "title": "Kelas Literasi Keuangan: Mengatur Uang Belanja Keluarga",
            "kind": EventPage.Kind.TRAINING,
            "category": "economy",
            "area": "pondok-labu",
            "capacity": 25,
            "summary": "Dua pertemuan: mencatat pengeluaran, menabung sedikit demi sedikit, "
            "dan mengenali pinjaman online ilegal.",
            "sessions": [
                (today - d(days=17), "09:00", "11:30", AULA),
                (today - d(days=10), "09:00", "11:30", AULA),
            ],
            "enrollments": [
                ("nur@warga.test", "confirmed"),
                ("siti@warga.test", "confirmed"),
                ("dewi@warga.test", "confirmed"),
                ("budi@warga.test", "cancelled"),
            ],
            "attendance": True,
        },
    ]


def seed(command):
    home = demo_home(command, "kegiatan")
    if home is None:
        return
    index, _created = child_page(
        home,
        EventIndexPage,
        "kegiatan",
        title="Kegiatan",
        show_in_menus=True,
        intro="Jadwal pelatihan, layanan kesehatan, sosialisasi, dan pertemuan kelompok "
        "warga Kelurahan Pondok Labu. Daftar langsung dari HP Anda; bila kuota penuh, "
        "Anda masuk daftar tunggu dan otomatis mendapat tempat saat ada yang batal.",
    )
    today = timezone.localdate()
    users = {u.email: u for u in get_user_model().objects.filter(email__contains="@warga.test")}
    counts = {"events": 0, "enrollments": 0}
    for spec in schedule(today):
        event = _event(index, spec)
        counts["events"] += 1
        counts["enrollments"] += _enrollments(event, spec, users)
    _leader_proposal(users, today)
    from events import demo_certificates

    demo_certificates.seed(command, index, today)
    command.stdout.write(
        f"Kegiatan: {counts['events']} kegiatan, {counts['enrollments']} pendaftaran "
        f"(di /kegiatan/). Ketua kelompok dapat membuat kegiatan dari halaman kelompoknya."
    )


def _parent(index, spec):
    kind, slug = spec["parent"]
    model = ProgramPage if kind == "program" else CommunityGroupPage
    parent = model.objects.filter(slug=slug).first()
    return parent or index


def _event(index, spec):
    event = EventPage.objects.filter(slug=spec["slug"]).first()
    if event is None:
        parent = _parent(index, spec)
        group = None
        if spec.get("group"):
            group = CommunityGroupPage.objects.filter(slug=spec["group"]).first()
        event = EventPage(
            title=spec["title"],
            slug=spec["slug"],
            kind=spec["kind"],
            category=spec.get("category", ""),
            summary=spec["summary"],
            description=spec.get("description", ""),
            capacity=spec.get("capacity"),
            audience=spec.get("audience", EventPage.Audience.RESIDENTS),
            area=Area.objects.filter(slug=spec.get("area")).first(),
            organising_group=group,
            is_cancelled=bool(spec.get("cancelled")),
            cancellation_reason=spec.get("cancelled", ""),
        )
        event.sessions = [_session(*s) for s in spec["sessions"]]
        parent.add_child(instance=event)
        event.save_revision().publish()
        return event
    # Found again: move the dates so the schedule stays relative to today, keeping the
    # sessions' ids (calendar UIDs, attendance).
    sessions = list(event.sessions.order_by("sort_order", "pk"))
    for n, values in enumerate(spec["sessions"]):
        fresh = _session(*values)
        if n < len(sessions):
            session = sessions[n]
            session.starts_at, session.ends_at, session.venue = (
                fresh.starts_at,
                fresh.ends_at,
                fresh.venue,
            )
            session.save(update_fields=["starts_at", "ends_at", "venue"])
        else:
            fresh.event = event
            fresh.sort_order = n
            fresh.save()
    return event


def _session(day, starts, ends, venue):
    return EventSession(starts_at=_at(day, starts), ends_at=_at(day, ends), venue=venue)


def _enrollments(event, spec, users):
    made = 0
    now = timezone.now()
    for n, (email, status) in enumerate(spec.get("enrollments", [])):
        user = users.get(email)
        if user is None:
            continue
        if (
            event.audience == EventPage.Audience.MEMBERS
            and event.organising_group_id
            and not is_active_member(event.organising_group, user)
        ):
            continue
        enrollment, created = Enrollment.objects.get_or_create(
            event=event,
            user=user,
            defaults={"status": status, "requested_at": now - timedelta(days=20, minutes=-n)},
        )
        made += 1
        if spec.get("attendance") and enrollment.status == Enrollment.Status.CONFIRMED:
            past = event.sessions.filter(ends_at__lt=now)
            for session in past:
                # Everyone came, except the last person missed the latest session.
                if n == len(spec["enrollments"]) - 1 and session == past.last():
                    continue
                Attendance.objects.get_or_create(session=session, enrollment=enrollment)
    return made


def _leader_proposal(users, today):
    """One event posted by a group leader, waiting for the moderator in the admin."""
    leader = users.get("ketua.jahit@warga.test")
    group = CommunityGroupPage.objects.filter(slug="jahit-berkah").first()
    if leader is None or group is None:
        return
    if EventPage.objects.filter(slug="latihan-membuat-pola-gamis").exists():
        return
    try:
        propose_event(
            group,
            leader,
            {
                "title": "Latihan Membuat Pola Gamis",
                "kind": EventPage.Kind.TRAINING,
                "category": "skills_training",
                "summary": "Latihan bersama membuat pola gamis ukuran S sampai XL untuk "
                "pesanan menjelang Lebaran.",
                "description": "Bawa kertas pola, penggaris, dan kapur jahit.",
                "capacity": 10,
                "audience": EventPage.Audience.MEMBERS,
            },
            [
                {
                    "starts_at": _at(today + timedelta(days=12), "13:00"),
                    "ends_at": _at(today + timedelta(days=12), "16:00"),
                    "venue": BALAI_RW04,
                }
            ],
        )
    except DomainError:  # e.g. the demo leader is no longer a leader
        return
