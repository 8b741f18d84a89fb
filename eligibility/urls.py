from django.urls import path

from eligibility import views

app_name = "eligibility"

urlpatterns = [
    path("cek-kelayakan/", views.self_check, name="self_check"),
    path("cek-kelayakan/daftar-bawaan/", views.checklist, name="checklist"),
    path("cek-kelayakan/simpan/", views.save, name="save"),
    path("cek-kelayakan/tersimpan/", views.saved, name="saved"),
    path("cek-kelayakan/tersimpan/<int:check_id>/hapus/", views.delete_saved, name="delete_saved"),
    path("cek-kelayakan/petugas/", views.staff_check, name="staff_check"),
]
