from django.urls import path

from qihub.critical_mass import views

app_name = "critical_mass"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("directorates/<int:pk>/", views.directorate, name="directorate"),
    path("export.<str:fmt>", views.export, name="export"),
    path("public/", views.public, name="public"),
]
