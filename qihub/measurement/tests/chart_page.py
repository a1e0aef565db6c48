"""A page that is not /spc/, for the tests of the charting layer: a ward's two measures, each
charted through :mod:`qihub.measurement.charts` and shown with the partial, downloaded by GET as
a stored measure's chart would be. Tests use it with ``@pytest.mark.urls(__name__)``."""

from django.http import Http404, HttpRequest, HttpResponse
from django.template import engines
from django.urls import path, reverse

from qihub.measurement.charts import (
    Chart,
    ChartOptions,
    Downloads,
    Series,
    chart_download,
    chart_series,
)
from qihub.urls import urlpatterns as site_urlpatterns

PAGE = "/test/ward-7/"
MONTHS = tuple(f"{2023 + i // 12}-{i % 12 + 1:02d}-01" for i in range(22))
FALLS = (6.1, 5.8, 6.4, 5.9, 6.2, 6.0, 5.7, 6.3, 6.1, 5.9, 6.2, 6.0, 6.3, 5.8)
FALLS_AFTER = (5.4, 5.3, 5.5, 5.2, 5.4, 5.1, 5.3, 5.2)
ASSESSED = ((41, 50), (44, 50), (40, 48), (45, 52), (43, 50), (46, 51))
_TEMPLATE = """{% extends "base.html" %}
{% block title %}Ward 7 measures{% endblock %}
{% block content %}
<h1>Ward 7 measures</h1>
<h2>Safety</h2>
{% for chart in charts %}
  {% include "measurement/fragment_chart.html" with chart=chart %}
{% endfor %}
{% endblock %}"""


def ward_chart(name: str) -> Chart:
    """One of the ward's measures, as a page that stores its data would chart it."""
    downloads = Downloads(url=reverse("test-ward-chart", args=[name]))
    if name == "falls":
        note = "PDSA 1: <hourly> rounding & huddles"
        annotations = ("",) * len(FALLS) + (note,) + ("",) * (len(FALLS_AFTER) - 1)
        return chart_series(
            Series(values=FALLS + FALLS_AFTER, dates=MONTHS, annotations=annotations),
            ChartOptions(direction="decrease", target=5, baseline=len(FALLS)),
            title="Falls on ward 7",
            unit="falls per 1,000 bed days",
            downloads=downloads,
            html_id="falls",
            heading_level=3,
        )
    if name == "assessed":
        return chart_series(
            Series(
                values=tuple(float(seen) for seen, _ in ASSESSED),
                dates=MONTHS[-len(ASSESSED) :],
                denominators=tuple(float(patients) for _, patients in ASSESSED),
            ),
            ChartOptions(chart="p", direction="increase", target=0.95),
            title="Patients with a falls risk assessment",
            downloads=downloads,
            html_id="assessed",
            heading_level=3,
        )
    raise Http404


def ward_page(request: HttpRequest) -> HttpResponse:
    template = engines["django"].from_string(_TEMPLATE)
    charts = [ward_chart("falls"), ward_chart("assessed")]
    return HttpResponse(template.render({"charts": charts}, request))


def ward_chart_download(request: HttpRequest, name: str) -> HttpResponse:
    return chart_download(ward_chart(name), request.GET.get("format", ""))


urlpatterns = [
    path(PAGE.strip("/") + "/", ward_page),
    path("test/ward-7/<slug:name>/chart", ward_chart_download, name="test-ward-chart"),
    *site_urlpatterns,
]
