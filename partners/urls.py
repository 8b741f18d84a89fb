from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("kebutuhan/", views.needs_board, name="needs"),
    path("kebutuhan/<int:need_id>/", views.need_detail, name="need"),
    path("kebutuhan/<int:need_id>/janji/", views.pledge_view, name="pledge"),
    path("mitra/dasbor/", views.dashboard, name="dashboard"),
    path("mitra/janji/<int:pledge_id>/konfirmasi/", views.confirm_view, name="confirm"),
    path("mitra/janji/<int:pledge_id>/salurkan/", views.deliver_view, name="deliver"),
    path("mitra/janji/<int:pledge_id>/laporan/", views.report_view, name="report"),
    path("mitra/janji/<int:pledge_id>/batal/", views.cancel_view, name="cancel"),
    path("mitra/undangan/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("mitra/<slug:slug>/", views.partner_page, name="partner"),
]
