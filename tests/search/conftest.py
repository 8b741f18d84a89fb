"""A small kelurahan to search: areas, programs, events, groups, articles, synonyms.

The contract tests run against every engine in ENGINES: the database engine always,
Elasticsearch when ELASTICSEARCH_URL is set in the environment (the test settings
blank it, so the suite reads the environment itself).
"""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import EventPage
from pages.models import Area, ArticlePage, ProgramCategory, ProgramStatus
from search.models import Synonym
from tests.factories.events import (
    CommunityGroupPageFactory,
    EventIndexPageFactory,
    GroupIndexPageFactory,
    ResidentFactory,
    add_member,
    enroll_directly,
    make_event,
)
from tests.factories.pages import (
    AreaFactory,
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
)

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
SKIP_ES = "needs an Elasticsearch server: set ELASTICSEARCH_URL=http://..."

SYNONYMS = [
    "BLT, bantuan langsung tunai",
    "bansos, bantuan sosial",
    "UMKM, usaha mikro kecil menengah",
    "posyandu, pos pelayanan terpadu",
    "sembako, bahan pokok",
    "imunisasi, vaksin, vaksinasi",
]


@pytest.fixture
def synonyms(db):
    return [Synonym.objects.create(terms=t) for t in SYNONYMS]


@pytest.fixture
def areas(db):
    city = AreaFactory(name="Jakarta Barat", slug="jakarta-barat", level=Area.Level.CITY)
    district = AreaFactory(name="Palmerah", slug="palmerah", level=Area.Level.DISTRICT, parent=city)
    sukamaju = AreaFactory(
        name="Sukamaju", slug="sukamaju", level=Area.Level.VILLAGE, parent=district
    )
    mekarsari = AreaFactory(
        name="Mekarsari", slug="mekarsari", level=Area.Level.VILLAGE, parent=district
    )
    rw03 = AreaFactory(name="RW 03", slug="rw-03-sukamaju", level=Area.Level.RW, parent=sukamaju)
    return {
        "city": city,
        "district": district,
        "sukamaju": sukamaju,
        "mekarsari": mekarsari,
        "rw03": rw03,
    }


@pytest.fixture
def kelurahan(home_page, areas, synonyms):
    """Content for the contract tests. Returns the pages by a short name."""
    programs = ProgramIndexPageFactory(parent=home_page)
    articles = ArticleIndexPageFactory(parent=home_page)
    events = EventIndexPageFactory(parent=home_page)
    groups = GroupIndexPageFactory(parent=home_page)
    p = {}
    p["sewing"] = ProgramPageFactory(
        parent=programs,
        title="Pelatihan Menjahit untuk Ibu Rumah Tangga",
        slug="pelatihan-menjahit",
        category=ProgramCategory.SKILLS_TRAINING,
        status=ProgramStatus.OPEN,
        summary="Kursus menjahit enam minggu, mesin jahit disediakan.",
        areas=[areas["sukamaju"]],
    )
    p["blt"] = ProgramPageFactory(
        parent=programs,
        title="Bantuan Langsung Tunai Kelurahan",
        slug="bantuan-langsung-tunai",
        category=ProgramCategory.CASH_ASSISTANCE,
        status=ProgramStatus.OPEN,
        summary="Uang tunai Rp300.000 per bulan untuk keluarga miskin ekstrem.",
        areas=[areas["sukamaju"], areas["mekarsari"]],
    )
    p["old_sewing"] = ProgramPageFactory(
        parent=programs,
        title="Pelatihan Menjahit Angkatan 2024",
        slug="pelatihan-menjahit-2024",
        category=ProgramCategory.SKILLS_TRAINING,
        status=ProgramStatus.CLOSED,
        summary="Angkatan pertama sudah selesai.",
        areas=[areas["mekarsari"]],
    )
    p["immunisation"] = ProgramPageFactory(
        parent=programs,
        title="Hari Imunisasi Anak",
        slug="hari-imunisasi-anak",
        category=ProgramCategory.HEALTH,
        status=ProgramStatus.UPCOMING,
        summary="Imunisasi dasar lengkap gratis di posyandu.",
        areas=[areas["rw03"]],
    )
    p["draft"] = ProgramPageFactory(
        parent=programs,
        title="Program Rahasia Menjahit Draf",
        slug="draf-menjahit",
        summary="Belum terbit: menjahit.",
        live=False,
    )
    p["article_sewing"] = ArticlePageFactory(
        parent=articles,
        title="Dua Puluh Ibu Ikuti Kelas",
        slug="dua-puluh-ibu",
        summary="Peserta belajar menjahit pakaian anak di balai warga.",
        kind=ArticlePage.Kind.NEWS,
    )
    p["group_sewing"] = CommunityGroupPageFactory(
        parent=groups,
        title="Kelompok Usaha Konveksi Sukamaju",
        slug="kelompok-konveksi",
        summary="Ibu-ibu berbagi order konveksi dan belajar bersama.",
        area=areas["rw03"],
        related_program=p["sewing"],
        member_limit=2,
    )
    p["event_sewing"] = make_event(
        events,
        sessions=2,
        title="Kelas Menjahit Angkatan 3",
        slug="kelas-menjahit-3",
        summary="Belajar menjahit dari dasar, dua pertemuan.",
        category=ProgramCategory.SKILLS_TRAINING,
        area=areas["sukamaju"],
        capacity=2,
    )
    p["event_past"] = make_event(
        events,
        start_in=-timedelta(days=30),
        title="Kelas Menjahit Angkatan 1",
        slug="kelas-menjahit-1",
        summary="Kelas menjahit yang sudah lewat.",
        category=ProgramCategory.SKILLS_TRAINING,
        area=areas["sukamaju"],
    )
    p["event_posyandu"] = make_event(
        events,
        start_in=timedelta(days=20),
        title="Posyandu Balita Desember",
        slug="posyandu-desember",
        summary="Penimbangan dan vaksin balita.",
        category=ProgramCategory.HEALTH,
        area=areas["mekarsari"],
        capacity=None,
    )
    resident = ResidentFactory()
    add_member(p["group_sewing"], resident)
    enroll_directly(p["event_sewing"], resident)
    return p


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


__all__ = ["EventPage", "ResidentFactory", "enroll_directly", "in_days"]
