from django.urls import path

from events import views

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
]
