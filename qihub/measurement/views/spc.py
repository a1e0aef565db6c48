from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from qihub.measurement.charts import Chart, Downloads, chart_download
from qihub.measurement.examples import EXAMPLES
from qihub.measurement.forms import SPCForm
from qihub.measurement.series import write_csv

TEMPLATE = "measurement/spc.html"


def _download_fields(form: SPCForm) -> tuple[tuple[str, str], ...]:
    """The analysed series and options as hidden fields, so a download is stateless."""
    fields = []
    for name, field in form.fields.items():
        if name in ("upload", "date_column", "value_column", "columns_for"):
            continue  # the series is written out with the standard header
        if name == "csv":
            fields.append((name, write_csv(form.cleaned_data["series"])))
        elif isinstance(field, forms.BooleanField):
            if form.cleaned_data.get(name):
                fields.append((name, "on"))
        else:
            fields.append((name, str(form.data.get(name, ""))))
    return tuple(fields)


def _chart(form: SPCForm, *, downloads: Downloads | None = None) -> Chart:
    """The chart of a valid form, which has analysed its series already."""
    return Chart(
        series=form.cleaned_data["series"],
        result=form.cleaned_data["result"],
        title=form.cleaned_data["title"],
        downloads=downloads,
        html_id="spc",
    )


@require_http_methods(["GET", "POST"])
def spc_page(request: HttpRequest) -> HttpResponse:
    """Anyone can paste or upload a series and see its chart: no account, no JavaScript."""
    if request.method == "POST":
        form = SPCForm(request.POST, request.FILES)
    elif request.GET.get("example") in EXAMPLES:
        form = SPCForm(EXAMPLES[request.GET["example"]])
    else:
        form = SPCForm()
    context: dict[str, Any] = {"form": form, "examples": EXAMPLES}
    if form.is_bound and form.is_valid():
        # Nothing is kept: the download buttons post the series back.
        downloads = Downloads(
            url=reverse("measurement:download"), method="post", fields=_download_fields(form)
        )
        context["chart"] = _chart(form, downloads=downloads)
    return TemplateResponse(request, TEMPLATE, context)


@require_POST
def spc_download(request: HttpRequest) -> HttpResponse:
    """The chart as SVG or PNG, or its data as CSV, from the series and options in the POST."""
    form = SPCForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(request, TEMPLATE, {"form": form, "examples": EXAMPLES}, status=400)
    return chart_download(_chart(form), request.POST.get("format", ""))
