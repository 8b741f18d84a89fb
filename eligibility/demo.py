"""Demo eligibility rules for the demo programs (runs after pages, community, events).

Idempotent: each program's rules are rebuilt from RULES on every run (staff edits to
the demo rules are replaced, as the demo content is). The PBI health insurance program
is not among pages' demo programs, so it is added here.

The legal bases are the national regulations these programs rest on; where a criterion
comes from the kelurahan's own terms for a local program, it says so.
"""

from django.db import transaction

from eligibility.models import Criterion, Operator, ProgramRules
from eligibility.rules import contradictions
from pages.demo import CONTACT, child_page, demo_image, documents, rich, steps
from pages.models import Area, Partner, ProgramIndexPage, ProgramPage
from pages.models.pages import ProgramCategory, ProgramStatus

PKH = "Peraturan Menteri Sosial Nomor 1 Tahun 2018 tentang Program Keluarga Harapan"
DTKS = (
    "Peraturan Menteri Sosial Nomor 3 Tahun 2021 tentang Pengelolaan Data Terpadu "
    "Kesejahteraan Sosial"
)
PBI = "Peraturan Pemerintah Nomor 101 Tahun 2012 tentang Penerima Bantuan Iuran Jaminan Kesehatan"
BPNT = "Peraturan Menteri Sosial Nomor 20 Tahun 2019 tentang Penyaluran Bantuan Pangan Non Tunai"
LANSIA = "Undang-Undang Nomor 13 Tahun 1998 tentang Kesejahteraan Lanjut Usia"
PELATIHAN = "Peraturan Pemerintah Nomor 31 Tahun 2006 tentang Sistem Pelatihan Kerja Nasional"
POSYANDU = (
    "Peraturan Menteri Dalam Negeri Nomor 19 Tahun 2011 tentang Pedoman Pengintegrasian "
    "Layanan Sosial Dasar di Pos Pelayanan Terpadu"
)
LOCAL_BLT = "Ketentuan BLT Kelurahan Pondok Labu (pengumuman lurah, tahap 2026)"
LOCAL_TRAINING = "Ketentuan peserta pelatihan (kerja sama Karang Taruna Pondok Labu)"
LOCAL_SEMBAKO = "Ketentuan program sembako lansia Kecamatan Kebon Jeruk"

PBI_PROGRAM = {
    "slug": "pbi-jaminan-kesehatan",
    "title": "Penerima Bantuan Iuran (PBI) Jaminan Kesehatan",
    "category": ProgramCategory.HEALTH,
    "status": ProgramStatus.OPEN,
    "summary": "Iuran BPJS Kesehatan dibayar pemerintah bagi warga miskin dan tidak mampu "
    "yang terdaftar dalam DTKS, sehingga berobat di puskesmas dan rumah sakit tanpa biaya.",
    "eligibility": rich(
        "Warga terdaftar dalam Data Terpadu Kesejahteraan Sosial (DTKS) yang belum memiliki "
        "Kartu Indonesia Sehat (KIS) PBI."
    ),
    "benefits": rich("Iuran BPJS Kesehatan kelas III dibayar penuh oleh pemerintah."),
    "application_steps": steps(
        ("Minta surat pengantar RT/RW", "Sampaikan bahwa keluarga Anda belum memiliki KIS."),
        (
            "Datang ke PTSP kelurahan",
            "Petugas memeriksa data DTKS dan mengusulkan Anda ke Dinas Sosial.",
        ),
        ("Tunggu penetapan", "Kartu KIS dikirim melalui kelurahan setelah ditetapkan."),
    ),
    "tags": ["BPJS Kesehatan", "PBI", "KIS"],
    "required_documents": documents(
        "KTP elektronik (asli dan fotokopi)",
        "Kartu Keluarga (asli dan fotokopi)",
        "Surat Keterangan Tidak Mampu (SKTM) dari kelurahan",
    ),
}

# program slug -> (note, [(fact, operator, value, group, basis)])
RULES = {
    "blt-kelurahan": (
        "Keputusan akhir diambil setelah verifikasi lapangan oleh petugas kelurahan.",
        [
            ("area", Operator.INSIDE, "pondok-labu", "", LOCAL_BLT),
            ("income_per_member", Operator.AT_MOST, 1_000_000, "", LOCAL_BLT),
            ("employment", Operator.IS_NOT, "working", "", LOCAL_BLT),
        ],
    ),
    "program-keluarga-harapan": (
        "Penetapan penerima PKH dilakukan Kementerian Sosial dari data DTKS.",
        [
            ("dtks", Operator.YES, None, "", PKH),
            ("pregnant_or_under_five", Operator.YES, None, "A", PKH),
            ("disability", Operator.YES, None, "A", PKH),
            ("age", Operator.AT_LEAST, 70, "A", PKH),
        ],
    ),
    "bantuan-sembako-lansia": (
        "",
        [
            ("age", Operator.AT_LEAST, 65, "", LANSIA),
            ("household_size", Operator.AT_MOST, 1, "", LOCAL_SEMBAKO),
            ("area", Operator.INSIDE, "kecamatan-kebon-jeruk", "", LOCAL_SEMBAKO),
            ("income_per_member", Operator.AT_MOST, 1_500_000, "", BPNT),
        ],
    ),
    "pbi-jaminan-kesehatan": (
        "",
        [
            ("dtks", Operator.YES, None, "", DTKS),
            ("kis_pbi", Operator.NO, None, "", PBI),
        ],
    ),
    "pelatihan-barista-tata-boga": (
        "Kuota 16 peserta; pendaftar mengikuti tes minat singkat.",
        [
            ("age", Operator.AT_LEAST, 17, "", LOCAL_TRAINING),
            ("age", Operator.AT_MOST, 30, "", LOCAL_TRAINING),
            ("employment", Operator.IS, "jobseeker", "", PELATIHAN),
        ],
    ),
    "posyandu-balita": (
        "Posyandu terbuka tanpa pendaftaran; cukup datang sesuai jadwal RW.",
        [
            ("pregnant_or_under_five", Operator.YES, None, "", POSYANDU),
            ("area", Operator.INSIDE, "pondok-labu", "", POSYANDU),
        ],
    ),
}


def criterion_for(fact, operator, value, group, basis, areas):
    kwargs = {"fact": fact, "operator": operator, "group": group, "legal_basis_title": basis}
    if operator in (Operator.AT_LEAST, Operator.AT_MOST):
        kwargs["number"] = value
    elif operator in (Operator.IS, Operator.IS_NOT):
        kwargs["choice"] = value
    elif operator == Operator.INSIDE:
        kwargs["area"] = areas[value]
    return Criterion(**kwargs)


@transaction.atomic
def set_rules(program, note, specs, areas=None):
    """Replace `program`'s rules with `specs` (used by the demo and the tests)."""
    if areas is None:
        slugs = [value for _f, op, value, *_ in specs if op == Operator.INSIDE]
        areas = {a.slug: a for a in Area.objects.filter(slug__in=slugs)}
    criteria = [criterion_for(*spec, areas) for spec in specs]
    problems = contradictions(criteria)
    if problems:
        raise ValueError("; ".join(str(p) for p in problems))
    rules, _created = ProgramRules.objects.get_or_create(program=program)
    rules.note = note
    rules.active = True
    rules.save()
    rules.criteria.all().delete()
    for order, criterion in enumerate(criteria):
        criterion.rules = rules
        criterion.sort_order = order
        criterion.full_clean(exclude=["rules"])
        criterion.save()
    return rules


def seed(command):
    index = ProgramIndexPage.objects.first()
    if index is None:
        return
    if not index.get_children().filter(slug=PBI_PROGRAM["slug"]).exists():
        data = dict(PBI_PROGRAM)
        image = demo_image(data["title"], f"Ilustrasi program {data['title']}", data["category"])
        child_page(
            index,
            ProgramPage,
            data.pop("slug"),
            **data,
            **CONTACT,
            hero_image=image,
            areas=list(Area.objects.filter(slug="pondok-labu")),
            partners=list(Partner.objects.filter(name="Dinas Sosial Provinsi DKI Jakarta")),
        )
    areas = {a.slug: a for a in Area.objects.all()}
    programs = {p.slug: p for p in ProgramPage.objects.child_of(index).filter(slug__in=RULES)}
    for slug, (note, specs) in RULES.items():
        if slug in programs:
            set_rules(programs[slug], note, specs, areas)
    command.stdout.write(
        f"Aturan kelayakan: {len(programs)} program (Cek kelayakan: /cek-kelayakan/)"
    )
