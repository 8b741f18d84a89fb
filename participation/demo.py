"""Demo of residents' voice for Kelurahan Pondok Labu, relative to today.

Runs after the pages, community and events demos (INSTALLED_APPS order); areas, people
and programs are looked up by slug / e-mail and skipped when missing. Idempotent:
proposals, complaints and surveys are found again by title. Rows are written directly
(inside seed_demo's transaction, no e-mails), with the deadlines the working-day clock
gives.
"""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from pages.models import Area, ProgramPage
from participation import workdays
from participation.complaints import ANSWER_DAYS, CLOSE_DAYS, VERIFY_DAYS, make_code
from participation.models import (
    AnswerTemplate,
    Complaint,
    ComplaintUpdate,
    CutiBersama,
    Proposal,
    ProposalAnswer,
    ProposalSupport,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
STAFF_EMAIL = "humas@balai.local"
RESIDENTS = [
    "siti@warga.test",
    "budi@warga.test",
    "dewi@warga.test",
    "rahmat@warga.test",
    "nur@warga.test",
    "agus@warga.test",
    "ketua.jahit@warga.test",
    "ketua.belajar@warga.test",
    "ketua.kuliner@warga.test",
    "ketua.posyandu@warga.test",
    "ketua.karangtaruna@warga.test",
]

# title, category, RW, author, days ago, status, supporters (count), answers [(status, text)]
PROPOSALS = [
    (
        "Perbaikan saluran air di Jl. Pinang Kalijati",
        "infrastruktur",
        "pondok-labu-rw-03",
        "siti@warga.test",
        60,
        "selesai",
        9,
        [
            (
                "ditinjau",
                "Terima kasih, Bu Siti. Petugas PPSU sudah mengecek lokasi pada hari Senin.",
            ),
            ("diterima", "Usulan diterima. Saluran akan dikeruk dan tutup yang pecah diganti."),
            ("dilaksanakan", "Pengerukan dimulai minggu ini bersama PPSU Kelurahan Pondok Labu."),
            (
                "selesai",
                "Saluran sudah bersih dan tutup baru terpasang. Terima kasih atas usulannya.",
            ),
        ],
    ),
    (
        "Lampu penerangan di Gang Mawar",
        "keamanan",
        "pondok-labu-rw-05",
        "nur@warga.test",
        35,
        "dilaksanakan",
        8,
        [
            ("ditinjau", "Kami koordinasikan dengan Suku Dinas Bina Marga Jakarta Selatan."),
            ("diterima", "Diterima. Dua titik lampu baru masuk jadwal pemasangan bulan ini."),
            ("dilaksanakan", "Tiang sudah berdiri; tinggal penyambungan listrik."),
        ],
    ),
    (
        "Pelatihan menjahit angkatan kedua",
        "ekonomi",
        "pondok-labu-rw-04",
        "budi@warga.test",
        40,
        "diterima",
        10,
        [
            ("ditinjau", "Kami cek dulu ketersediaan mesin jahit dan pelatih."),
            (
                "diterima",
                "Diterima. Angkatan kedua dibuka lewat program Pelatihan Menjahit; "
                "pendaftaran diumumkan di situs ini.",
            ),
        ],
    ),
    (
        "Bank sampah di setiap RW",
        "lingkungan",
        "pondok-labu-rw-02",
        "rahmat@warga.test",
        28,
        "ditinjau",
        7,
        [("ditinjau", "Usulan sedang dibahas bersama para ketua RW pada rapat bulan ini.")],
    ),
    (
        "Posyandu lansia dua kali sebulan",
        "kesehatan",
        "pondok-labu-rw-05",
        "ketua.posyandu@warga.test",
        21,
        "ditinjau",
        6,
        [("ditinjau", "Kami tanyakan ketersediaan tenaga kesehatan ke Puskesmas Kelurahan.")],
    ),
    (
        "Taman bermain anak di lahan kosong RW 01",
        "lingkungan",
        "pondok-labu-rw-01",
        "agus@warga.test",
        45,
        "ditolak",
        4,
        [
            ("ditinjau", "Kami cek status lahan ke kecamatan."),
            (
                "ditolak",
                "Mohon maaf, lahan tersebut milik pribadi dan tidak dapat dipakai. Kami "
                "sarankan memakai halaman Balai Warga RW 01; silakan ajukan usulan baru.",
            ),
        ],
    ),
    (
        "Kelas komputer untuk ibu-ibu PKK",
        "pendidikan",
        "pondok-labu-rw-03",
        "dewi@warga.test",
        12,
        "baru",
        5,
        [],
    ),
    (
        "Jadwal pengangkutan sampah yang tetap",
        "lingkungan",
        "pondok-labu-rw-04",
        "ketua.jahit@warga.test",
        9,
        "baru",
        3,
        [],
    ),
    (
        "Pojok baca di Balai Warga RW 03",
        "pendidikan",
        "pondok-labu-rw-03",
        "ketua.belajar@warga.test",
        6,
        "baru",
        2,
        [],
    ),
    (
        "Pasar murah menjelang Lebaran",
        "ekonomi",
        "pondok-labu-rw-02",
        "ketua.kuliner@warga.test",
        4,
        "baru",
        6,
        [],
    ),
    (
        "Pelatihan pemadam kebakaran untuk warga",
        "keamanan",
        "pondok-labu-rw-02",
        "ketua.karangtaruna@warga.test",
        3,
        "baru",
        1,
        [],
    ),
    (
        "Polisi tidur di Jl. Bango dekat SD",
        "infrastruktur",
        "pondok-labu-rw-04",
        "budi@warga.test",
        2,
        "baru",
        0,
        [],
    ),
]

DESCRIPTIONS = {
    "Perbaikan saluran air di Jl. Pinang Kalijati": "Setiap hujan deras air meluap ke jalan "
    "karena saluran tersumbat sampah dan lumpur. Beberapa tutup saluran juga pecah sehingga "
    "berbahaya bagi anak-anak yang berangkat sekolah.",
    "Lampu penerangan di Gang Mawar": "Gang Mawar gelap setelah magrib. Ibu-ibu yang pulang "
    "dari pasar dan anak-anak mengaji merasa tidak aman. Usul dipasang dua lampu jalan.",
    "Pelatihan menjahit angkatan kedua": "Angkatan pertama sangat bermanfaat dan banyak "
    "tetangga yang belum kebagian tempat. Mohon dibuka angkatan kedua.",
    "Bank sampah di setiap RW": "Sampah plastik bisa ditabung dan dijual. Usul setiap RW "
    "punya bank sampah dengan jadwal penimbangan seminggu sekali.",
    "Posyandu lansia dua kali sebulan": "Banyak lansia di RW 05 yang perlu cek tekanan darah "
    "dan gula darah lebih sering. Sebulan sekali terasa kurang.",
    "Taman bermain anak di lahan kosong RW 01": "Anak-anak bermain di jalan karena tidak ada "
    "tempat bermain. Lahan kosong di ujung gang bisa dijadikan taman.",
    "Kelas komputer untuk ibu-ibu PKK": "Banyak ibu PKK ingin belajar mengetik surat dan "
    "memakai internet untuk jualan, tetapi belum ada kelasnya.",
    "Jadwal pengangkutan sampah yang tetap": "Gerobak sampah datang tidak menentu sehingga "
    "sampah menumpuk di depan rumah. Mohon jadwal yang tetap dan diumumkan.",
    "Pojok baca di Balai Warga RW 03": "Usul ada rak buku dan tikar di Balai Warga supaya "
    "anak-anak bisa membaca sepulang sekolah. Warga siap menyumbang buku.",
    "Pasar murah menjelang Lebaran": "Harga bahan pokok naik menjelang Lebaran. Usul "
    "kelurahan mengadakan pasar murah bersama mitra CSR.",
    "Pelatihan pemadam kebakaran untuk warga": "Rumah di gang kami rapat. Warga perlu tahu "
    "cara memakai APAR dan menangani kebocoran gas.",
    "Polisi tidur di Jl. Bango dekat SD": "Motor sering melaju kencang di depan SD. Usul "
    "dipasang polisi tidur dan rambu hati-hati ada anak sekolah.",
}

TEMPLATES = [
    (
        "Sedang ditinjau",
        "ditinjau",
        "Terima kasih atas usulannya. Usulan ini sedang kami "
        "tinjau bersama pihak terkait; kami kabari lagi paling lambat dua minggu.",
    ),
    (
        "Diterima",
        "diterima",
        "Usulan diterima dan masuk rencana kerja kelurahan. Kami "
        "kabarkan jadwal pelaksanaannya di halaman ini.",
    ),
    (
        "Ditolak: di luar kewenangan",
        "ditolak",
        "Mohon maaf, usulan ini di luar kewenangan "
        "kelurahan. Kami teruskan ke instansi yang berwenang.",
    ),
]


def _at(day, hhmm="09:00"):
    hours, minutes = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=JAKARTA)


def _workdays_ago(today, n):
    day, left = today, n
    while left > 0:
        day -= timedelta(days=1)
        if workdays.is_workday(day):
            left -= 1
    return day


def seed(command):
    users = {
        u.email: u for u in get_user_model().objects.filter(email__in=[*RESIDENTS, STAFF_EMAIL])
    }
    areas = {a.slug: a for a in Area.objects.filter(slug__startswith="pondok-labu")}
    if not areas:
        command.stdout.write("Wilayah Pondok Labu tidak ada; demo suara warga dilewati.")
        return
    staff = users.get(STAFF_EMAIL)
    today = timezone.localdate()
    for title, status, body in TEMPLATES:
        AnswerTemplate.objects.get_or_create(title=title, defaults={"status": status, "body": body})
    CutiBersama.objects.get_or_create(
        date=datetime(today.year, 12, 24).date(), defaults={"name": "Cuti bersama Hari Raya Natal"}
    )
    proposals = _proposals(users, areas, staff, today)
    complaints = _complaints(users, staff, today)
    surveys = _surveys(users, areas, today)
    command.stdout.write(
        f"Suara warga: {proposals} usulan (di /usulan/), {complaints} pengaduan (/pengaduan/), "
        f"{surveys} survei (/survei/)."
    )


def _proposals(users, areas, staff, today):
    count = 0
    supporters = [users[e] for e in RESIDENTS if e in users]
    program = ProgramPage.objects.filter(slug="pelatihan-menjahit").first()
    for title, category, rw, author, days, status, n_support, answers in PROPOSALS:
        area = areas.get(rw)
        if area is None:
            continue
        created = _at(today - timedelta(days=days), "19:30")
        proposal, made = Proposal.objects.get_or_create(
            title=title,
            defaults={
                "author": users.get(author),
                "description": DESCRIPTIONS[title],
                "category": category,
                "area": area,
                "created_at": created,
                "status_changed_at": created,
            },
        )
        count += 1
        if not made:
            continue
        others = [u for u in supporters if u.email != author][:n_support]
        for n, user in enumerate(others):
            ProposalSupport.objects.create(
                proposal=proposal, user=user, created_at=created + timedelta(hours=n + 1)
            )
        step = max(days // (len(answers) + 1), 1)
        for n, (answer_status, text) in enumerate(answers, 1):
            ProposalAnswer.objects.create(
                proposal=proposal,
                status=answer_status,
                body=text,
                author=staff,
                created_at=_at(today - timedelta(days=days - n * step), "10:00"),
            )
        proposal.status = status
        proposal.support_count = len(others)
        if answers:
            proposal.status_changed_at = _at(
                today - timedelta(days=days - len(answers) * step), "10:00"
            )
        if title == "Pelatihan menjahit angkatan kedua" and program is not None:
            proposal.program = program
        proposal.save()
    return count


# title, reporter, program slug / service, submitted (working days ago), stage
COMPLAINTS = [
    (
        "Sertifikat pelatihan belum diterima",
        "siti@warga.test",
        "pelatihan-menjahit",
        14,
        "confirmed",
    ),
    (
        "Bantuan sembako tidak sampai ke Ibu Ratmi",
        "rahmat@warga.test",
        "bantuan-sembako-lansia",
        9,
        "answered",
    ),
    (
        "Jadwal posyandu berubah tanpa kabar",
        "nur@warga.test",
        "posyandu-balita",
        6,
        "verified_late",
    ),
    (
        "Antrean surat pengantar terlalu lama",
        "budi@warga.test",
        "Surat pengantar RT/RW",
        5,
        "submitted_late",
    ),
    ("Data penerima BLT keliru", "dewi@warga.test", "blt-kelurahan", 12, "reopened"),
    (
        "Ruang kelas kewirausahaan terlalu panas",
        "agus@warga.test",
        "kelas-kewirausahaan-umkm",
        0,
        "submitted",
    ),
]

COMPLAINT_TEXT = {
    "Sertifikat pelatihan belum diterima": "Saya sudah lulus pelatihan menjahit angkatan "
    "pertama, tetapi sertifikat belum saya terima sampai sekarang.",
    "Bantuan sembako tidak sampai ke Ibu Ratmi": "Ibu Ratmi, tetangga saya yang lansia, "
    "terdaftar sebagai penerima tetapi paket bulan ini tidak sampai.",
    "Jadwal posyandu berubah tanpa kabar": "Kami datang ke posyandu sesuai jadwal, ternyata "
    "dipindah ke hari lain tanpa pengumuman.",
    "Antrean surat pengantar terlalu lama": "Sudah tiga kali datang ke kantor kelurahan, "
    "surat pengantar belum juga selesai.",
    "Data penerima BLT keliru": "Nama suami saya tertulis salah sehingga pencairan ditolak bank.",
    "Ruang kelas kewirausahaan terlalu panas": "Kipas angin di aula rusak. Peserta kepanasan "
    "selama kelas.",
}


def _complaints(users, staff, today):
    count = 0
    for title, email, about, ago, stage in COMPLAINTS:
        reporter = users.get(email)
        if reporter is None or Complaint.objects.filter(title=title, reporter=reporter).exists():
            count += reporter is not None
            continue
        program = ProgramPage.objects.filter(slug=about).first()
        submitted_on = _workdays_ago(today, ago)
        submitted = _at(submitted_on, "08:30")
        verify_due = workdays.add_workdays(submitted_on, VERIFY_DAYS)
        c = Complaint.objects.create(
            reporter=reporter,
            subject=Complaint.Subject.PROGRAM if program else Complaint.Subject.SERVICE,
            program=program,
            service="" if program else about,
            title=title,
            description=COMPLAINT_TEXT[title],
            submitted_at=submitted,
            verify_due=verify_due,
            answer_due=workdays.add_workdays(verify_due, ANSWER_DAYS),
        )
        c.code = make_code(c)
        updates = [(ComplaintUpdate.Kind.SUBMITTED, "", reporter, submitted)]
        if stage in ("confirmed", "answered", "verified_late", "reopened"):
            verified_on = workdays.add_workdays(submitted_on, 1 if stage != "verified_late" else 2)
            c.status = Complaint.Status.VERIFIED
            c.verified_at = _at(verified_on, "10:00")
            c.answer_due = workdays.add_workdays(min(verified_on, verify_due), ANSWER_DAYS)
            if stage == "verified_late":
                c.answer_due = min(c.answer_due, today - timedelta(days=1))
            updates.append(
                (
                    ComplaintUpdate.Kind.VERIFIED,
                    "Sudah kami teruskan ke pengelola program.",
                    staff,
                    c.verified_at,
                )
            )
        if stage in ("confirmed", "answered", "reopened"):
            answered_on = workdays.add_workdays(submitted_on, 3)
            c.status = Complaint.Status.ANSWERED
            c.first_answered_at = c.last_answered_at = _at(answered_on, "14:00")
            c.answered_on_time = answered_on <= c.answer_due
            c.close_due = workdays.add_workdays(answered_on, CLOSE_DAYS)
            answer = {
                "confirmed": "Sertifikat sudah dicetak dan dapat diambil di meja pelayanan "
                "kantor kelurahan pada jam kerja.",
                "answered": "Paket Ibu Ratmi tertahan di gudang karena alamatnya kurang "
                "lengkap. Paket diantar kader RW 02 hari Kamis.",
                "reopened": "Data sudah kami perbaiki di sistem dan diteruskan ke Dinas Sosial.",
            }[stage]
            updates.append((ComplaintUpdate.Kind.ANSWERED, answer, staff, c.first_answered_at))
        if stage == "confirmed":
            c.status = Complaint.Status.CLOSED
            c.closing = Complaint.Closing.CONFIRMED
            c.closed_at = _at(workdays.add_workdays(submitted_on, 5), "16:00")
            updates.append((ComplaintUpdate.Kind.CONFIRMED, "", reporter, c.closed_at))
        if stage == "reopened":
            reopened_on = workdays.add_workdays(submitted_on, 6)
            c.status = Complaint.Status.REOPENED
            c.reopened_at = _at(reopened_on, "09:00")
            c.answer_due = workdays.add_workdays(reopened_on, ANSWER_DAYS)
            c.close_due = None
            updates.append(
                (
                    ComplaintUpdate.Kind.REOPENED,
                    "Bank masih menolak; nama di data belum berubah.",
                    reporter,
                    c.reopened_at,
                )
            )
        if stage == "submitted_late":
            c.overdue_since = verify_due + timedelta(days=1)
        c.save()
        for kind, body, author, when in updates:
            ComplaintUpdate.objects.create(
                complaint=c, kind=kind, body=body, author=author, created_at=when
            )
        count += 1
    return count


SURVEYS = [
    {
        "title": "Survei Kebutuhan Pelatihan Keterampilan 2026",
        "intro": "Kelurahan Pondok Labu merencanakan pelatihan keterampilan untuk tahun depan. "
        "Bantu kami memilih pelatihan yang paling dibutuhkan warga. Mengisi survei ini "
        "sekitar tiga menit; jawaban dihitung per RW tanpa nama.",
        "opens": -20,
        "closes": 25,
        "audience": "everyone",
        "allow_anonymous": True,
        "questions": [
            (
                "Pelatihan apa yang dibutuhkan keluarga Anda?",
                "multiple_choice",
                True,
                "Menjahit\nTata boga dan kue\nKomputer dan internet\n"
                "Pemasaran digital untuk UMKM\nServis motor",
            ),
            ("Berapa orang usia kerja (18–60 tahun) di rumah Anda?", "number", False, ""),
            ("Seberapa penting pelatihan ini bagi penghasilan keluarga?", "scale", True, ""),
            (
                "Kapan waktu yang paling cocok?",
                "single_choice",
                True,
                "Pagi hari kerja\nSore hari kerja\nSabtu atau Minggu",
            ),
            ("Saran atau pelatihan lain", "long_text", False, ""),
        ],
        "responses": 34,
    },
    {
        "title": "Survei Layanan Posyandu Balita",
        "intro": "Survei singkat untuk orang tua balita tentang layanan posyandu di Kelurahan "
        "Pondok Labu. Hasilnya dipakai untuk mengatur jadwal dan kegiatan posyandu.",
        "opens": -45,
        "closes": -10,
        "audience": "everyone",
        "allow_anonymous": True,
        "questions": [
            ("Seberapa puas Anda dengan layanan posyandu?", "scale", True, ""),
            (
                "Layanan apa yang paling Anda butuhkan?",
                "multiple_choice",
                True,
                "Penimbangan dan pengukuran\nImunisasi\nKonsultasi gizi\n"
                "Pemberian makanan tambahan\nKelas ibu balita",
            ),
            ("Apakah jadwal posyandu sudah cocok?", "single_choice", True, "Ya\nTidak"),
        ],
        "responses": 23,
    },
]


def _surveys(users, areas, today):
    rng = random.Random(2026)
    rws = [a for slug, a in sorted(areas.items()) if a.level == Area.Level.RW]
    residents = [users[e] for e in RESIDENTS if e in users]
    now = timezone.now()
    for spec in SURVEYS:
        survey, made = Survey.objects.get_or_create(
            title=spec["title"],
            defaults={
                "intro": spec["intro"],
                "opens_at": now + timedelta(days=spec["opens"]),
                "closes_at": now + timedelta(days=spec["closes"]),
                "audience": spec["audience"],
                "allow_anonymous": spec["allow_anonymous"],
            },
        )
        if not made:
            continue
        questions = [
            SurveyQuestion.objects.create(
                survey=survey, text=text, kind=kind, required=req, choices=choices, sort_order=n
            )
            for n, (text, kind, req, choices) in enumerate(spec["questions"])
        ]
        for n in range(spec["responses"]):
            user = residents[n] if n < len(residents) else None
            area = (
                user.home_area
                if user and user.home_area and user.home_area.level == Area.Level.RW
                else None
            )
            if user is None:
                # Most answers come from RW 03 and 04, where the office asked around.
                area = rng.choice(rws[2:4] * 3 + rws) if rws else None
            response = SurveyResponse.objects.create(
                survey=survey,
                user=user,
                area=area,
                created_at=survey.opens_at + timedelta(hours=n * 7),
            )
            for q in questions:
                _answer(rng, response, q)
    return len(SURVEYS)


def _answer(rng, response, question):
    kind = question.kind
    if kind == "multiple_choice":
        pairs = question.choice_pairs()
        weights = [5, 4, 3, 3, 1][: len(pairs)]
        chosen = {rng.choices(pairs, weights=weights)[0] for _ in range(rng.randint(1, 2))}
        for slug, label in chosen:
            SurveyAnswer.objects.create(
                response=response, question=question, value=label, choice=slug
            )
    elif kind == "single_choice":
        slug, label = rng.choice(question.choice_pairs())
        SurveyAnswer.objects.create(response=response, question=question, value=label, choice=slug)
    elif kind == "scale":
        n = rng.choices([2, 3, 4, 5], weights=[1, 2, 4, 3])[0]
        SurveyAnswer.objects.create(response=response, question=question, value=str(n), number=n)
    elif kind == "number":
        n = rng.randint(1, 4)
        SurveyAnswer.objects.create(response=response, question=question, value=str(n), number=n)
    elif rng.random() < 0.3:
        text = rng.choice(
            [
                "Pelatihan membuat sabun dan deterjen.",
                "Kursus bahasa Inggris untuk anak muda.",
                "Pelatihan sablon kaos.",
            ]
        )
        SurveyAnswer.objects.create(response=response, question=question, value=text)
