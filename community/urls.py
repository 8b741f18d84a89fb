from allauth.account import views as account_views
from django.urls import path, re_path
from django.views.generic import RedirectView

from community import views

app_name = "community"

urlpatterns = [
    path("kelompok/<int:page_id>/gabung/", views.join, name="join"),
    path("kelompok/<int:page_id>/keluar/", views.leave, name="leave"),
    path("kelompok/<int:page_id>/keluar/konfirmasi/", views.confirm_leave, name="confirm_leave"),
    path("kelompok/<int:page_id>/kelola/", views.manage, name="manage"),
    re_path(
        r"^kelompok/(?P<page_id>\d+)/permintaan/(?P<membership_id>\d+)/(?P<decision>setujui|tolak)/$",
        views.decide,
        name="decide",
    ),
    path("akun/profil/", views.profile, name="profile"),
    path("akun/kelompok/", views.my_groups, name="my_groups"),
    path("akun/data-saya/", views.download_data, name="download_data"),
    path("akun/hapus/", views.delete_account, name="delete_account"),
    # The links allauth puts in its e-mails (settings.HEADLESS_FRONTEND_URLS) land on
    # the site's own pages, so a resident on a phone can finish in the browser.
    path(
        "akun/konfirmasi-email/<str:key>/",
        account_views.confirm_email,
        name="confirm_email_link",
    ),
    re_path(
        r"^akun/sandi/reset/kunci/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account_views.password_reset_from_key,
        name="reset_password_link",
    ),
    path(
        "akun/daftar/",
        RedirectView.as_view(pattern_name="account_signup", query_string=True),
        name="signup_link",
    ),
]

# Pendampingan (kader) and claiming an account a kader registered.
from community import kader_views  # noqa: E402

urlpatterns += [
    path("pendampingan/", kader_views.home, name="kader_home"),
    path("pendampingan/daftar/", kader_views.register, name="kader_register"),
    path("pendampingan/warga/<int:resident_id>/", kader_views.resident, name="kader_resident"),
    path("pendampingan/warga/<int:resident_id>/gabung/", kader_views.join, name="kader_join"),
    path(
        "pendampingan/warga/<int:resident_id>/kode-klaim/",
        kader_views.new_claim_code,
        name="kader_claim_code",
    ),
    path("akun/klaim/", kader_views.claim, name="claim_account"),
]
