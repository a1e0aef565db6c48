"""The project's URLs plus the bare view (the ROOT_URLCONF of benchmarks/vote/settings.py)."""

from django.urls import path

from benchmarks.vote.benchapp.views import insert_row
from qihub.urls import urlpatterns as qihub_urlpatterns

urlpatterns = [path("bench/insert/", insert_row, name="bench_insert"), *qihub_urlpatterns]
