"""A stored measure's public files: its chart (PNG, SVG, CSV with the limits) and its data
(CSV, JSON). Published measures for everyone; drafts for those who may edit them."""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from qihub.measurement.charts import chart_download, measure_chart
from qihub.measurement.data_files import measure_data, measure_data_csv, measure_file_name
from qihub.measurement.models import Measure
from qihub.measurement.selectors import measure_for

DATA_FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _get_measure_for(request: HttpRequest, slug: str) -> Measure:
    measure = measure_for(user=request.user, slug=slug)
    if measure is None:
        raise Http404("No such measure.")
    return measure


@require_GET
def measure_chart_download(request: HttpRequest, slug: str) -> HttpResponse:
    measure = _get_measure_for(request, slug)
    chart = measure_chart(measure)
    if chart is None:
        raise Http404(f"{measure.name} has no data yet.")
    return chart_download(chart, request.GET.get("format", ""))


@require_GET
def measure_data_download(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    if kind not in DATA_FORMATS:
        raise Http404("The data downloads as data.csv or data.json.")
    measure = _get_measure_for(request, slug)
    body = (
        measure_data_csv(measure)
        if kind == "csv"
        else json.dumps(measure_data(measure), ensure_ascii=False, indent=1)
    )
    response = HttpResponse(body, content_type=DATA_FORMATS[kind])
    response["Content-Disposition"] = f'attachment; filename="{measure_file_name(measure, kind)}"'
    return response
