"""The QI team's report on an event, on a page and as a CSV file."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from qihub.core.exports import spreadsheet_text
from qihub.events.models import Event, Registration
from qihub.events.permissions_checkin import event_can_see_report
from qihub.events.selectors import events_visible_to
from qihub.events.selectors_report import event_registrations_for_export, event_report

CSV_COLUMNS = [
    "Name",
    "Email",
    "Status",
    "Checked in at",
    "Person kind",
    "Directorate",
    "Staff level",
    "Rating",
    "What went well",
    "What could be better",
]


def _report_event_for(request: HttpRequest, slug: str) -> Event:
    """The event, if this user may read its report; else 404 or 403."""
    event = events_visible_to(user=request.user).filter(slug=slug).first()
    if event is None:
        raise Http404
    if not event_can_see_report(user=request.user, obj=event):
        raise PermissionDenied("Only the QI team sees an event's report.")
    return event


@login_required
@require_GET
def report(request: HttpRequest, slug: str) -> HttpResponse:
    event = _report_event_for(request, slug)
    return TemplateResponse(
        request, "events/report/report.html", {"event": event, "report": event_report(event=event)}
    )


def _row(registration: Registration) -> list[str]:
    person = registration.person
    feedback = getattr(registration, "feedback", None)
    team = person.team if person else None
    directorate = team.service.directorate.name if team else ""
    checked_in = (
        f"{timezone.localtime(registration.checked_in_at):%Y-%m-%d %H:%M}"
        if registration.checked_in_at
        else ""
    )
    cells = [
        registration.display_name,
        registration.address,
        registration.get_status_display(),
        checked_in,
        person.get_kind_display() if person else "Visitor (no account)",
        directorate,
        person.level.name if person and person.level else "",
        str(feedback.rating) if feedback else "",
        feedback.went_well if feedback else "",
        feedback.could_be_better if feedback else "",
    ]
    return [spreadsheet_text(cell) for cell in cells]


@login_required
@require_GET
def report_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = _report_event_for(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-report.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for registration in event_registrations_for_export(event=event).iterator(chunk_size=500):
        writer.writerow(_row(registration))
    return response
