"""A certificate as one A4 page (landscape), in Indonesian, with fpdf2 (pure Python).

It prints what the certificate holds (name, course, dates, office, leader), the
certificate id, and a QR code that opens the public verification page. The core
Helvetica font covers Latin-1, which is enough for Indonesian; any other letter in a
name is printed without its accent (never dropped silently: "?" as a last resort).
"""

import unicodedata

import qrcode
from django.conf import settings
from fpdf import FPDF

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def tanggal(day):
    """A date the Indonesian way: 7 Juni 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_range(first, last):
    if first == last:
        return tanggal(first)
    return f"{tanggal(first)} s.d. {tanggal(last)}"


def latin1(text):
    text = str(text or "")
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        pass
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return plain.encode("latin-1", "replace").decode("latin-1")


def verification_url(certificate):
    return settings.SITE_BASE_URL.rstrip("/") + certificate.get_absolute_url()


def render(certificate):
    """The PDF's bytes."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(latin1(f"Sertifikat {certificate.course}"))
    pdf.set_author(latin1(certificate.issuer_name))
    pdf.set_creator("Balai")
    pdf.set_lang("id")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    width, height = pdf.w, pdf.h  # 297 x 210

    # A double frame.
    pdf.set_draw_color(0, 94, 84)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, width - 20, height - 20)
    pdf.set_line_width(0.4)
    pdf.rect(14, 14, width - 28, height - 28)

    pdf.set_text_color(0, 94, 84)
    pdf.set_font("Helvetica", "B", 14)
    pdf.set_xy(20, 24)
    pdf.cell(width - 40, 8, latin1(certificate.issuer_name).upper(), align="C")

    pdf.set_font("Helvetica", "B", 34)
    pdf.set_xy(20, 40)
    pdf.cell(width - 40, 16, "SERTIFIKAT", align="C")
    pdf.set_text_color(40, 40, 40)
    pdf.set_font("Helvetica", "", 13)
    pdf.set_xy(20, 58)
    pdf.cell(width - 40, 8, "Diberikan kepada", align="C")

    pdf.set_font("Helvetica", "B", 26)
    pdf.set_xy(20, 70)
    pdf.cell(width - 40, 14, latin1(certificate.name), align="C")

    pdf.set_font("Helvetica", "", 13)
    pdf.set_xy(30, 90)
    pdf.multi_cell(
        width - 60,
        7,
        latin1(
            "atas keberhasilannya menyelesaikan kegiatan\n"
            f"{certificate.course}\n"
            f"pada {date_range(certificate.first_date, certificate.last_date)}, "
            f"dengan kehadiran {certificate.sessions_attended} dari "
            f"{certificate.sessions_total} sesi."
        ),
        align="C",
    )

    # Signature block (left) and QR code (right).
    pdf.set_font("Helvetica", "", 11)
    pdf.set_xy(30, 138)
    pdf.cell(110, 6, latin1(f"Diterbitkan {tanggal(certificate.issued_at.date())}"), align="C")
    pdf.set_xy(30, 144)
    pdf.cell(110, 6, latin1(certificate.issuer_name), align="C")
    pdf.set_draw_color(80, 80, 80)
    pdf.set_line_width(0.3)
    pdf.line(45, 170, 125, 170)
    pdf.set_font("Helvetica", "B", 11)
    pdf.set_xy(30, 171)
    pdf.cell(110, 6, latin1(certificate.leader_name or certificate.issuer_name), align="C")
    pdf.set_font("Helvetica", "", 9)
    pdf.set_xy(30, 177)
    pdf.cell(110, 5, "Ketua kelompok penyelenggara" if certificate.leader_name else "", align="C")

    url = verification_url(certificate)
    image = qrcode.make(url, box_size=8, border=1).get_image()
    pdf.image(image, x=width - 80, y=128, w=42, h=42)
    pdf.set_font("Helvetica", "", 8)
    pdf.set_xy(width - 100, 171)
    pdf.cell(82, 4, "Pindai untuk memeriksa keaslian:", align="C")
    pdf.set_xy(width - 110, 175)
    pdf.cell(102, 4, latin1(url), align="C")
    pdf.set_xy(width - 100, 179)
    pdf.cell(82, 4, latin1(f"ID sertifikat: {certificate.code}"), align="C")
    return bytes(pdf.output())
