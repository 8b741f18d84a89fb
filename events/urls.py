from django.urls import path

from events import views, views_certificates, views_slots

app_name = "events"

urlpatterns = [
    path("kegiatan-saya/", views.my_enrollments, name="my_enrollments"),
    path("kegiatan-saya/kalender/", views.calendar_feed_token, name="calendar_feed_token"),
    path("kegiatan-saya/<int:enrollment_id>/qr.svg", views.check_in_qr, name="check_in_qr"),
    path("kalender/<str:token>.ics", views.personal_calendar, name="personal_calendar"),
    path("kegiatan/<int:event_id>/daftar/", views.enroll_view, name="enroll"),
    path("kegiatan/<int:event_id>/batal/", views.cancel_view, name="cancel"),
    path(
        "kegiatan/<int:event_id>/batal/konfirmasi/",
        views.confirm_cancel,
        name="confirm_cancel",
    ),
    path("kegiatan/<int:event_id>/kalender.ics", views.event_calendar, name="event_calendar"),
    path("kegiatan/<int:event_id>/peserta/", views.roster, name="roster"),
    path("kegiatan/<int:event_id>/peserta.csv", views.roster_csv, name="roster_csv"),
    path(
        "kegiatan/<int:event_id>/presensi/<int:session_id>/",
        views.attendance,
        name="attendance",
    ),
    path("kegiatan-saya/kelompok/", views.led_groups, name="led_groups"),
    path("kelompok/<int:group_id>/kalender.ics", views.group_calendar, name="group_calendar"),
    path("kelompok/<int:group_id>/kegiatan/", views.group_events, name="group_events"),
    path("kelompok/<int:group_id>/kegiatan/baru/", views.create_event, name="create_event"),
    # Certificates (events/views_certificates.py) and service-day slots (views_slots.py).
    path(
        "sertifikat/kunci-publik.json",
        views_certificates.public_key,
        name="certificate_public_key",
    ),
    path(
        "sertifikat/status/<int:number>.json",
        views_certificates.status_list,
        name="certificate_status_list",
    ),
    path("sertifikat/<str:code>/", views_certificates.verify, name="certificate_verify"),
    path("sertifikat/<str:code>/unduh.pdf", views_certificates.pdf, name="certificate_pdf"),
    path(
        "sertifikat/<str:code>/openbadge.json",
        views_certificates.open_badge,
        name="certificate_badge",
    ),
    path(
        "kegiatan/<int:event_id>/sertifikat/",
        views_certificates.manage,
        name="certificates_manage",
    ),
    path("kegiatan/<int:event_id>/jadwal/", views_slots.slots_page, name="slots"),
    path(
        "kegiatan/<int:event_id>/jadwal/batal/<int:booking_id>/",
        views_slots.cancel_booking,
        name="slot_cancel",
    ),
    path("kegiatan/<int:event_id>/antrean/", views_slots.queue_desk, name="queue_desk"),
]

# Pendampingan: a kader enrolls a resident they assist (community.assisted).
from events import kader_views  # noqa: E402

urlpatterns += [
    path(
        "pendampingan/warga/<int:resident_id>/kegiatan/",
        kader_views.enroll_for_resident,
        name="kader_enroll",
    ),
]
