from django.urls import path, re_path

from accountability import views

app_name = "accountability"

urlpatterns = [
    path("transparansi/", views.transparency, name="transparency"),
    path("data/", views.data_index, name="data_index"),
    path("data/datapackage.json", views.datapackage, name="datapackage"),
    re_path(r"^data/(?P<name>[a-z]+)\.(?P<fmt>csv|json)$", views.dataset, name="dataset"),
]
