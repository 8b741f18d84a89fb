"""City-sized data for the benchmarks, in minutes: `python bench/seed_scale.py --scale 1`.

At scale 1: 500 programs, 1,000 groups, 10,000 events with 30,000 sessions, 50,000
residents, 100,000 enrollments and 100,000 memberships, spread over 200 RWs of one city.
`--scale 0.01` makes a quick, tiny set. Runs on the database in DATABASE_URL (default:
postgres .../balai_bench) with production settings; never point it at real data.

How pages are made fast: Wagtail pages are a treebeard materialised-path tree. Adding
11,500 pages one by one with `add_child()` costs a locked tree update, a revision and
several queries each. Instead the seeder computes each page's `path` (the parent's path
plus a 4-character base-36 step, exactly as treebeard does with `Page._get_path`),
`depth`, `url_path` and `numchild` itself, bulk-inserts the `wagtailcore_page` rows
(ids come back from PostgreSQL), then bulk-inserts the specific rows (EventPage...) with
`page_ptr_id` set, and finally bumps the parents' `numchild`. Pages are live, public and
published. Sessions, users, memberships and enrollments are plain `bulk_create`.
The search index (wagtailsearch's IndexEntry, database backend) is then filled with
Wagtail's own `update_index`, so what is searched is exactly what Wagtail would index.
"""

import argparse
import json
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import setup_django  # noqa: E402
from bulk import bulk_add_children  # noqa: E402

BASE = {
    "programs": 500,
    "groups": 1000,
    "events": 10000,
    "sessions_per_event": 3,
    "residents": 50000,
    "enrollments": 100000,
    "memberships": 100000,
    "articles": 200,
}

KECAMATAN = ["Sukamaju", "Mekarsari", "Cibeureum", "Sindangjaya", "Tanjungsari"]
KELURAHAN_SUFFIX = ["Kaler", "Kidul", "Wetan", "Kulon"]
RW_PER_KELURAHAN = 10

PROGRAM_TOPICS = [
    ("skills_training", "Pelatihan Menjahit"),
    ("skills_training", "Pelatihan Tata Boga"),
    ("skills_training", "Kursus Komputer Dasar"),
    ("health", "Posyandu Balita"),
    ("health", "Pemeriksaan Kesehatan Lansia"),
    ("education", "Beasiswa Pelajar Berprestasi"),
    ("education", "Bimbingan Belajar Gratis"),
    ("economy", "Modal Usaha UMKM"),
    ("economy", "Pendampingan Usaha Mikro"),
    ("cash_assistance", "Bantuan Langsung Tunai"),
    ("social_protection", "Bantuan Sembako Warga Rentan"),
]
GROUP_TOPICS = [
    ("study_group", "Kelompok Belajar Paket C"),
    ("study_group", "Kelompok Belajar Literasi Digital"),
    ("enterprise_circle", "Kelompok Usaha Keripik"),
    ("enterprise_circle", "Kelompok Usaha Batik"),
    ("enterprise_circle", "Kelompok Usaha Jahit"),
    ("other", "Karang Taruna"),
    ("other", "Kelompok Ibu PKK"),
]
EVENT_TOPICS = [
    ("training", "skills_training", "Pelatihan Menjahit"),
    ("training", "skills_training", "Pelatihan Membatik"),
    ("training", "economy", "Pelatihan Pemasaran Daring UMKM"),
    ("training", "skills_training", "Kursus Tata Rias"),
    ("health_service", "health", "Posyandu Balita"),
    ("health_service", "health", "Cek Kesehatan Gratis Lansia"),
    ("meeting", "", "Rapat Warga"),
    ("information_session", "cash_assistance", "Sosialisasi Bantuan Langsung Tunai"),
    ("information_session", "education", "Sosialisasi Beasiswa"),
    ("other", "", "Kerja Bakti"),
]
FIRST_NAMES = ["Siti", "Budi", "Dewi", "Agus", "Rina", "Asep", "Nur", "Eko", "Sri", "Yusuf"]
LAST_NAMES = ["Rahayu", "Santoso", "Lestari", "Hidayat", "Pratama", "Wulandari", "Saputra"]
VENUES = ["Balai RW {rw}", "Aula Kantor Kelurahan", "Masjid Al-Ikhlas", "Posyandu Melati {rw}"]
RESIDENT_PASSWORD = "warga-bench-2026"  # noqa: S105 - a benchmark fixture, not a secret

MARKER_TABLE = "bench_seed"


def sizes(scale):
    out = {key: max(1, round(value * scale)) for key, value in BASE.items()}
    out["sessions_per_event"] = BASE["sessions_per_event"]
    return out


def step(label):
    """Print how long each part took."""

    class _Timer:
        def __enter__(self):
            self.t0 = time.perf_counter()
            print(f"  {label}...", end="", flush=True)
            return self

        def __exit__(self, *exc):
            print(f" {time.perf_counter() - self.t0:.1f} s", flush=True)

    return _Timer()


def model_kwargs(model, **values):
    """Keep only the fields the model has today (other apps' models are still moving)."""
    names = {f.name for f in model._meta.get_fields()} | {
        f.attname for f in model._meta.concrete_fields
    }
    return {key: value for key, value in values.items() if key in names}


def marker(connection, scale=None):
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (scale text, seeded_at text, counts text)"
        )
        if scale is None:
            cursor.execute(f"SELECT scale, counts FROM {MARKER_TABLE}")
            row = cursor.fetchone()
            return (float(row[0]), json.loads(row[1])) if row else (None, None)
    return None


def write_marker(connection, scale, counts):
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s, %s)",
            [str(scale), timezone.now().isoformat(), json.dumps(counts)],
        )


# --- Pages, in bulk -------------------------------------------------------------------


def child_index(home, model, title, slug, **extra):
    """The single index page of `model` under the home page, created when missing."""
    existing = model.objects.child_of(home).first()
    if existing:
        return existing
    page = model(title=title, slug=slug, **model_kwargs(model, **extra))
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


# --- The data set ------------------------------------------------------------------------


def seed(scale, rng):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.text import slugify

    from community.models import CommunityGroupPage, GroupIndexPage, Membership
    from events.models import Enrollment, EventIndexPage, EventPage, EventSession
    from pages.models import (
        Area,
        ArticleIndexPage,
        ArticlePage,
        HomePage,
        ProgramIndexPage,
        ProgramPage,
    )

    User = get_user_model()
    n = sizes(scale)
    now = timezone.now()
    counts = {}
    home = HomePage.objects.get(depth=2)

    with step("areas"):
        city, _ = Area.objects.get_or_create(
            slug="kota-sukamaju", defaults={"name": "Kota Sukamaju", "level": 1}
        )
        rws = []
        for kec_name in KECAMATAN:
            kec, _ = Area.objects.get_or_create(
                slug=f"kec-{slugify(kec_name)}",
                defaults={"name": f"Kecamatan {kec_name}", "level": 2, "parent": city},
            )
            for suffix in KELURAHAN_SUFFIX:
                kel_name = f"{kec_name} {suffix}"
                kel, _ = Area.objects.get_or_create(
                    slug=f"kel-{slugify(kel_name)}",
                    defaults={"name": f"Kelurahan {kel_name}", "level": 3, "parent": kec},
                )
                for number in range(1, RW_PER_KELURAHAN + 1):
                    rw, _ = Area.objects.get_or_create(
                        slug=f"rw-{number:02d}-{slugify(kel_name)}",
                        defaults={"name": f"RW {number:02d}", "level": 4, "parent": kel},
                    )
                    rws.append(rw)
        counts["areas"] = Area.objects.count()

    with step("index pages"):
        program_index = child_index(
            home, ProgramIndexPage, "Program", "program", intro="Program kesejahteraan warga."
        )
        group_index = child_index(
            home, GroupIndexPage, "Kelompok", "kelompok", intro="Kelompok belajar dan usaha."
        )
        event_index = child_index(
            home, EventIndexPage, "Kegiatan", "kegiatan", intro="Jadwal kegiatan dan pelatihan."
        )
        article_index = child_index(home, ArticleIndexPage, "Berita", "berita")

    with step(f"{n['programs']} programs"):
        programs = []
        for i in range(n["programs"]):
            category, topic = PROGRAM_TOPICS[i % len(PROGRAM_TOPICS)]
            area = rws[i % len(rws)].parent
            title = f"{topic} {area.name} {i + 1}"
            programs.append(
                ProgramPage(
                    title=title,
                    slug=f"{slugify(title)}-{i + 1}",
                    **model_kwargs(
                        ProgramPage,
                        category=category,
                        status=rng.choice(["open", "open", "open", "upcoming", "closed"]),
                        summary=f"{topic} untuk warga {area.name}. Gratis dan terbuka.",
                        eligibility="<p>Warga ber-KTP kota dengan surat keterangan RT/RW.</p>",
                        benefits="<p>Pelatihan, pendampingan dan sertifikat.</p>",
                        contact_name="Kantor Kelurahan",
                        contact_phone="+6281234567890",
                    ),
                )
            )
        bulk_add_children(program_index, ProgramPage, programs)
        through = ProgramPage.areas.through
        through.objects.bulk_create(
            [
                through(programpage_id=p.pk, area_id=rws[i % len(rws)].parent_id)
                for i, p in enumerate(programs)
            ],
            batch_size=2000,
        )

    with step(f"{n['groups']} groups"):
        groups = []
        for i in range(n["groups"]):
            kind, topic = GROUP_TOPICS[i % len(GROUP_TOPICS)]
            rw = rws[i % len(rws)]
            title = f"{topic} {rw.name} {rw.parent.name.replace('Kelurahan ', '')}"
            groups.append(
                CommunityGroupPage(
                    title=title,
                    slug=f"{slugify(title)}-{i + 1}",
                    **model_kwargs(
                        CommunityGroupPage,
                        kind=kind,
                        summary=f"{topic} warga {rw.name}. Terbuka untuk warga sekitar.",
                        description="<p>Kami bertemu rutin untuk belajar dan berbagi.</p>",
                        area_id=rw.pk,
                        meeting_schedule=f"Setiap Sabtu 15.00-17.00 di Balai {rw.name}",
                        join_policy="approval" if i % 4 == 0 else "open",
                        member_limit=None if i % 5 else 150,
                        related_program_id=programs[i % len(programs)].pk,
                    ),
                )
            )
        bulk_add_children(group_index, CommunityGroupPage, groups)

    with step(f"{n['events']} events, {n['events'] * n['sessions_per_event']} sessions"):
        events, sessions = [], []
        for i in range(n["events"]):
            kind, category, topic = EVENT_TOPICS[i % len(EVENT_TOPICS)]
            rw = rws[i % len(rws)]
            group = groups[i % len(groups)] if i % 3 else None
            program = programs[i % len(programs)] if i % 3 == 0 else None
            title = f"{topic} {rw.name} {rw.parent.name.replace('Kelurahan ', '')}"
            # 90% upcoming (within four months), 10% already over.
            first = now + timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 10))
            if i % 10 == 0:
                first = now - timedelta(days=rng.randint(20, 200))
            event = EventPage(
                title=title,
                slug=f"{slugify(title)}-{i + 1}",
                **model_kwargs(
                    EventPage,
                    kind=kind,
                    category=category,
                    summary=f"{topic} bagi warga {rw.name}. Tempat terbatas, daftar sekarang.",
                    description="<p>Bawa KTP dan alat tulis. Konsumsi disediakan.</p>",
                    organising_group_id=group.pk if group else None,
                    organising_program_id=program.pk if program else None,
                    area_id=rw.pk,
                    capacity=rng.choice([None, 10, 15, 20, 25, 30, 50]),
                    audience="residents",
                    is_cancelled=i % 97 == 0,
                ),
            )
            events.append(event)
            for s in range(n["sessions_per_event"]):
                starts = first + timedelta(days=7 * s)
                sessions.append(
                    EventSession(
                        sort_order=s,
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=2),
                        venue=rng.choice(VENUES).format(rw=rw.name),
                    )
                )
        bulk_add_children(event_index, EventPage, events)
        per = n["sessions_per_event"]
        for index, session in enumerate(sessions):
            session.event_id = events[index // per].pk
        EventSession.objects.bulk_create(sessions, batch_size=5000)

    with step(f"{n['articles']} articles"):
        articles = []
        for i in range(n["articles"]):
            title = f"Kabar Kelurahan: {EVENT_TOPICS[i % len(EVENT_TOPICS)][2]} {i + 1}"
            articles.append(
                ArticlePage(
                    title=title,
                    slug=f"{slugify(title)}-{i + 1}",
                    **model_kwargs(
                        ArticlePage,
                        kind=rng.choice(["news", "announcement", "education"]),
                        date=(now - timedelta(days=i)).date(),
                        summary="Berita kegiatan warga minggu ini.",
                    ),
                )
            )
        bulk_add_children(article_index, ArticlePage, articles)

    with step(f"{n['residents']} residents"):
        password = make_password(RESIDENT_PASSWORD, hasher="pbkdf2_sha256")
        users = [
            User(
                email=f"warga{i + 1}@bench.balai.local",
                password=password,
                **model_kwargs(
                    User,
                    display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    is_active=True,
                    home_area_id=rws[i % len(rws)].pk,
                    data_consent_at=now,
                ),
            )
            for i in range(n["residents"])
        ]
        User.objects.bulk_create(users, batch_size=5000)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user_id=u.pk, email=u.email, verified=True, primary=True) for u in users],
            batch_size=5000,
        )

    with step(f"{n['memberships']} memberships"):
        per_group = max(1, n["memberships"] // len(groups))
        memberships = []
        for gi, group in enumerate(groups):
            members = rng.sample(users, min(per_group, len(users)))
            for mi, user in enumerate(members):
                memberships.append(
                    Membership(
                        group_id=group.pk,
                        user_id=user.pk,
                        role="leader" if mi == 0 else "member",
                        status="pending" if (mi % 20 == 19 and gi % 4 == 0) else "active",
                    )
                )
        Membership.objects.bulk_create(memberships, batch_size=5000)

    with step(f"{n['enrollments']} enrollments"):
        per_event = max(1, n["enrollments"] // len(events))
        enrollments, code = [], 0
        for event in events:
            people = rng.sample(users, min(rng.randint(0, 2 * per_event), len(users)))
            requested, confirmed = now - timedelta(days=10), 0
            for pi, user in enumerate(people):
                code += 1
                if pi % 15 == 14:
                    status = "cancelled"
                elif event.capacity is None or confirmed < event.capacity:
                    status, confirmed = "confirmed", confirmed + 1
                else:
                    status = "waitlisted"
                enrollments.append(
                    Enrollment(
                        event_id=event.pk,
                        user_id=user.pk,
                        status=status,
                        requested_at=requested + timedelta(minutes=pi),
                        # Longer than the app's 8-character codes, so never a clash.
                        check_in_code=f"BS{code:09X}",
                    )
                )
        # As the rules leave it: never more confirmed than seats, a waitlist only when full.
        Enrollment.objects.bulk_create(enrollments, batch_size=5000)

    # The apps added after the core bring their own data (bench/parts/<app>.py).
    from types import SimpleNamespace

    from parts import seed_all

    ctx = SimpleNamespace(
        scale=scale,
        rng=rng,
        now=now,
        sizes=n,
        rws=rws,
        programs=programs,
        groups=groups,
        events=events,
        users=users,
        home=home,
        step=step,
    )
    counts.update(seed_all(ctx))

    with step("search index (update_index)"):
        call_command("update_index", verbosity=0)

    counts.update(
        programs=ProgramPage.objects.count(),
        groups=CommunityGroupPage.objects.count(),
        events=EventPage.objects.count(),
        sessions=EventSession.objects.count(),
        articles=ArticlePage.objects.count(),
        residents=User.objects.count(),
        memberships=Membership.objects.count(),
        enrollments=Enrollment.objects.count(),
    )
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = city-sized; 0.01 = tiny")
    parser.add_argument("--seed", type=int, default=20261128, help="random seed")
    args = parser.parse_args(argv)

    setup_django()
    from django.db import connection
    from wagtail.models import Page

    done_scale, done_counts = marker(connection)
    if done_scale is not None:
        if abs(done_scale - args.scale) < 1e-9:
            print(f"already seeded at scale {done_scale}: {done_counts}")
            print(json.dumps({"scale": done_scale, "seconds": 0, "counts": done_counts}))
            return 0
        raise SystemExit(
            f"database holds scale {done_scale}; drop it first (bench/run.py --reseed does)"
        )
    if Page.objects.filter(depth__gt=3).exists():
        raise SystemExit("database already has content pages; seed an empty, migrated database")

    t0 = time.perf_counter()
    print(f"seeding scale {args.scale} into {connection.settings_dict['NAME']}", flush=True)
    counts = seed(args.scale, random.Random(args.seed))
    write_marker(connection, args.scale, counts)
    if connection.vendor == "postgresql":
        # Bulk-loaded tables have no statistics until autovacuum gets to them: without
        # this the planner guesses (477 pages instead of 11,706) and runs differ.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seconds = round(time.perf_counter() - t0, 1)
    print(f"done in {seconds} s: {counts}", flush=True)
    print(json.dumps({"scale": args.scale, "seconds": seconds, "counts": counts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
