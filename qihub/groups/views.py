"""Reference groups' pages: the public's (purpose, composition, published notes), a member's
(their groups, meetings and actions) and the QI team's (decisions, the grid, attendance)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qihub.core.models import Person
from qihub.core.permissions import is_qi_team, person_for, role_required
from qihub.groups.errors import GroupError
from qihub.groups.forms import ApplyForm, AttendanceForm
from qihub.groups.models import Action, Meeting, Membership, ReferenceGroup
from qihub.groups.permissions import (
    group_can_apply,
    group_can_manage,
    meeting_can_view_all,
)
from qihub.groups.selectors import (
    composition_public,
    grid_for,
    group_for,
    groups_listed,
    meeting_for,
    meetings_published,
    members_current,
    membership_open_for,
    memberships_past,
    memberships_waiting,
    my_groups,
)
from qihub.groups.services import (
    action_mark_done,
    meeting_attendance_record,
    membership_accept,
    membership_apply,
    membership_decline,
    membership_end,
    membership_invite,
    membership_renew,
)


def _group_or_404(slug: str) -> ReferenceGroup:
    group = group_for(slug=slug)
    if group is None:
        raise Http404
    return group


def _managed_or_403(request: HttpRequest, slug: str) -> ReferenceGroup:
    """A group the user runs (the QI team); anyone else is refused."""
    group = _group_or_404(slug)
    if not group_can_manage(user=request.user, obj=group):
        raise PermissionDenied
    return group


def _membership_for(request: HttpRequest, pk: int) -> Membership:
    """An application, invitation or term that is the user's own, or any for the QI team."""
    membership = get_object_or_404(Membership.objects.select_related("group", "person"), pk=pk)
    person = person_for(request.user)
    if not is_qi_team(request.user) and (person is None or membership.person_id != person.pk):
        raise Http404
    return membership


def _action_for(request: HttpRequest, pk: int) -> Action:
    """An action the user owns, or any for the QI team."""
    action = get_object_or_404(Action, pk=pk)
    person = person_for(request.user)
    if not is_qi_team(request.user) and (person is None or action.owner_id != person.pk):
        raise Http404
    return action


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "groups/list.html", {"groups": groups_listed()})


@require_GET
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_or_404(slug)
    return TemplateResponse(
        request,
        "groups/detail.html",
        {
            "group": group,
            "composition": composition_public(group=group),
            "meetings": meetings_published(group=group),
            "mine": membership_open_for(user=request.user, group=group),
            "can_apply": group_can_apply(user=request.user, obj=group),
            "can_manage": group_can_manage(user=request.user, obj=group),
        },
    )


@require_GET
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Published notes for everyone; the agenda, unpublished notes and actions for members."""
    group = _group_or_404(slug)
    probe = get_object_or_404(Meeting, group=group, pk=pk)
    see_all = meeting_can_view_all(user=request.user, obj=probe)
    meeting = meeting_for(group=group, pk=pk, see_all=see_all)
    if meeting is None:
        raise Http404
    return TemplateResponse(
        request,
        "groups/meeting.html",
        {"group": group, "meeting": meeting, "see_all": see_all},
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """Anyone signed in reaches the form; the service says who may apply and when."""
    group = _group_or_404(slug)
    form = ApplyForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            membership_apply(
                group=group, user=request.user, statement=form.cleaned_data["statement"]
            )
        except GroupError as refusal:
            error = refusal.message
        else:
            messages.success(request, f"Thank you: your application to join {group.name} is in.")
            return redirect("groups:mine")
    elif not group_can_apply(user=request.user, obj=group):
        error = f"{group.name} is for {group.get_audience_display().lower()} only."
    return TemplateResponse(
        request,
        "groups/apply.html",
        {"group": group, "form": form, "error": error},
        status=400 if error and request.method == "POST" else 200,
    )


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "groups/mine.html",
        {"mine": my_groups(user=request.user), "today": timezone.localdate()},
    )


DECISIONS = {
    "accept": (membership_accept, "{person} is now a member of {group}."),
    "decline": (membership_decline, "Declined: {person}, {group}."),
    "end": (membership_end, "The term of {person} on {group} has ended."),
    "renew": (membership_renew, "The term of {person} on {group} is renewed."),
}


@login_required
@require_POST
def membership_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """Accept or decline an application (the QI team) or an invitation (the invitee); end a
    term (the QI team, or the member stepping down); renew one (the QI team)."""
    if decision not in DECISIONS:
        raise Http404
    membership = _membership_for(request, pk)
    service, done = DECISIONS[decision]
    try:
        service(membership=membership, user=request.user)
    except GroupError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, done.format(person=membership.person.full_name, group=membership.group.name)
        )
    if is_qi_team(request.user) and request.POST.get("back") == "manage":
        return redirect("groups:manage", membership.group.slug)
    return redirect("groups:mine")


@login_required
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_for(request, pk)
    try:
        action_mark_done(action=action, user=request.user)
    except GroupError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Marked done: {action.text}")
    return redirect("groups:mine")


@role_required()
@require_GET
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    group = _managed_or_403(request, slug)
    return TemplateResponse(
        request,
        "groups/manage/index.html",
        {
            "group": group,
            "waiting": memberships_waiting(group=group),
            "members": members_current(group=group),
            "past": memberships_past(group=group),
            "meetings": group.meetings.all(),
        },
    )


@role_required()
@require_GET
def grid(request: HttpRequest, slug: str) -> HttpResponse:
    group = _managed_or_403(request, slug)
    return TemplateResponse(
        request, "groups/manage/grid.html", {"group": group, "grid": grid_for(group=group)}
    )


@role_required()
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, slug: str, person_pk: int) -> HttpResponse:
    """Confirm, then invite someone the grid suggested (or anyone in the roster)."""
    group = _managed_or_403(request, slug)
    person = get_object_or_404(
        Person.objects.select_related("team__service__directorate", "level"), pk=person_pk
    )
    error = None
    if request.method == "POST":
        try:
            membership_invite(group=group, person=person, user=request.user)
        except GroupError as refusal:
            error = refusal.message
        else:
            messages.success(request, f"{person.full_name} is invited to join {group.name}.")
            return redirect("groups:grid", group.slug)
    return TemplateResponse(
        request,
        "groups/manage/invite.html",
        {"group": group, "person": person, "error": error},
        status=400 if error else 200,
    )


@role_required()
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = _managed_or_403(request, slug)
    meeting = get_object_or_404(Meeting, group=group, pk=pk)
    came = set(meeting.attendances.values_list("person_id", flat=True))
    day = meeting.held_at.date()
    eligible = (
        group.memberships.filter(started_on__lte=day, status__in=["active", "ended"])
        .exclude(ended_on__lt=day)
        .exclude(person_id__in=came)
        .select_related("person")
        .order_by("person__last_name")
    )
    form = AttendanceForm(
        request.POST or None, choices=[(m.person_id, m.person.full_name) for m in eligible]
    )
    if request.method == "POST" and form.is_valid():
        people = list(Person.objects.filter(pk__in=form.cleaned_data["people"]))
        try:
            added = meeting_attendance_record(meeting=meeting, user=request.user, people=people)
        except GroupError as refusal:
            form.add_error("people", refusal.message)
        else:
            messages.success(request, f"{added} attendance{'s' if added != 1 else ''} recorded.")
            return redirect("groups:attendance", group.slug, meeting.pk)
    return TemplateResponse(
        request,
        "groups/manage/attendance.html",
        {
            "group": group,
            "meeting": meeting,
            "form": form,
            "came": meeting.attendances.select_related("person").order_by("person__last_name"),
        },
        status=400 if form.errors else 200,
    )
