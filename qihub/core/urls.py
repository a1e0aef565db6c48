from django.urls import path

from qihub.core import views

app_name = "core"

urlpatterns = [
    path("", views.account, name="account"),
    path("data/", views.account_data, name="account_data"),
    path("erase/", views.account_erase, name="account_erase"),
    path("directorates/<int:pk>/", views.directorate_dashboard, name="directorate"),
]
