"""Small, realistic test data for the browser tests: one kelurahan's site.

Built with the factories in tests/factories/ on top of the home page the migrations
create. Everything is in Bahasa Indonesia, as residents would see it.
"""

import io
import random
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.images import ImageFile
from django.utils import timezone

from tests.factories.events import (
    CommunityGroupPageFactory,
    EventIndexPageFactory,
    GroupIndexPageFactory,
    add_member,
    make_event,
)
from tests.factories.pages import ProgramIndexPageFactory, ProgramPageFactory


def home_page():
    from pages.models import HomePage

    return HomePage.objects.get(depth=2)


def make_photo(title, alt, size=(1600, 900), seed=1):
    """A Wagtail image from a noisy, heavy JPEG (so an unresized original would blow
    any page-weight budget)."""
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    rng = random.Random(seed)
    width, height = size
    picture = PILImage.effect_noise(size, 60).convert("RGB")
    tint = PILImage.new("RGB", size, (rng.randrange(256), 140, 90))
    picture = PILImage.blend(picture, tint, 0.5)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=92)
    buffer.seek(0)
    return Image.objects.create(
        title=title,
        description=alt,
        file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.jpg"),
    )


@dataclass
class Kelurahan:
    home: object
    programs: object
    sewing_program: object
    events: object
    sewing_course: object
    groups: object
    group: object


def build_kelurahan(with_images=False):
    """The home page, a sewing program, a six-session sewing course and a study group."""
    home = home_page()
    hero = (
        make_photo("Warga belajar menjahit", "Ibu-ibu belajar menjahit di balai RW")
        if (with_images)
        else None
    )
    if hero:
        home.hero_image = hero
        home.intro = "Program dan kegiatan untuk warga Kelurahan Sukamaju."
        home.save_revision().publish()

    programs = ProgramIndexPageFactory(parent=home, title="Program", slug="program")
    sewing_program = ProgramPageFactory(
        parent=programs,
        title="Pelatihan Menjahit untuk Usaha Rumahan",
        slug="pelatihan-menjahit",
        summary="Pelatihan keterampilan menjahit gratis bagi warga yang ingin membuka usaha.",
        hero_image=hero,
    )
    events = EventIndexPageFactory(parent=home, title="Kegiatan", slug="kegiatan")
    sewing_course = make_event(
        events,
        sessions=6,
        title="Kursus Menjahit Dasar",
        slug="kursus-menjahit-dasar",
        summary="Enam pertemuan belajar menjahit pakaian sederhana, mesin disediakan.",
        capacity=12,
        organising_program=sewing_program,
        hero_image=hero,
        enrollment_opens_at=timezone.now() - timedelta(days=7),
        enrollment_closes_at=timezone.now() + timedelta(days=2),
    )
    groups = GroupIndexPageFactory(parent=home, title="Kelompok", slug="kelompok")
    group = CommunityGroupPageFactory(
        parent=groups,
        title="Kelompok Belajar Paket C Melati",
        slug="paket-c-melati",
        summary="Belajar bersama untuk ujian kesetaraan Paket C, setiap Sabtu sore.",
        join_policy="approval",
        meeting_schedule="Setiap Sabtu 15.00-17.00 di Balai RW 03",
    )
    for page in (programs, events, groups):
        page.show_in_menus = True
        page.save()
    return Kelurahan(home, programs, sewing_program, events, sewing_course, groups, group)


def make_leader(group, user):
    from community.models import Membership

    return add_member(group, user, role=Membership.Role.LEADER)
