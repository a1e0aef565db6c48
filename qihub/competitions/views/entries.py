"""Entrants: submit an entry, see their entries, edit or withdraw them before entries close, and
invite their team; invitees answer their invitation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qihub.competitions.errors import CompetitionError
from qihub.competitions.forms import EntryForm, TeamAnswerForm, TeamInviteForm
from qihub.competitions.models import Competition, Entry, EntryStatus
from qihub.competitions.permissions import entry_can_edit
from qihub.competitions.selectors import (
    entries_of,
    entry_numbered,
    is_invitee,
    named_in_results,
    team_invitation_for,
    team_of,
)
from qihub.competitions.services import entry_submit, entry_update, entry_withdraw
from qihub.competitions.services.eligibility import may_enter
from qihub.competitions.services.teams import (
    entry_name_in_results_set,
    team_invitation_accept,
    team_invitation_decline,
    team_invite,
)
from qihub.competitions.views.common import competition_or_404, error_to_form, notice
from qihub.core.models import Person
from qihub.core.permissions import person_for

# Which form field a service's refusal is about.
ERROR_FIELDS = {
    "no_image": "images",
    "too_many_images": "images",
    "bad_image": "images",
    "bad_email": "team",
    "team_self": "team",
    "team_too_big": "team",
    "too_many_invitations": "team",
}
# The same refusals, on the page that invites more of the team.
INVITE_ERROR_FIELDS = {code: "emails" for code, field in ERROR_FIELDS.items() if field == "team"}
INVITED = (
    "We have emailed each address you gave a link to confirm that they are on your team. They "
    "join it when they do."
)


def _get_entrant_for(request: HttpRequest, slug: str) -> tuple[Competition, Person]:
    competition = competition_or_404(request, slug)
    person = person_for(request.user)
    if person is None:
        raise PermissionDenied
    return competition, person


def _get_entry_for(request: HttpRequest, slug: str, number: int) -> tuple[Competition, Entry]:
    """An entry that the user may change; anyone else's is not found, as if it did not exist."""
    competition = competition_or_404(request, slug)
    entry = entry_numbered(competition=competition, number=number)
    if entry is None or not entry_can_edit(user=request.user, obj=entry):
        raise Http404
    return competition, entry


def _closed(request: HttpRequest, competition: Competition) -> HttpResponse:
    return notice(
        request,
        competition,
        title="Entries are closed",
        lines=["This competition is not taking entries or changes to entries now."],
        links=[("See your entries", reverse("competitions:my_entries", args=[competition.slug]))],
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, slug: str) -> HttpResponse:
    competition, person = _get_entrant_for(request, slug)
    if not competition.taking_entries:
        return _closed(request, competition)
    if not may_enter(competition=competition, person=person):
        return notice(
            request,
            competition,
            title="You cannot enter this competition",
            lines=[
                f"This competition is open to: {competition.get_who_may_enter_display().lower()}.",
                "If you think you should be able to enter, contact your QI team.",
            ],
            status=403,
        )
    post = request.method == "POST"
    form = EntryForm(
        request.POST if post else None, request.FILES if post else None, competition=competition
    )
    if post and form.is_valid():
        try:
            entry = entry_submit(
                competition=competition,
                person=person,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                images=form.uploads(),
                invite=form.cleaned_data["team"],
                name_in_results=form.cleaned_data["name_in_results"],
            )
        except CompetitionError as error:
            error_to_form(form, error, ERROR_FIELDS)
        else:
            messages.success(
                request,
                f"Thank you: {entry} has been sent. The QI team will check it, "
                "and we will email you when they have."
                + (f" {INVITED}" if form.cleaned_data["team"] else ""),
            )
            return redirect("competitions:my_entries", slug=competition.slug)
    return TemplateResponse(
        request,
        "competitions/entries/form.html",
        {"competition": competition, "form": form, "entry": None},
    )


@login_required
@require_GET
def my_entries(request: HttpRequest, slug: str) -> HttpResponse:
    competition, person = _get_entrant_for(request, slug)
    entries = entries_of(competition=competition, person=person)
    return TemplateResponse(
        request,
        "competitions/entries/mine.html",
        {
            "competition": competition,
            "entries": entries,
            "open": competition.taking_entries,
            "may_enter": competition.taking_entries
            and may_enter(competition=competition, person=person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    competition, entry = _get_entry_for(request, slug, number)
    if not competition.taking_entries or entry.status == EntryStatus.WITHDRAWN:
        return _closed(request, competition)
    post = request.method == "POST"
    form = EntryForm(
        request.POST if post else None,
        request.FILES if post else None,
        competition=competition,
        editing=True,
        initial={"title": entry.title, "description": entry.description},
    )
    if post and form.is_valid():
        try:
            entry_update(
                entry=entry,
                actor=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                images=form.uploads(),
            )
        except CompetitionError as error:
            error_to_form(form, error, ERROR_FIELDS)
        else:
            messages.success(request, f"{entry} has been updated. The QI team will check it again.")
            return redirect("competitions:my_entries", slug=competition.slug)
    return TemplateResponse(
        request,
        "competitions/entries/form.html",
        {"competition": competition, "form": form, "entry": entry},
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_withdraw_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    competition, entry = _get_entry_for(request, slug, number)
    if not competition.taking_entries or entry.status == EntryStatus.WITHDRAWN:
        return _closed(request, competition)
    if request.method == "POST":
        try:
            entry_withdraw(entry=entry, actor=request.user)
        except CompetitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{entry} has been withdrawn.")
        return redirect("competitions:my_entries", slug=competition.slug)
    return TemplateResponse(
        request,
        "competitions/entries/withdraw.html",
        {"competition": competition, "entry": entry},
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_team(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """An entry's team, for its entrants: who joined, who has not, and inviting more."""
    competition, entry = _get_entry_for(request, slug, number)
    may_invite = competition.taking_entries and entry.status != EntryStatus.WITHDRAWN
    if request.method == "POST" and not may_invite:
        return _closed(request, competition)
    form = TeamInviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            team_invite(entry=entry, actor=request.user, emails=form.cleaned_data["emails"])
        except CompetitionError as error:
            error_to_form(form, error, INVITE_ERROR_FIELDS)
        else:
            messages.success(request, INVITED)
            return redirect("competitions:entry_team", slug=competition.slug, number=number)
    joined, waiting = team_of(entry=entry)
    return TemplateResponse(
        request,
        "competitions/entries/team.html",
        {
            "competition": competition,
            "entry": entry,
            "joined": joined,
            "waiting": waiting,
            "form": form if may_invite else None,
            "named": named_in_results(entry=entry, person=person_for(request.user)),
        },
    )


@login_required
@require_POST
def entry_name_in_results(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """An entrant says whether the results may name them beside the entry (any time)."""
    competition, entry = _get_entry_for(request, slug, number)
    person = person_for(request.user)
    assert person is not None  # an entrant, as _get_entry_for checked
    named = request.POST.get("name_in_results") == "yes"
    try:
        entry_name_in_results_set(entry=entry, person=person, name_in_results=named)
    except CompetitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            "The results will name you beside this entry."
            if named
            else "The results will not name you beside this entry.",
        )
    return redirect("competitions:entry_team", slug=competition.slug, number=number)


@login_required
@require_http_methods(["GET", "POST"])
def team_invitation(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The invitee, signed in with the invited address, joins the team or declines."""
    competition = competition_or_404(request, slug)
    invitation = team_invitation_for(competition=competition, token=token)
    if invitation is None:
        raise Http404
    person = person_for(request.user)
    if not is_invitee(invitation=invitation, person=person):
        # Nothing about the entry or who sent it, to someone holding a link not meant for them.
        return notice(
            request,
            competition,
            title="This invitation is for someone else",
            lines=[
                "It was sent to another email address. Sign out, and sign in with the account "
                "for the address the invitation was sent to."
            ],
            status=403,
        )
    assert person is not None  # is_invitee says so
    form = TeamAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        joining = form.cleaned_data["answer"] == "join"
        try:
            if joining:
                team_invitation_accept(
                    invitation=invitation,
                    person=person,
                    name_in_results=form.cleaned_data["name_in_results"],
                )
            else:
                team_invitation_decline(invitation=invitation, person=person)
        except CompetitionError as error:
            form.add_error(None, error.message)
        else:
            if joining:
                messages.success(request, f"You are on the team of {invitation.entry}.")
                return redirect("competitions:my_entries", slug=competition.slug)
            messages.success(request, "You have declined the invitation.")
            return redirect("competitions:detail", slug=competition.slug)
    return TemplateResponse(
        request,
        "competitions/entries/invitation.html",
        {"competition": competition, "invitation": invitation, "form": form},
    )
