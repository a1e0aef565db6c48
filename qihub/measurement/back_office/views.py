"""The back office's pages for a measure's data, and for revoking a token.

Each page asks one access helper, so who may see it is decided in one place
(``qihub.measurement.permissions``): the QI team may, other staff may not.
"""

import uuid
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from qihub.measurement.back_office.forms import ImportForm, RecordForm, UploadForm
from qihub.measurement.errors import MeasurementError
from qihub.measurement.models import DataUpload, IntegrationToken, Measure
from qihub.measurement.permissions import measure_can_record, token_can_manage
from qihub.measurement.selectors import data_upload_for
from qihub.measurement.services import (
    PointValues,
    RecordOutcome,
    UploadReport,
    data_upload_import,
    data_upload_preview,
    datapoint_record,
    token_revoke,
)
from qihub.measurement.services.uploads import PREVIEW_KEPT_FOR

RECENT_POINTS = 24
#: Where a new token's secret waits, in its maker's session, for the one page that shows it.
SECRET_SESSION_KEY = "measurement.token_secret.{pk}"  # noqa: S105 (a key, not a secret)


def _get_measure_for(request: HttpRequest, pk: int) -> Measure:
    """The measure whose data the person may record, or 403."""
    measure = get_object_or_404(Measure, pk=pk)
    if not measure_can_record(user=request.user, obj=measure):
        raise PermissionDenied
    return measure


def _get_upload_for(request: HttpRequest, pk: int, upload_id: uuid.UUID) -> DataUpload:
    measure = _get_measure_for(request, pk)
    upload = data_upload_for(user=request.user, upload_id=upload_id, measure=measure)
    if upload is None:
        raise Http404
    return upload


@require_http_methods(["GET", "POST"])
def measure_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or correct one period's value; the latest points below, with their corrections."""
    measure = _get_measure_for(request, pk)
    form = RecordForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = datapoint_record(
                measure=measure,
                period=data["period"],
                value=data.get("value"),
                numerator=data.get("numerator"),
                denominator=data.get("denominator"),
                by=request.user,
                source="form",
                reason=data["reason"],
            )
        except MeasurementError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            period = f"{data['period'].day} {data['period']:%B %Y}"
            if recorded.outcome == RecordOutcome.UNCHANGED:
                shown = PointValues.of(recorded.point)
                messages.info(request, f"{period} already had {shown}: nothing changed.")
            elif recorded.outcome == RecordOutcome.CORRECTED:
                messages.success(request, f"Corrected {period} from {recorded.old}.")
            else:
                messages.success(request, f"Recorded {period}.")
            return redirect("measurement_record", measure.pk)
    points = measure.data_points.order_by("-period").prefetch_related("corrections")[:RECENT_POINTS]
    return TemplateResponse(
        request,
        "measurement/admin/record.html",
        {
            "measure": measure,
            "form": form,
            "points": points,
            "total": measure.data_points.count(),
            "header_icon": "table",
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def measure_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a file of the measure's data to preview; its page then offers Import."""
    measure = _get_measure_for(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            upload = data_upload_preview(
                measure=measure,
                by=request.user,
                file_name=upload_file.name,
                data=upload_file.read(),
            )
        except MeasurementError as error:
            form.add_error("file", error.message)
        else:
            return redirect("measurement_upload_status", measure.pk, upload.pk)
    return TemplateResponse(
        request,
        "measurement/admin/upload.html",
        {"measure": measure, "form": form, "header_icon": "upload"},
        status=400 if form.errors else 200,
    )


def measure_upload_status(request: HttpRequest, pk: int, upload_id: uuid.UUID) -> HttpResponse:
    """What the file would do (a preview) or did (after Import), row by row."""
    upload = _get_upload_for(request, pk, upload_id)
    report = UploadReport.from_data(upload.report or {"rows": [], "notes": [], "imported": False})
    return TemplateResponse(
        request,
        "measurement/admin/upload_status.html",
        {
            "measure": upload.measure,
            "upload": upload,
            "report": report,
            "can_import": upload.imported_at is None and upload.data is not None,
            "kept_until": upload.uploaded_at + PREVIEW_KEPT_FOR,
            "form": ImportForm(),
            "header_icon": "upload",
        },
    )


@require_POST
def measure_upload_import(request: HttpRequest, pk: int, upload_id: uuid.UUID) -> HttpResponse:
    upload = _get_upload_for(request, pk, upload_id)
    form = ImportForm(request.POST)
    form.is_valid()
    try:
        report = data_upload_import(
            upload=upload, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except MeasurementError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, report.summary())
    return redirect("measurement_upload_status", pk, upload.pk)


def measure_upload_report(request: HttpRequest, pk: int, upload_id: uuid.UUID) -> HttpResponse:
    """The upload's report as CSV: every row's outcome and problem."""
    upload = _get_upload_for(request, pk, upload_id)
    if not upload.report:
        raise Http404
    report = UploadReport.from_data(upload.report)
    kind = "import" if report.imported else "preview"
    # The byte-order mark tells Excel the file is UTF-8.
    response = HttpResponse("\ufeff" + report.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{Path(upload.source_name).stem}-{kind}-report.csv"
    )
    return response


def token_secret_keep(*, session: Any, token: IntegrationToken, secret: str) -> None:
    session[SECRET_SESSION_KEY.format(pk=token.pk)] = secret


def token_created(request: HttpRequest, pk: int) -> HttpResponse:
    """The new token's secret, the first time this page is seen; after that, that it was shown
    (so a refresh makes no second token and shows the secret to no one else)."""
    if not token_can_manage(user=request.user):
        raise PermissionDenied
    token = get_object_or_404(IntegrationToken, pk=pk)
    secret = request.session.pop(SECRET_SESSION_KEY.format(pk=token.pk), None)
    response = TemplateResponse(
        request,
        "measurement/admin/token_created.html",
        {"token": token, "secret": secret, "header_icon": "key"},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then revoke: the token stops working at once, for good."""
    if not token_can_manage(user=request.user):
        raise PermissionDenied
    token = get_object_or_404(IntegrationToken, pk=pk)
    if request.method == "POST":
        token_revoke(token=token, by=request.user)
        messages.success(request, f"Revoked {token.name}: it no longer works.")
        return redirect("wagtailsnippets_measurement_integrationtoken:list")
    return TemplateResponse(
        request,
        "measurement/admin/token_revoke.html",
        {"token": token, "header_icon": "key"},
    )
