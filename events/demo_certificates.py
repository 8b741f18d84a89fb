"""Demo for certificates and service-day slots (called at the end of events/demo.py).

- A finished six-week course, "Pelatihan Kue Basah untuk Usaha Rumahan", that grants
  certificates: four residents enrolled, three attended at least five sessions and hold
  a certificate (issued by the leader, Ibu Rina Marlina); Budi came three times and has
  none.
- The posyandu day (Posyandu Balita Melati) and the children's vaccination day split
  into 15-minute slots for 6 people, with a few bookings for children (name and age).

Idempotent: the course is found again by slug, certificates are issued once, slots are
made only when the event has none, bookings are created once. Runs inside the seed's
transaction, so bookings are written directly (the booking rule takes its own durable
transaction for real requests).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from config.errors import DomainError
from events import certificates, slots
from events.models import (
    Attendance,
    Enrollment,
    EventPage,
    ServiceSlot,
    SlotBooking,
)

COURSE = "pelatihan-kue-basah-usaha-rumahan"
DAPUR_RW02 = "Dapur Bersama PKK, Balai Warga RW 02, Jl. Cempaka No. 3"

# (e-mail, sessions attended of 6)
PARTICIPANTS = [
    ("nur@warga.test", 6),
    ("siti@warga.test", 5),
    ("rahmat@warga.test", 5),
    ("budi@warga.test", 3),
]

# (event slug, e-mail, household member name or "", age or None, slot index)
BOOKINGS = [
    ("posyandu-balita-melati", "nur@warga.test", "Aisyah Putri", 2, 0),
    ("posyandu-balita-melati", "dewi@warga.test", "Rafa Pratama", 1, 0),
    ("posyandu-balita-melati", "dewi@warga.test", "Nayla Pratama", 4, 1),
    ("posyandu-balita-melati", "siti@warga.test", "Zahra", 0, 2),
    ("hari-vaksinasi-anak-imunisasi-dasar-lengkap", "siti@warga.test", "Zahra", 0, 3),
    ("hari-vaksinasi-anak-imunisasi-dasar-lengkap", "dewi@warga.test", "Rafa Pratama", 1, 3),
]


def seed(command, index, today):
    from events.demo import _event, _saturday

    users = {u.email: u for u in get_user_model().objects.filter(email__contains="@warga.test")}
    spec = {
        "slug": COURSE,
        "parent": ("group", "umkm-kuliner-pondok-labu"),
        "group": "umkm-kuliner-pondok-labu",
        "title": "Pelatihan Kue Basah untuk Usaha Rumahan",
        "kind": EventPage.Kind.TRAINING,
        "category": "skills_training",
        "area": "pondok-labu-rw-02",
        "capacity": 15,
        "summary": "Enam pertemuan praktik membuat kue basah (klepon, dadar gulung, lapis, "
        "bolu kukus), menghitung harga jual, dan mengemas untuk dititipkan di warung.",
        "description": "<p>Dibimbing pengusaha kue dari UMKM Kuliner Pondok Labu. Bahan "
        "praktik disediakan. Peserta yang hadir sedikitnya lima dari enam pertemuan "
        "mendapat sertifikat yang dapat diperiksa keasliannya secara daring.</p>",
        "sessions": [
            (_saturday(today, weeks=w - 9), "08:30", "11:30", DAPUR_RW02) for w in range(6)
        ],
    }
    course = _event(index, spec)
    if not course.grants_certificate or course.completion_threshold != 5:
        course.grants_certificate = True
        course.completion_threshold = 5
        course.save(update_fields=["grants_certificate", "completion_threshold"])
    sessions = course.ordered_sessions()
    now = timezone.now()
    for n, (email, attended) in enumerate(PARTICIPANTS):
        user = users.get(email)
        if user is None:
            continue
        enrollment, _created = Enrollment.objects.get_or_create(
            event=course,
            user=user,
            defaults={
                "status": Enrollment.Status.CONFIRMED,
                "requested_at": now - timedelta(days=70, minutes=-n),
            },
        )
        for session in sessions[:attended]:
            Attendance.objects.get_or_create(session=session, enrollment=enrollment)
    leader = users.get("ketua.kuliner@warga.test")
    issued = certificates.issue_earned(course, issued_by=leader)
    total = course.certificates.count()

    made = booked = 0
    for slug in {b[0] for b in BOOKINGS}:
        event = EventPage.objects.filter(slug=slug).first()
        if event is None or ServiceSlot.objects.filter(event=event, ends_at__gt=now).exists():
            continue
        try:
            made += len(slots.make_slots(event, minutes=15, per_slot=6))
        except DomainError:
            continue
    for slug, email, name, age, index_ in BOOKINGS:
        user = users.get(email)
        event = EventPage.objects.filter(slug=slug).first()
        if user is None or event is None:
            continue
        coming = list(
            ServiceSlot.objects.filter(event=event, starts_at__gt=now).order_by("starts_at")
        )
        if len(coming) <= index_:
            continue
        slot = coming[index_]
        key = name.lower()
        if (
            SlotBooking.objects.active()
            .filter(event=event, booked_by=user, member_key=key)
            .exists()
        ):
            continue
        taken = set(
            SlotBooking.objects.active().filter(slot=slot).values_list("queue_number", flat=True)
        )
        free = [
            n for n in range(slot.first_number, slot.first_number + slot.capacity) if n not in taken
        ]
        if not free:
            continue
        SlotBooking.objects.create(
            slot=slot,
            event=event,
            booked_by=user,
            member_name=name,
            member_key=key,
            member_age=age,
            queue_number=free[0],
        )
        booked += 1
    command.stdout.write(
        f"Sertifikat: {total} sertifikat untuk '{course.title}' ({len(issued)} baru; "
        f"periksa di /sertifikat/<id>/). Layanan: {made} slot waktu baru, {booked} pemesanan "
        f"(pilih waktu di halaman Posyandu Balita Melati)."
    )
