from django.urls import path

from participation import views

app_name = "participation"

urlpatterns = [
    path("usulan/", views.proposal_list, name="proposals"),
    path("usulan/baru/", views.proposal_create, name="proposal_create"),
    path("usulan/<int:proposal_id>/", views.proposal_detail, name="proposal"),
    path("usulan/<int:proposal_id>/dukung/", views.proposal_support, name="proposal_support"),
    path("usulan/<int:proposal_id>/jawab/", views.proposal_answer, name="proposal_answer"),
    path("pengaduan/", views.complaint_list, name="complaints"),
    path("pengaduan/baru/", views.complaint_create, name="complaint_create"),
    path("pengaduan/kinerja/", views.complaint_figures, name="complaint_figures"),
    path("pengaduan/kinerja/<int:program_id>/", views.program_figures, name="program_figures"),
    path("pengaduan/staf/", views.complaint_queue, name="complaint_queue"),
    path("pengaduan/<str:code>/", views.complaint_detail, name="complaint"),
    path("pengaduan/<str:code>/foto/", views.complaint_photo, name="complaint_photo"),
    path("pengaduan/<str:code>/tindak/", views.complaint_action, name="complaint_action"),
    path("survei/", views.survey_list, name="surveys"),
    path("survei/<int:survey_id>/", views.survey_detail, name="survey"),
    path("survei/<int:survey_id>/hasil/", views.survey_results, name="survey_results"),
    path("survei/<int:survey_id>/hasil.csv", views.survey_csv, name="survey_csv"),
]
