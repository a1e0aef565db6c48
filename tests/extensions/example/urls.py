from django.urls import path

from extensions.example import views

app_name = "example"

urlpatterns = [path("", views.index, name="index")]
