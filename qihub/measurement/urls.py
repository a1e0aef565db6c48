from django.urls import path

from qihub.measurement import views

app_name = "measurement"

urlpatterns = [
    path("", views.spc_page, name="spc"),
    path("download/", views.spc_download, name="download"),
]
