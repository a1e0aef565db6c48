from django.urls import include, path

from qihub.urls import urlpatterns as qihub_urlpatterns

urlpatterns = [path("example/", include("extensions.example.urls")), *qihub_urlpatterns]
