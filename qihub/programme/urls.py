from django.urls import path

from qihub.programme import views

app_name = "programme"

urlpatterns = [
    path("", views.programme_index, name="index"),
    path("stages/", views.stages_timeline, name="stages"),
    path("history/", views.statement_history, name="history"),
    path("aims/<slug:slug>/", views.aim_detail, name="aim"),
]
