"""Demo synonyms (what residents type) and a fresh database search index."""

from io import StringIO

from django.core.management import call_command

from search.models import Synonym, split_terms

SYNONYMS = [
    ("BLT, bantuan langsung tunai", "Bantuan tunai dari Dana Desa/Kelurahan"),
    ("bansos, bantuan sosial", ""),
    ("UMKM, usaha mikro kecil menengah, usaha kecil", ""),
    ("posyandu, pos pelayanan terpadu", ""),
    ("sembako, bahan pokok, sembilan bahan pokok", ""),
    ("PKH, program keluarga harapan", "Bantuan bersyarat Kementerian Sosial"),
    ("KIS, kartu indonesia sehat, BPJS PBI", "Jaminan kesehatan yang iurannya dibayar pemerintah"),
    ("KIP, kartu indonesia pintar, KJP, beasiswa", ""),
    ("imunisasi, vaksin, vaksinasi", ""),
    ("balita, bayi, anak kecil", ""),
    ("lansia, lanjut usia, manula", ""),
    ("pelatihan, kursus, kelas, pembinaan", ""),
    ("disabilitas, difabel, penyandang disabilitas", ""),
    ("pinjol, pinjaman online", ""),
]


def seed(command):
    for terms, note in SYNONYMS:
        key = split_terms(terms)[0]
        existing = next(
            (s for s in Synonym.objects.all() if s.term_list() and s.term_list()[0] == key), None
        )
        if existing is None:
            existing = Synonym(terms=terms)
        existing.terms = ", ".join(split_terms(terms))
        existing.note = note
        existing.save()
    # Wagtail indexes pages through background tasks; the demo should be searchable at
    # once, without a worker, so the database index is rebuilt here.
    call_command("update_index", stdout=StringIO(), stderr=StringIO())
    command.stdout.write(
        f"Pencarian: {len(SYNONYMS)} kelompok sinonim, indeks basis data diperbarui."
    )
