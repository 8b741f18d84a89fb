"""Demo content for the pages app: a kelurahan site in Bahasa Indonesia.

Called by `python manage.py seed_demo` (see pages/management/commands/seed_demo.py).
Idempotent and quick on a second run:
- office details, areas and partners are updated in place (by slug / name);
- images are generated with Pillow once, found again by title;
- pages are created once, found again by slug under their parent, and never
  overwritten, so what an editor changed in the admin survives a re-seed.
"""

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Site

from pages.models import (
    Area,
    ArticleIndexPage,
    ArticlePage,
    HomePage,
    OfficeSettings,
    Partner,
    ProgramCategory,
    ProgramIndexPage,
    ProgramPage,
    ProgramStatus,
    StandardPage,
)
from pages.models.pages import CARD_RENDITION_SPECS

ADMIN_EMAIL = "admin@balai.local"
ADMIN_PASSWORD = "balai-demo-2026"  # a fixed login for the local demo only
STAFF_USERS = [
    # (e-mail, display name, group)
    ("humas@balai.local", "Rina (Staf Humas)", "Staf Humas"),
    ("moderator@balai.local", "Bambang (Moderator)", "Moderator"),
]

OFFICE = {
    "office_name": "Kantor Kelurahan Pondok Labu",
    "address": "Jl. Pondok Labu Raya No. 10, Pondok Labu, Cilandak, Jakarta Selatan 12450",
    "phone": "021-7590 1234",
    "whatsapp": "0812-8000-1450",
    "email": "layanan@pondoklabu.balai.local",
    "opening_hours": "Senin–Jumat 08.00–16.00 WIB, Sabtu 08.00–12.00 WIB (kecuali hari libur)",
}

CONTACT = {
    "contact_name": "Pelayanan Terpadu Satu Pintu (PTSP) Kelurahan Pondok Labu",
    "contact_phone": "0812-8000-1450",
    "contact_email": "layanan@pondoklabu.balai.local",
    "contact_address": OFFICE["address"],
}

# Areas: (slug, name, level, parent slug)
AREAS = [
    ("jakarta-selatan", "Kota Jakarta Selatan", Area.Level.CITY, None),
    ("cilandak", "Kecamatan Cilandak", Area.Level.DISTRICT, "jakarta-selatan"),
    ("pondok-labu", "Kelurahan Pondok Labu", Area.Level.VILLAGE, "cilandak"),
    *[
        (f"pondok-labu-rw-{n:02d}", f"RW {n:02d}", Area.Level.RW, "pondok-labu")
        for n in range(1, 7)
    ],
    ("jakarta-barat", "Kota Jakarta Barat", Area.Level.CITY, None),
    ("kecamatan-kebon-jeruk", "Kecamatan Kebon Jeruk", Area.Level.DISTRICT, "jakarta-barat"),
    ("kelurahan-kebon-jeruk", "Kelurahan Kebon Jeruk", Area.Level.VILLAGE, "kecamatan-kebon-jeruk"),
    *[
        (f"kebon-jeruk-rw-{n:02d}", f"RW {n:02d}", Area.Level.RW, "kelurahan-kebon-jeruk")
        for n in range(1, 4)
    ],
    ("sukabumi-utara", "Kelurahan Sukabumi Utara", Area.Level.VILLAGE, "kecamatan-kebon-jeruk"),
    *[
        (f"sukabumi-utara-rw-{n:02d}", f"RW {n:02d}", Area.Level.RW, "sukabumi-utara")
        for n in range(1, 3)
    ],
    ("kecamatan-palmerah", "Kecamatan Palmerah", Area.Level.DISTRICT, "jakarta-barat"),
    ("kelurahan-palmerah", "Kelurahan Palmerah", Area.Level.VILLAGE, "kecamatan-palmerah"),
    *[
        (f"palmerah-rw-{n:02d}", f"RW {n:02d}", Area.Level.RW, "kelurahan-palmerah")
        for n in range(1, 4)
    ],
]

PARTNERS = [
    (
        "Dinas Sosial Provinsi DKI Jakarta",
        Partner.Kind.GOVERNMENT,
        "https://dinsos.jakarta.go.id",
        "Penyalur bantuan sosial dan pendamping keluarga penerima manfaat.",
    ),
    (
        "Puskesmas Kecamatan Cilandak (Dinas Kesehatan)",
        Partner.Kind.GOVERNMENT,
        "https://dinkes.jakarta.go.id",
        "Layanan imunisasi, posyandu, dan pemeriksaan kesehatan warga Cilandak.",
    ),
    (
        "Dinas Pendidikan Provinsi DKI Jakarta",
        Partner.Kind.GOVERNMENT,
        "https://disdik.jakarta.go.id",
        "Bantuan biaya pendidikan bagi pelajar dari keluarga kurang mampu.",
    ),
    (
        "Yayasan Cerdas Mandiri",
        Partner.Kind.NGO,
        "",
        "LSM pendamping pendidikan anak dan literasi keuangan keluarga.",
    ),
    (
        "PT Sinar Sehat Nusantara",
        Partner.Kind.PRIVATE,
        "",
        "Program tanggung jawab sosial perusahaan (CSR) di bidang kesehatan dan UMKM.",
    ),
    (
        "Kopi Kampung Nusantara",
        Partner.Kind.PRIVATE,
        "",
        "Mitra CSR pelatihan barista dan tata boga untuk pemuda.",
    ),
    (
        "TP PKK Kelurahan Pondok Labu",
        Partner.Kind.COMMUNITY,
        "",
        "Tim Penggerak PKK: posyandu, kelas menjahit, dan pemberdayaan ibu rumah tangga.",
    ),
    (
        "Karang Taruna Pondok Labu",
        Partner.Kind.COMMUNITY,
        "",
        "Organisasi pemuda kelurahan: bimbingan belajar dan pelatihan keterampilan.",
    ),
]

# Colours (background, accent) per category for the generated pictures.
PALETTE = {
    ProgramCategory.CASH_ASSISTANCE: ((11, 110, 79), (242, 183, 5)),
    ProgramCategory.HEALTH: ((22, 120, 140), (255, 255, 255)),
    ProgramCategory.EDUCATION: ((46, 84, 160), (255, 214, 102)),
    ProgramCategory.ECONOMY: ((176, 92, 30), (255, 236, 179)),
    ProgramCategory.SKILLS_TRAINING: ((120, 60, 140), (250, 218, 221)),
    ProgramCategory.SOCIAL_PROTECTION: ((160, 50, 60), (255, 230, 230)),
    "news": ((60, 80, 90), (200, 230, 220)),
}
SHAPES = {
    ProgramCategory.CASH_ASSISTANCE: "circle",
    ProgramCategory.HEALTH: "cross",
    ProgramCategory.EDUCATION: "book",
    ProgramCategory.ECONOMY: "bars",
    ProgramCategory.SKILLS_TRAINING: "diamond",
    ProgramCategory.SOCIAL_PROTECTION: "house",
    "news": "circle",
}


def rich(*paragraphs):
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def bullets(*items):
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def steps(*pairs):
    return [{"type": "step", "value": {"title": t, "description": d}} for t, d in pairs]


def documents(*names):
    return [{"type": "document", "value": name} for name in names]


def faq(*pairs, title="Pertanyaan yang sering diajukan"):
    items = [{"question": q, "answer": f"<p>{a}</p>"} for q, a in pairs]
    return {"type": "faq", "value": {"title": title, "items": items}}


def heading(text):
    return {"type": "heading", "value": {"text": text, "size": "h2"}}


def paragraph(*paragraphs):
    return {"type": "paragraph", "value": rich(*paragraphs)}


KTP = "KTP elektronik (asli dan fotokopi)"
KK = "Kartu Keluarga (asli dan fotokopi)"
SKTM = "Surat Keterangan Tidak Mampu (SKTM) dari kelurahan"
PENGANTAR = "Surat pengantar RT/RW"

PROGRAMS = [
    {
        "slug": "blt-kelurahan",
        "title": "Bantuan Langsung Tunai (BLT) Kelurahan",
        "category": ProgramCategory.CASH_ASSISTANCE,
        "status": ProgramStatus.OPEN,
        "summary": "Bantuan uang tunai Rp600.000 per bulan selama tiga bulan untuk keluarga "
        "kurang mampu yang belum menerima bantuan sosial lain.",
        "eligibility": bullets(
            "Warga Kelurahan Pondok Labu ber-KTP DKI Jakarta",
            "Terdaftar dalam DTKS atau diusulkan oleh RT/RW",
            "Belum menerima PKH, BPNT, atau bantuan tunai lain",
            "Kehilangan mata pencaharian atau memiliki anggota keluarga sakit menahun",
        ),
        "benefits": rich("Rp600.000 per bulan selama tiga bulan, disalurkan melalui Bank DKI."),
        "application_steps": steps(
            ("Minta surat pengantar RT/RW", "Sampaikan kondisi keluarga kepada ketua RT."),
            ("Datang ke PTSP kelurahan", "Bawa dokumen lengkap pada jam layanan."),
            ("Verifikasi lapangan", "Petugas kelurahan akan berkunjung ke rumah Anda."),
            (
                "Pengumuman penerima",
                "Daftar penerima diumumkan di papan kelurahan dan di situs ini.",
            ),
        ),
        "required_documents": documents(KTP, KK, SKTM, PENGANTAR, "Buku tabungan (jika ada)"),
        "areas": ["pondok-labu"],
        "partners": ["Dinas Sosial Provinsi DKI Jakarta"],
        "tags": ["bantuan tunai", "BLT", "DTKS"],
        "body": [
            faq(
                (
                    "Apakah penerima PKH boleh mendaftar?",
                    "Tidak. BLT Kelurahan diprioritaskan bagi keluarga yang belum menerima "
                    "bantuan sosial lain.",
                ),
                (
                    "Apakah pendaftaran dipungut biaya?",
                    "Tidak ada biaya apa pun. Laporkan pungutan liar ke WhatsApp kelurahan.",
                ),
            )
        ],
    },
    {
        "slug": "program-keluarga-harapan",
        "title": "Program Keluarga Harapan (PKH)",
        "category": ProgramCategory.SOCIAL_PROTECTION,
        "status": ProgramStatus.OPEN,
        "summary": "Bantuan sosial bersyarat bagi keluarga dengan ibu hamil, anak usia sekolah, "
        "lansia, atau penyandang disabilitas berat.",
        "eligibility": bullets(
            "Terdaftar dalam Data Terpadu Kesejahteraan Sosial (DTKS)",
            "Memiliki ibu hamil/nifas, balita, anak sekolah, lansia 70 tahun ke atas, "
            "atau penyandang disabilitas berat",
        ),
        "benefits": bullets(
            "Bantuan tunai per tahap sesuai komponen keluarga",
            "Pendampingan rutin oleh pendamping PKH",
            "Pertemuan peningkatan kemampuan keluarga (P2K2) setiap bulan",
        ),
        "application_steps": steps(
            ("Cek DTKS", "Tanyakan status DTKS keluarga Anda di PTSP kelurahan."),
            ("Usulan melalui musyawarah kelurahan", "Keluarga yang belum terdaftar diusulkan."),
            ("Validasi oleh pendamping PKH", "Pendamping mendatangi rumah calon penerima."),
        ),
        "required_documents": documents(KTP, KK, "Buku KIA (untuk ibu hamil dan balita)"),
        "areas": ["cilandak"],
        "partners": ["Dinas Sosial Provinsi DKI Jakarta"],
        "tags": ["PKH", "bansos", "DTKS"],
        "body": [],
    },
    {
        "slug": "pelatihan-menjahit",
        "title": "Pelatihan Menjahit untuk Ibu Rumah Tangga",
        "category": ProgramCategory.SKILLS_TRAINING,
        "status": ProgramStatus.OPEN,
        "summary": "Kursus menjahit enam pertemuan di Balai Warga RW 03: dari memotong pola "
        "sampai membuat masker dan tas kain untuk dijual.",
        "eligibility": bullets(
            "Warga Pondok Labu usia 18–55 tahun", "Diutamakan ibu rumah tangga dan pencari kerja"
        ),
        "benefits": bullets(
            "Pelatihan gratis enam pertemuan bersama penjahit berpengalaman",
            "Bahan praktik disediakan",
            "Sertifikat keikutsertaan dan kesempatan pinjam mesin jahit kelompok",
        ),
        "application_steps": steps(
            ("Daftar di situs ini atau ke kader PKK RW", "Kuota 20 peserta per angkatan."),
            ("Ikuti pertemuan pertama", "Sabtu pukul 09.00 di Balai Warga RW 03."),
        ),
        "required_documents": documents(KTP, "Pas foto 3x4 (dua lembar)"),
        "areas": ["pondok-labu-rw-03", "pondok-labu-rw-04"],
        "partners": ["TP PKK Kelurahan Pondok Labu"],
        "tags": ["menjahit", "pelatihan", "ibu rumah tangga"],
        "body": "image",
    },
    {
        "slug": "kelas-kewirausahaan-umkm",
        "title": "Kelas Kewirausahaan UMKM",
        "category": ProgramCategory.ECONOMY,
        "status": ProgramStatus.OPEN,
        "summary": "Kelas empat minggu untuk pelaku usaha mikro: menghitung modal dan harga jual, "
        "pencatatan keuangan, foto produk, dan jualan lewat aplikasi.",
        "eligibility": bullets(
            "Pemilik usaha mikro atau calon wirausaha yang tinggal di Pondok Labu",
            "Memiliki telepon pintar",
        ),
        "benefits": bullets(
            "Materi dan pendampingan gratis",
            "Bantuan pengurusan NIB (Nomor Induk Berusaha)",
            "Kesempatan ikut bazar UMKM kelurahan",
        ),
        "application_steps": steps(
            ("Isi formulir pendaftaran", "Di PTSP kelurahan atau lewat WhatsApp layanan."),
            ("Ikuti kelas setiap Rabu sore", "Pukul 15.30–17.30 di aula kelurahan."),
        ),
        "required_documents": documents(KTP, "Foto produk atau usaha (jika sudah berjalan)"),
        "areas": ["pondok-labu"],
        "partners": ["PT Sinar Sehat Nusantara", "Yayasan Cerdas Mandiri"],
        "tags": ["UMKM", "wirausaha", "NIB"],
        "body": [],
    },
    {
        "slug": "hari-vaksinasi-anak",
        "title": "Hari Imunisasi Anak (Bulan Imunisasi Anak Nasional)",
        "category": ProgramCategory.HEALTH,
        "status": ProgramStatus.UPCOMING,
        "summary": "Imunisasi campak-rubela dan polio gratis untuk anak usia 9 bulan sampai "
        "15 tahun di posyandu dan sekolah di Kecamatan Cilandak.",
        "eligibility": bullets("Anak usia 9 bulan – 15 tahun", "Dalam keadaan sehat"),
        "benefits": rich("Imunisasi gratis dan pencatatan di buku KIA anak."),
        "application_steps": steps(
            ("Cek jadwal posyandu di RW Anda", "Jadwal diumumkan di halaman Berita."),
            ("Datang bersama orang tua", "Bawa buku KIA anak."),
        ),
        "required_documents": documents("Buku KIA / kartu imunisasi anak", KK),
        "areas": ["cilandak"],
        "partners": ["Puskesmas Kecamatan Cilandak (Dinas Kesehatan)"],
        "tags": ["imunisasi", "vaksinasi", "anak"],
        "body": [],
    },
    {
        "slug": "bimbingan-belajar-anak",
        "title": "Bimbingan Belajar Anak Gratis",
        "category": ProgramCategory.EDUCATION,
        "status": ProgramStatus.OPEN,
        "summary": "Belajar bersama kakak relawan setiap Selasa dan Kamis sore: matematika, "
        "membaca, dan pekerjaan rumah untuk anak SD dan SMP.",
        "eligibility": bullets("Pelajar SD dan SMP", "Diutamakan dari keluarga penerima bansos"),
        "benefits": bullets("Pendampingan belajar gratis", "Buku dan alat tulis"),
        "application_steps": steps(
            ("Daftar ke Karang Taruna RW", "Atau langsung datang ke pertemuan pertama."),
        ),
        "required_documents": documents("Fotokopi rapor terakhir", "Kartu pelajar"),
        "areas": ["pondok-labu-rw-02", "pondok-labu-rw-05"],
        "partners": ["Karang Taruna Pondok Labu", "Yayasan Cerdas Mandiri"],
        "tags": ["belajar", "anak", "relawan"],
        "body": [],
    },
    {
        "slug": "literasi-keuangan-ibu-rumah-tangga",
        "title": "Literasi Keuangan untuk Ibu Rumah Tangga",
        "category": ProgramCategory.ECONOMY,
        "status": ProgramStatus.OPEN,
        "summary": "Tiga sesi praktis: menyusun anggaran belanja keluarga, menabung, dan "
        "mengenali pinjaman online ilegal.",
        "eligibility": bullets("Ibu rumah tangga warga Pondok Labu"),
        "benefits": bullets("Buku catatan keuangan keluarga", "Konsultasi keuangan gratis"),
        "application_steps": steps(
            ("Daftar di situs ini", "Kuota 30 peserta."),
            ("Hadiri tiga sesi", "Setiap Jumat pagi di aula kelurahan."),
        ),
        "required_documents": documents(KTP),
        "areas": ["pondok-labu"],
        "partners": ["Yayasan Cerdas Mandiri", "TP PKK Kelurahan Pondok Labu"],
        "tags": ["literasi keuangan", "pinjol", "menabung"],
        "body": [],
    },
    {
        "slug": "bantuan-alat-kesehatan-csr",
        "title": "Bantuan Alat Kesehatan dari CSR",
        "category": ProgramCategory.HEALTH,
        "status": ProgramStatus.CLOSED,
        "summary": "Kursi roda, tongkat, dan tensimeter untuk lansia dan penyandang disabilitas, "
        "dari program CSR PT Sinar Sehat Nusantara.",
        "eligibility": bullets(
            "Lansia atau penyandang disabilitas dari keluarga kurang mampu",
            "Direkomendasikan oleh kader posyandu lansia atau puskesmas",
        ),
        "benefits": rich("Satu alat kesehatan sesuai kebutuhan, diantar ke rumah."),
        "application_steps": steps(
            ("Pengajuan melalui kader posyandu lansia", ""),
            ("Pemeriksaan oleh puskesmas", ""),
        ),
        "required_documents": documents(KTP, KK, SKTM, "Surat keterangan dokter / puskesmas"),
        "areas": ["pondok-labu"],
        "partners": [
            "PT Sinar Sehat Nusantara",
            "Puskesmas Kecamatan Cilandak (Dinas Kesehatan)",
        ],
        "tags": ["CSR", "lansia", "disabilitas"],
        "body": [],
    },
    {
        "slug": "posyandu-balita",
        "title": "Posyandu Balita",
        "category": ProgramCategory.HEALTH,
        "status": ProgramStatus.OPEN,
        "summary": "Penimbangan, pengukuran tinggi badan, imunisasi, vitamin A, dan makanan "
        "tambahan untuk balita setiap bulan di setiap RW.",
        "eligibility": bullets("Bayi dan balita usia 0–59 bulan", "Ibu hamil"),
        "benefits": bullets(
            "Pemantauan tumbuh kembang dan pencegahan stunting",
            "Imunisasi dasar dan vitamin A (Februari dan Agustus)",
            "Pemberian makanan tambahan (PMT)",
        ),
        "application_steps": steps(
            ("Datang ke posyandu RW sesuai jadwal", "Tanpa pendaftaran."),
        ),
        "required_documents": documents("Buku KIA"),
        "areas": [f"pondok-labu-rw-{n:02d}" for n in range(1, 7)],
        "partners": [
            "Puskesmas Kecamatan Cilandak (Dinas Kesehatan)",
            "TP PKK Kelurahan Pondok Labu",
        ],
        "tags": ["posyandu", "balita", "stunting"],
        "body": [],
    },
    {
        "slug": "bantuan-pendidikan-pelajar",
        "title": "Bantuan Biaya Pendidikan Pelajar (setara KJP Plus)",
        "category": ProgramCategory.EDUCATION,
        "status": ProgramStatus.UPCOMING,
        "summary": "Bantuan biaya personal pendidikan bagi pelajar SD sampai SMA/SMK dari "
        "keluarga kurang mampu. Pendaftaran tahap berikutnya dibuka Januari.",
        "eligibility": bullets(
            "Pelajar usia 6–21 tahun berdomisili di DKI Jakarta",
            "Terdaftar dalam DTKS",
            "Bersekolah di sekolah negeri atau swasta di Jakarta",
        ),
        "benefits": rich(
            "Dana bulanan untuk seragam, sepatu, buku, dan transportasi sesuai jenjang."
        ),
        "application_steps": steps(
            ("Daftar melalui sekolah", "Sekolah mengusulkan pelajar yang memenuhi syarat."),
            ("Verifikasi data DTKS", "Petugas kelurahan memeriksa data keluarga."),
        ),
        "required_documents": documents(KTP + " orang tua", KK, "Kartu pelajar", SKTM),
        "areas": ["jakarta-selatan"],
        "partners": ["Dinas Pendidikan Provinsi DKI Jakarta"],
        "tags": ["pendidikan", "KJP", "beasiswa"],
        "body": [],
    },
    {
        "slug": "pelatihan-barista-tata-boga",
        "title": "Pelatihan Barista dan Tata Boga untuk Pemuda",
        "category": ProgramCategory.SKILLS_TRAINING,
        "status": ProgramStatus.OPEN,
        "summary": "Dua minggu belajar meracik kopi dan mengolah makanan siap jual, dilanjutkan "
        "magang di kedai mitra.",
        "eligibility": bullets("Pemuda usia 17–30 tahun yang belum bekerja", "Lulus SMP/sederajat"),
        "benefits": bullets(
            "Pelatihan gratis dan uang transport", "Sertifikat", "Kesempatan magang"
        ),
        "application_steps": steps(
            ("Daftar di situs ini", "Kuota 16 peserta."),
            ("Tes minat singkat", "Wawancara ringan bersama mentor."),
        ),
        "required_documents": documents(KTP, "Ijazah terakhir (fotokopi)"),
        "areas": ["jakarta-selatan"],
        "partners": ["Kopi Kampung Nusantara", "Karang Taruna Pondok Labu"],
        "tags": ["barista", "tata boga", "pemuda"],
        "body": [],
    },
    {
        "slug": "lansia-sehat",
        "title": "Lansia Sehat dan Aktif",
        "category": ProgramCategory.HEALTH,
        "status": ProgramStatus.OPEN,
        "summary": "Senam lansia setiap Minggu pagi dan pemeriksaan tekanan darah, gula darah, "
        "dan kolesterol gratis setiap bulan.",
        "eligibility": bullets("Warga usia 60 tahun ke atas"),
        "benefits": bullets("Pemeriksaan kesehatan gratis", "Senam bersama instruktur"),
        "application_steps": steps(("Datang ke posyandu lansia RW", "Tanpa pendaftaran.")),
        "required_documents": documents(KTP, "Kartu BPJS Kesehatan (jika ada)"),
        "areas": ["pondok-labu"],
        "partners": ["Puskesmas Kecamatan Cilandak (Dinas Kesehatan)"],
        "tags": ["lansia", "senam", "cek kesehatan"],
        "body": [],
    },
    {
        "slug": "bantuan-sembako-lansia",
        "title": "Bantuan Sembako untuk Lansia Sebatang Kara",
        "category": ProgramCategory.SOCIAL_PROTECTION,
        "status": ProgramStatus.CLOSED,
        "summary": "Paket beras, minyak, telur, dan susu setiap bulan untuk lansia yang "
        "tinggal sendiri. Penerimaan tahun ini sudah ditutup.",
        "eligibility": bullets("Lansia 65 tahun ke atas yang tinggal sendiri"),
        "benefits": rich("Satu paket sembako setiap bulan, diantar oleh kader."),
        "application_steps": steps(("Diusulkan oleh RT/RW", "")),
        "required_documents": documents(KTP, PENGANTAR),
        "areas": ["kecamatan-kebon-jeruk"],
        "partners": ["Dinas Sosial Provinsi DKI Jakarta"],
        "tags": ["lansia", "sembako"],
        "body": [],
    },
    {
        "slug": "pemasaran-digital-umkm-palmerah",
        "title": "Kelas Pemasaran Digital UMKM Palmerah",
        "category": ProgramCategory.ECONOMY,
        "status": ProgramStatus.OPEN,
        "summary": "Belajar membuat katalog WhatsApp, foto produk dengan ponsel, dan berjualan "
        "di lokapasar untuk pelaku UMKM Palmerah.",
        "eligibility": bullets("Pelaku UMKM berdomisili di Kelurahan Palmerah"),
        "benefits": bullets("Empat sesi pelatihan", "Pendampingan satu bulan"),
        "application_steps": steps(("Daftar di kantor Kelurahan Palmerah", "")),
        "required_documents": documents(KTP),
        "areas": ["kelurahan-palmerah"],
        "partners": ["PT Sinar Sehat Nusantara"],
        "tags": ["UMKM", "digital"],
        "body": [],
    },
]

ARTICLES = [
    {
        "slug": "pendaftaran-blt-tahap-dua",
        "title": "Pendaftaran BLT Kelurahan Tahap II Dibuka",
        "kind": ArticlePage.Kind.ANNOUNCEMENT,
        "days_ago": 1,
        "summary": "Warga yang memenuhi syarat dapat mendaftar di PTSP Kelurahan Pondok Labu "
        "mulai Senin. Pendaftaran tidak dipungut biaya.",
        "body": [
            paragraph(
                "Kelurahan Pondok Labu membuka pendaftaran Bantuan Langsung Tunai (BLT) "
                "tahap II. Pendaftaran dilayani pada jam kerja di PTSP kelurahan.",
                "Siapkan KTP, Kartu Keluarga, SKTM, dan surat pengantar RT/RW.",
            ),
        ],
    },
    "posyandu_schedule",  # built from today's date: see posyandu_schedule()
    {
        "slug": "gizi-seimbang-anak",
        "title": "Gizi Seimbang untuk Anak: Kenali \u201cIsi Piringku\u201d",
        "kind": ArticlePage.Kind.EDUCATION,
        "days_ago": 6,
        "summary": "Setengah piring sayur dan buah, setengahnya lagi makanan pokok dan lauk "
        "berprotein. Panduan sederhana mencegah stunting.",
        "body": [
            paragraph(
                "Anak membutuhkan gizi seimbang setiap hari untuk tumbuh sehat dan cerdas.",
                "Isi piring anak dengan sepertiga makanan pokok, sepertiga sayur, dan sisanya "
                "buah serta lauk berprotein seperti telur, ikan, tahu, dan tempe.",
            ),
            faq(
                (
                    "Berapa kali anak perlu makan sehari?",
                    "Tiga kali makan utama dan dua kali selingan sehat.",
                ),
                (
                    "Di mana saya bisa memantau tumbuh kembang anak?",
                    "Di posyandu RW setiap bulan, gratis.",
                ),
            ),
        ],
    },
    {
        "slug": "literasi-keuangan-lima-langkah",
        "title": "Lima Langkah Mengatur Uang Belanja Keluarga",
        "kind": ArticlePage.Kind.EDUCATION,
        "days_ago": 9,
        "summary": "Catat pemasukan, pisahkan kebutuhan dan keinginan, sisihkan tabungan di awal, "
        "hindari pinjaman online ilegal, dan siapkan dana darurat.",
        "body": [
            {
                "type": "steps",
                "value": {
                    "title": "Lima langkah",
                    "steps": [
                        {"title": "Catat semua pemasukan", "description": ""},
                        {"title": "Pisahkan kebutuhan dan keinginan", "description": ""},
                        {"title": "Menabung di awal bulan", "description": "Minimal 10%."},
                        {
                            "title": "Waspadai pinjol ilegal",
                            "description": "Cek izin di situs OJK sebelum meminjam.",
                        },
                        {"title": "Siapkan dana darurat", "description": ""},
                    ],
                },
            },
        ],
    },
    {
        "slug": "pelatihan-menjahit-angkatan-pertama",
        "title": "Dua Puluh Ibu Rumah Tangga Ikuti Pelatihan Menjahit Angkatan Pertama",
        "kind": ArticlePage.Kind.NEWS,
        "days_ago": 12,
        "summary": "Peserta dari RW 03 dan RW 04 belajar membuat pola dan menjahit tas kain "
        "bersama TP PKK Kelurahan Pondok Labu.",
        "body": [
            paragraph(
                "Pelatihan menjahit angkatan pertama resmi dibuka oleh Lurah Pondok Labu di "
                "Balai Warga RW 03. Sebanyak dua puluh peserta mengikuti enam pertemuan.",
            ),
        ],
    },
    {
        "slug": "cek-kesehatan-lansia",
        "title": "Ratusan Lansia Ikuti Senam dan Cek Kesehatan Gratis",
        "kind": ArticlePage.Kind.NEWS,
        "days_ago": 20,
        "summary": "Puskesmas Kecamatan Cilandak memeriksa tekanan darah dan gula darah warga "
        "lansia usai senam bersama di lapangan kelurahan.",
        "body": [
            paragraph(
                "Kegiatan Lansia Sehat dan Aktif digelar setiap Minggu pagi. Warga lansia "
                "dapat langsung datang tanpa mendaftar.",
            ),
        ],
    },
]


MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
POSYANDU_PLACES = [
    "Pos RW 01",
    "Musala Al-Ikhlas",
    "Balai Warga RW 03",
    "Pos RW 04",
    "Pos RW 05",
    "Pos RW 06",
]


def posyandu_schedule(today):
    """Next month's posyandu days (first and second Tuesday-Thursday), with real weekdays."""
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    tuesday = first + timedelta(days=(1 - first.weekday()) % 7)
    days = [tuesday + timedelta(days=d) for d in (0, 1, 2, 7, 8, 9)]
    month = MONTHS[first.month - 1]
    lines = [
        f"RW {n:02d} – {DAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year}, "
        f"pukul 09.00, {place}"
        for n, (day, place) in enumerate(zip(days, POSYANDU_PLACES, strict=True), start=1)
    ]
    return {
        "slug": "jadwal-posyandu-balita",
        "title": f"Jadwal Posyandu Balita Bulan {month} {first.year}",
        "kind": ArticlePage.Kind.ANNOUNCEMENT,
        "days_ago": 3,
        "summary": "Jadwal posyandu balita di RW 01 sampai RW 06. Jangan lupa membawa buku KIA.",
        "body": [
            heading("Jadwal per RW"),
            {"type": "paragraph", "value": bullets(*lines)},
            paragraph(
                "Layanan: penimbangan, pengukuran tinggi badan, imunisasi, dan makanan "
                "tambahan. Gratis."
            ),
        ],
    }


# --- Pictures ------------------------------------------------------------------------------


def make_picture(title, palette, shape, size=(1200, 675)):
    """A small, pleasant JPEG: a coloured background, a simple shape and the title."""
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    bg, accent = palette
    width, height = size
    canvas = PILImage.new("RGB", size, bg)
    draw = ImageDraw.Draw(canvas)
    # A soft band and a shape on the right.
    draw.rectangle([0, height - 150, width, height], fill=tuple(max(c - 25, 0) for c in bg))
    cx, cy, r = width - 250, 230, 130
    if shape == "circle":
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=accent)
    elif shape == "cross":
        draw.rectangle([cx - 40, cy - r, cx + 40, cy + r], fill=accent)
        draw.rectangle([cx - r, cy - 40, cx + r, cy + 40], fill=accent)
    elif shape == "book":
        draw.rectangle([cx - r, cy - 90, cx - 6, cy + 90], fill=accent)
        draw.rectangle([cx + 6, cy - 90, cx + r, cy + 90], fill=accent)
    elif shape == "bars":
        for i, h in enumerate((80, 140, 210)):
            x = cx - r + i * 95
            draw.rectangle([x, cy + 100 - h, x + 70, cy + 100], fill=accent)
    elif shape == "diamond":
        draw.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill=accent)
    else:  # house
        draw.polygon([(cx - r, cy), (cx, cy - r), (cx + r, cy)], fill=accent)
        draw.rectangle([cx - 95, cy, cx + 95, cy + 120], fill=accent)
    font = ImageFont.load_default(size=54)
    small = ImageFont.load_default(size=30)
    # Wrap the title into lines that fit the left part of the picture.
    lines, line = [], ""
    for word in title.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) > width - 520 and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    y = 90
    for text in lines[:4]:
        draw.text((70, y), text, font=font, fill=(255, 255, 255))
        y += 70
    draw.text((70, height - 100), "Kelurahan Pondok Labu", font=small, fill=(255, 255, 255))
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer


def demo_image(title, alt, palette_key):
    """Find the demo picture by title, or draw it once."""
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        buffer = make_picture(title, PALETTE[palette_key], SHAPES[palette_key])
        slug = "".join(c if c.isalnum() else "-" for c in title.lower())[:60].strip("-")
        image = Image(title=title, description=alt)
        image.file = ImageFile(buffer, name=f"demo-{slug}.jpg")
        image._set_image_file_metadata()
        image.save()
        # Draw the card renditions now so the first page view is quick.
        image.get_renditions(*CARD_RENDITION_SPECS)
    return image


# --- Pages ---------------------------------------------------------------------------------


def child_page(parent, model, slug, **fields):
    """The page `slug` under `parent`: created and published once, then left alone."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    tags = fields.pop("tags", None)
    m2m = {name: fields.pop(name) for name in ("areas", "partners") if name in fields}
    if fields.get("summary") and "search_description" not in fields:
        fields["search_description"] = fields["summary"]
    page = model(slug=slug, **fields)
    for name, values in m2m.items():
        setattr(page, name, values)
    if tags:
        page.tags.add(*tags)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def demo_home(command, part):
    """The default site's HomePage, or None (and a line saying this part is skipped)."""
    site = Site.objects.filter(is_default_site=True).first()
    home = site.root_page.specific if site else None
    if not isinstance(home, HomePage):
        command.stdout.write(f"Halaman beranda bukan HomePage; demo {part} dilewati.")
        return None
    return home


def seed_office(site):
    office = OfficeSettings.for_site(site)
    changed = [name for name, value in OFFICE.items() if getattr(office, name) != value]
    if changed:
        for name in changed:
            setattr(office, name, OFFICE[name])
        office.save()


def seed_areas():
    by_slug = {a.slug: a for a in Area.objects.filter(slug__in=[s for s, *_ in AREAS])}
    for slug, name, level, parent_slug in AREAS:
        parent = by_slug.get(parent_slug) if parent_slug else None
        area = by_slug.get(slug)
        if area is None:
            area = Area.objects.create(slug=slug, name=name, level=level, parent=parent)
        elif (area.name, area.level, area.parent_id) != (name, level, parent and parent.pk):
            area.name, area.level, area.parent = name, level, parent
            area.save()
        by_slug[slug] = area
    return by_slug


def seed_partners():
    partners = {}
    for name, kind, website, description in PARTNERS:
        partner, _ = Partner.objects.update_or_create(
            name=name, defaults={"kind": kind, "website": website, "description": description}
        )
        partners[name] = partner
    return partners


def seed_users(command):
    User = get_user_model()
    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if admin is None:
        admin = User.objects.create_superuser(
            email=ADMIN_EMAIL, password=ADMIN_PASSWORD, display_name="Admin Kelurahan"
        )
    elif not admin.check_password(ADMIN_PASSWORD) or not admin.is_superuser:
        admin.set_password(ADMIN_PASSWORD)
        admin.is_superuser = admin.is_staff = admin.is_active = True
        admin.save()
    for email, display_name, group_name in STAFF_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=ADMIN_PASSWORD, display_name=display_name
            )
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            user.groups.add(group)
    return admin


def seed(command):
    home = demo_home(command, "halaman")
    if home is None:
        return

    seed_office(Site.objects.get(is_default_site=True))
    areas = seed_areas()
    partners = seed_partners()
    admin = seed_users(command)

    # Home page: replace the placeholder the first migration made.
    if home.title == "Beranda" and not home.intro:
        home.title = "Selamat datang di Balai Warga Pondok Labu"
        home.intro = (
            "Informasi program bantuan sosial, kesehatan, pendidikan, dan pelatihan "
            "keterampilan dari Kelurahan Pondok Labu dan mitranya, dalam satu tempat. "
            "Cari program yang cocok untuk keluarga Anda, lalu daftar langsung."
        )
        home.hero_image = demo_image(
            "Balai Warga Pondok Labu",
            "Ilustrasi hijau bertuliskan Balai Warga Pondok Labu",
            ProgramCategory.CASH_ASSISTANCE,
        )
        home.save_revision(user=admin).publish()

    # Index pages first, so the menu reads: Program, Berita & Pengumuman, Tentang Kami.
    program_index, _ = child_page(
        home,
        ProgramIndexPage,
        "program",
        title="Program",
        show_in_menus=True,
        intro="Bantuan sosial, layanan kesehatan, pendidikan, dan pelatihan untuk warga. "
        "Saring menurut kategori, wilayah, atau status pendaftaran.",
    )
    article_index, _ = child_page(
        home,
        ArticleIndexPage,
        "berita",
        title="Berita & Pengumuman",
        show_in_menus=True,
        intro="Kabar terbaru, pengumuman jadwal layanan, dan bacaan bermanfaat untuk keluarga.",
    )
    about, _ = child_page(
        home,
        StandardPage,
        "tentang-kami",
        title="Tentang Kami",
        show_in_menus=True,
        intro="Balai Warga adalah layanan informasi Kelurahan Pondok Labu untuk warga: "
        "program, kegiatan, dan kelompok warga dalam satu tempat.",
        body=[
            heading("Layanan kami"),
            paragraph(
                "Pelayanan Terpadu Satu Pintu (PTSP) Kelurahan Pondok Labu melayani "
                "administrasi kependudukan, surat pengantar, dan pendaftaran program bantuan.",
                "Semua layanan tidak dipungut biaya.",
            ),
            heading("Jam layanan"),
            paragraph(OFFICE["opening_hours"], OFFICE["address"]),
            faq(
                (
                    "Bagaimana cara mengetahui program yang cocok untuk saya?",
                    "Buka halaman Program, lalu saring menurut kategori dan wilayah tempat "
                    "tinggal Anda.",
                ),
                (
                    "Saya tidak punya ponsel pintar. Bagaimana mendaftar?",
                    "Datang ke PTSP kelurahan atau minta bantuan pengurus RT/RW.",
                ),
            ),
        ],
    )

    for data in PROGRAMS:
        if program_index.get_children().filter(slug=data["slug"]).exists():
            continue
        data = dict(data)
        image = demo_image(data["title"], f"Ilustrasi program {data['title']}", data["category"])
        body = data.pop("body")
        data["areas"] = [areas[s] for s in data["areas"]]
        data["partners"] = [partners[n] for n in data["partners"]]
        if body == "image":
            body = [
                paragraph(
                    "Kelas berlangsung di Balai Warga RW 03. Mesin jahit disediakan oleh "
                    "TP PKK; peserta cukup membawa alat tulis."
                ),
                {
                    "type": "image",
                    "value": {
                        "image": image.pk,
                        "caption": "Suasana kelas menjahit di Balai Warga RW 03",
                        "attribution": "Dokumentasi TP PKK",
                    },
                },
                {
                    "type": "call_to_action",
                    "value": {
                        "title": "Ada pertanyaan?",
                        "text": "Hubungi PTSP kelurahan pada jam layanan.",
                        "button_label": "Lihat kontak kelurahan",
                        "page": about.pk,
                        "url": "",
                    },
                },
            ]
        child_page(
            program_index,
            ProgramPage,
            data.pop("slug"),
            **data,
            **CONTACT,
            body=body,
            hero_image=image,
        )

    today = timezone.localdate()
    for data in ARTICLES:
        if data == "posyandu_schedule":
            data = posyandu_schedule(today)
        if article_index.get_children().filter(slug=data["slug"]).exists():
            continue
        data = dict(data)
        image = demo_image(data["title"], f"Ilustrasi: {data['title']}", "news")
        child_page(
            article_index,
            ArticlePage,
            data.pop("slug"),
            date=today - timedelta(days=data.pop("days_ago")),
            hero_image=image,
            **data,
        )

    command.stdout.write(
        f"Konten: {ProgramPage.objects.live().count()} program, "
        f"{ArticlePage.objects.live().count()} artikel, {Area.objects.count()} wilayah, "
        f"{Partner.objects.count()} mitra."
    )
    for email, _, group_name in STAFF_USERS:
        command.stdout.write(f"Akun {group_name}: email {email}  sandi {ADMIN_PASSWORD}")


def admin_login_line():
    """Printed by seed_demo at the very end, after every app's part."""
    return f"Login admin: http://127.0.0.1:8000/admin/  email {ADMIN_EMAIL}  sandi {ADMIN_PASSWORD}"
