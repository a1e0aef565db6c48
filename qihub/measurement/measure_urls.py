"""A stored measure's public files: /measures/<slug>/chart/ (PNG, SVG, CSV with the limits) and
/measures/<slug>/data.csv and data.json (the data as recorded)."""

from django.urls import path

from qihub.measurement.views import measures

app_name = "measures"

urlpatterns = [
    path("<slug:slug>/chart/", measures.measure_chart_download, name="chart-download"),
    path("<slug:slug>/data.<str:kind>", measures.measure_data_download, name="data-download"),
]
