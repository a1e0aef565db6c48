from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from qihub.measurement.downloads import filename, result_csv, svg_to_png
from qihub.measurement.examples import EXAMPLES
from qihub.measurement.forms import SPCForm
from qihub.measurement.reading import centre_name, read, table_rows
from qihub.measurement.render import NARROW, WIDE, render_svg
from qihub.measurement.series import write_csv

TEMPLATE = "measurement/spc.html"


def _download_fields(form: SPCForm) -> list[tuple[str, str]]:
    """The analysed series and options as hidden fields, so a download is stateless."""
    fields = []
    for name, field in form.fields.items():
        if name == "upload":
            continue
        if name == "csv":
            fields.append((name, write_csv(form.cleaned_data["series"])))
        elif isinstance(field, forms.BooleanField):
            if form.cleaned_data.get(name):
                fields.append((name, "on"))
        else:
            fields.append((name, str(form.data.get(name, ""))))
    return fields


def _chart_context(form: SPCForm) -> dict[str, Any]:
    result = form.cleaned_data["result"]
    series = form.cleaned_data["series"]
    title = form.cleaned_data["title"]
    ratio = series.denominators is not None
    charts = {
        # render_svg escapes every piece of text it draws.
        f"chart_{name}": mark_safe(  # noqa: S308
            render_svg(
                result,
                title=title,
                annotations=series.annotations,
                layout=layout,
                id_prefix=f"spc-{name}",
            )
        )
        for name, layout in (("wide", WIDE), ("narrow", NARROW))
    }
    return {
        **charts,
        "result": result,
        "title": title,
        "reading": read(result),
        "rows": table_rows(
            result,
            numerators=series.values if ratio else None,
            denominators=series.denominators,
            annotations=series.annotations,
        ),
        "ratio": ratio,
        "has_dates": series.dates is not None,
        "has_annotations": bool(series.annotations),
        "centre_label": centre_name(result.chart).capitalize(),
        "download_fields": _download_fields(form),
    }


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
        context.update(_chart_context(form))
    return TemplateResponse(request, TEMPLATE, context)


@require_POST
def spc_download(request: HttpRequest) -> HttpResponse:
    """The chart as SVG or PNG, or its data as CSV, from the series and options in the POST."""
    kind = request.POST.get("format", "")
    if kind not in ("svg", "png", "csv"):
        return HttpResponseBadRequest("Choose a download: svg, png or csv.")
    form = SPCForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(request, TEMPLATE, {"form": form, "examples": EXAMPLES}, status=400)
    result = form.cleaned_data["result"]
    series = form.cleaned_data["series"]
    title = form.cleaned_data["title"]
    if kind == "csv":
        response = HttpResponse(result_csv(result, series), content_type="text/csv; charset=utf-8")
    else:
        svg = render_svg(result, title=title, annotations=series.annotations, responsive=False)
        if kind == "svg":
            response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        else:
            response = HttpResponse(svg_to_png(svg), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{filename(title, kind)}"'
    return response
