"""The QI team's back office for the organisation: people, structure and the roster import."""

import uuid
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.views.snippets import SnippetViewSet

from qihub.core import extensions
from qihub.core.attention import attention_panel_add, roster_attention
from qihub.core.audit import AUDIT_ACTIONS
from qihub.core.choosers import PersonChooserViewSet
from qihub.core.forms import RosterUploadForm
from qihub.core.models import (
    Directorate,
    Leadership,
    Location,
    Person,
    RosterImport,
    RosterUpload,
    Service,
    StaffLevel,
    Team,
    User,
)
from qihub.core.roster import COLUMN_GUIDE, RosterError, RosterReport
from qihub.core.roster.selectors import roster_upload_for
from qihub.core.roster.uploads import (
    PREVIEW_KEPT_FOR,
    RosterUploadError,
    roster_upload_can_import,
    roster_upload_import,
    roster_upload_start,
)

#: How often an upload's page refreshes itself while the upload runs.
PROGRESS_REFRESH_SECONDS = 3


@hooks.register("register_log_actions")
def register_qihub_actions(actions: Any) -> None:
    for action, label in AUDIT_ACTIONS.items():
        actions.register_action(action, label, label)


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["full_name", "kind", "employee_number", "team", "level", "is_active"]
    list_filter = ["kind", "is_active", "level"]
    search_fields = ["first_name", "last_name", "email", "employee_number"]
    list_per_page = 50
    # Every field that picks a person uses this chooser (panel members, leaders, …).
    chooser_viewset_class = PersonChooserViewSet
    chooser_per_page = 25
    panels = [
        FieldPanel("kind"),
        FieldPanel("first_name"),
        FieldPanel("last_name"),
        FieldPanel("email"),
        FieldPanel("employee_number"),
        FieldPanel("team"),
        FieldPanel("level"),
        FieldPanel("job_title"),
        FieldPanel("start_date"),
        FieldPanel("leave_date"),
        FieldPanel("is_active"),
    ]


class DirectorateViewSet(SnippetViewSet):
    model = Directorate
    icon = "site"
    list_display = ["name", "code"]


class ServiceViewSet(SnippetViewSet):
    model = Service
    icon = "group"
    list_display = ["name", "directorate"]
    list_filter = ["directorate"]


class TeamViewSet(SnippetViewSet):
    model = Team
    icon = "group"
    list_display = ["name", "code", "service", "location"]
    search_fields = ["name", "code"]
    list_per_page = 50


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "home"
    menu_label = "Sites"


class StaffLevelViewSet(SnippetViewSet):
    model = StaffLevel
    icon = "list-ol"
    list_display = ["position", "name", "is_senior_leader"]


class LeadershipViewSet(SnippetViewSet):
    model = Leadership
    icon = "crosshairs"
    menu_label = "Leaders"
    list_display = ["person", "directorate"]
    list_filter = ["directorate"]
    panels = [FieldPanel("person"), FieldPanel("directorate")]


class RosterImportViewSet(SnippetViewSet):
    model = RosterImport
    icon = "upload"
    menu_label = "Roster imports"
    list_display = ["source_name", "imported_at", "rows", "created_count", "error_count"]
    inspect_view_enabled = True


class OrganisationGroup(ViewSetGroup):
    menu_label = "Organisation"
    menu_icon = "site"
    menu_order = 200
    items = (
        PersonViewSet,
        DirectorateViewSet,
        ServiceViewSet,
        TeamViewSet,
        LocationViewSet,
        StaffLevelViewSet,
        LeadershipViewSet,
        RosterImportViewSet,
    )


@hooks.register("register_admin_viewset")
def register_organisation() -> ViewSetGroup:
    return OrganisationGroup()


def _roster_importer(request: HttpRequest) -> User:
    """The person asking, if they may import the roster (the QI team)."""
    user = request.user
    if not isinstance(user, User) or not user.has_perm("core.add_rosterimport"):
        raise PermissionDenied
    return user


def _roster_upload_for(request: HttpRequest, upload_id: uuid.UUID) -> RosterUpload:
    upload = roster_upload_for(user=_roster_importer(request), upload_id=upload_id)
    if upload is None:
        raise Http404
    return upload


@csrf_exempt
def roster_upload(request: HttpRequest) -> HttpResponse:
    """Upload a roster file to preview (a dry run) or import; the upload's page follows.

    The CSRF check comes after the request's body has been read, so that a body Django cannot
    read (a file name too long for its upload parser) is explained on the page, not a bare 400.
    """
    _roster_importer(request)
    try:
        request.POST  # noqa: B018 - reads the body
    except MultiPartParserError as error:
        form = RosterUploadForm.refused(str(error))
        return _roster_upload_page(request, form)
    return _roster_upload_checked(request)


@csrf_protect
def _roster_upload_checked(request: HttpRequest) -> HttpResponse:
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = roster_upload_start(
                user=_roster_importer(request),
                file=form.cleaned_data["file"],
                full_roster=form.cleaned_data["full_roster"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except RosterError as error:
            form.add_error("file", str(error))
        else:
            return redirect("roster_upload_status", upload.pk)
    return _roster_upload_page(request, form)


def _roster_upload_page(request: HttpRequest, form: RosterUploadForm) -> HttpResponse:
    return TemplateResponse(
        request,
        "core/admin/roster_upload.html",
        {"form": form, "columns": COLUMN_GUIDE, "header_icon": "upload"},
    )


def roster_upload_status(request: HttpRequest, upload_id: uuid.UUID) -> HttpResponse:
    """An upload's progress while it runs, then its report.

    While it runs the page refreshes itself, without JavaScript, unless asked not to
    (`?refresh=off`): a page that reloads on its own must let its reader stop it (WCAG 2.2.1).
    """
    upload = _roster_upload_for(request, upload_id)
    report = RosterReport.from_data(upload.report) if upload.report else None
    return TemplateResponse(
        request,
        "core/admin/roster_upload_status.html",
        {
            "upload": upload,
            "report": report,
            "can_import": roster_upload_can_import(upload=upload),
            "kept_until": upload.uploaded_at + PREVIEW_KEPT_FOR,
            "refresh_seconds": PROGRESS_REFRESH_SECONDS,
            "refreshing": request.GET.get("refresh") != "off",
            "header_icon": "upload",
        },
    )


@require_POST
def roster_upload_import_view(request: HttpRequest, upload_id: uuid.UUID) -> HttpResponse:
    """Import the file of a preview, without choosing it again."""
    upload = _roster_upload_for(request, upload_id)
    try:
        roster_upload_import(upload=upload)
    except RosterUploadError as error:
        messages.error(request, str(error))
    return redirect("roster_upload_status", upload.pk)


def roster_upload_report(request: HttpRequest, upload_id: uuid.UUID) -> HttpResponse:
    """The upload's report as CSV: every problem and every change."""
    upload = _roster_upload_for(request, upload_id)
    if not upload.report:
        raise Http404
    report = RosterReport.from_data(upload.report)
    kind = "preview" if report.dry_run else "import"
    # The byte-order mark tells Excel the file is UTF-8, so that names keep their accents.
    response = HttpResponse("\ufeff" + report.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{Path(upload.source_name).stem}-{kind}-report.csv"
    )
    return response


@hooks.register("register_admin_urls")
def register_roster_url() -> list:
    return [
        path("roster/upload/", roster_upload, name="roster_upload"),
        path("roster/upload/<uuid:upload_id>/", roster_upload_status, name="roster_upload_status"),
        path(
            "roster/upload/<uuid:upload_id>/import/",
            roster_upload_import_view,
            name="roster_upload_import",
        ),
        path(
            "roster/upload/<uuid:upload_id>/report.csv",
            roster_upload_report,
            name="roster_upload_report",
        ),
    ]


class RosterMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm("core.add_rosterimport")


@hooks.register("register_admin_menu_item")
def register_roster_menu_item() -> MenuItem:
    return RosterMenuItem("Import roster", reverse("roster_upload"), icon_name="upload", order=210)


hooks.register("construct_homepage_panels", attention_panel_add)
hooks.register(extensions.BACK_OFFICE_ATTENTION, roster_attention, order=900)
