"""The QI team's back office for the organisation: people, structure and the roster import."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
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
    Service,
    StaffLevel,
    Team,
)
from qihub.core.roster import COLUMN_GUIDE, RosterError, read_roster, roster_import


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


def roster_upload(request: HttpRequest) -> HttpResponse:
    """Upload a roster file; preview it (a dry run) or import it, and show the report."""
    if not request.user.has_perm("core.add_rosterimport"):
        raise PermissionDenied
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            roster = read_roster(upload, filename=upload.name)
            report = roster_import(
                rows=roster.rows,
                full=form.cleaned_data["full_roster"],
                dry_run=form.cleaned_data["dry_run"],
                source_name=upload.name,
                actor=request.user,
                ignored_columns=roster.ignored_columns,
            )
        except RosterError as error:
            form.add_error("file", str(error))
        else:
            if not report.dry_run:
                say = messages.warning if report.errors else messages.success
                say(request, report.summary())
    return TemplateResponse(
        request,
        "core/admin/roster_upload.html",
        {
            "form": form,
            "report": report,
            "columns": COLUMN_GUIDE,
            "header_icon": "upload",
        },
    )


@hooks.register("register_admin_urls")
def register_roster_url() -> list:
    return [path("roster/upload/", roster_upload, name="roster_upload")]


class RosterMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm("core.add_rosterimport")


@hooks.register("register_admin_menu_item")
def register_roster_menu_item() -> MenuItem:
    return RosterMenuItem("Import roster", reverse("roster_upload"), icon_name="upload", order=210)


hooks.register("construct_homepage_panels", attention_panel_add)
hooks.register(extensions.BACK_OFFICE_ATTENTION, roster_attention, order=900)
