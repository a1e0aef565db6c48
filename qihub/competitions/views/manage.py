"""The QI team runs a competition: phase changes, moderation, the panel's mix, turnout."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qihub.competitions.errors import CompetitionError
from qihub.competitions.forms import PHASE_ACTIONS, PHASE_CONSEQUENCES, PhaseForm, RejectForm
from qihub.competitions.models import PHASE_ORDER, Competition, Phase
from qihub.competitions.selectors import (
    entries_for_moderation,
    entry_numbered,
    panel_mix_problems,
    panel_progress,
    scores_visible,
    turnout_public,
)
from qihub.competitions.services import (
    competition_close_entries,
    competition_close_voting,
    competition_open_entries,
    competition_open_voting,
    competition_publish_results,
    competition_start_shortlisting,
    entry_accept,
    entry_reject,
    scoring_close,
)
from qihub.competitions.views.common import confirmation, confirmed, error_to_form
from qihub.competitions.wagtail_hooks import CRITERIA_SECTION, PANEL_SECTION
from qihub.core.permissions import Role, role_required

DONE = {
    "open_entries": "The competition is open for entries.",
    "close_entries": "Entries are closed.",
    "start_shortlisting": "Shortlisting has started: the panel can score the accepted entries.",
    "close_scoring": "Scoring is closed. The panel can now see the ranking.",
    "open_voting": "Voting is open.",
    "close_voting": "Voting is closed.",
    "publish_results": "The results are published.",
}


def _competition(slug: str) -> Competition:
    """The QI team sees every competition, drafts included (role_required has checked)."""
    return get_object_or_404(Competition, slug=slug)


def _actions_for(competition: Competition) -> list[tuple[str, str]]:
    """The phase buttons that make sense now."""
    actions = [
        (key, label) for key, (label, phase) in PHASE_ACTIONS.items() if phase == competition.phase
    ]
    if competition.scoring_closed or competition.shortlist_confirmed:
        actions = [(key, label) for key, label in actions if key != "close_scoring"]
    return actions


@role_required(Role.QI_TEAM)
@require_GET
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    competition = _competition(slug)
    started_shortlisting = competition.phase_index >= PHASE_ORDER.index(Phase.SHORTLISTING)
    voting_started = competition.phase_index >= PHASE_ORDER.index(Phase.VOTING)
    edit_url = reverse("wagtailsnippets_competitions_competition:edit", args=[competition.pk])
    return TemplateResponse(
        request,
        "competitions/manage/index.html",
        {
            "competition": competition,
            "actions": _actions_for(competition),
            "entries": entries_for_moderation(competition=competition),
            "moderating": competition.phase in {Phase.ENTRIES_OPEN, Phase.ENTRIES_CLOSED},
            "mix_problems": panel_mix_problems(competition=competition),
            "panel": competition.panel_members.select_related("person__level").order_by(
                "-is_chair", "person__last_name"
            ),
            "criteria": competition.criteria.all(),
            "started_shortlisting": started_shortlisting,
            "progress": panel_progress(competition=competition) if started_shortlisting else [],
            "scores_visible": started_shortlisting and scores_visible(competition=competition),
            "turnout": turnout_public(competition=competition) if voting_started else None,
            "edit_url": edit_url,
            "criteria_url": f"{edit_url}#{CRITERIA_SECTION}",
            "panel_url": f"{edit_url}#{PANEL_SECTION}",
        },
    )


def _run(action: str, competition: Competition, user: Any) -> None:
    steps: dict[str, Callable[[], Any]] = {
        "open_entries": lambda: competition_open_entries(competition=competition, actor=user),
        "close_entries": lambda: competition_close_entries(competition=competition, actor=user),
        "start_shortlisting": lambda: competition_start_shortlisting(
            competition=competition, actor=user
        ),
        "close_scoring": lambda: scoring_close(competition=competition, actor=user),
        "open_voting": lambda: competition_open_voting(competition=competition, actor=user),
        "close_voting": lambda: competition_close_voting(competition=competition, actor=user),
        "publish_results": lambda: competition_publish_results(competition=competition, actor=user),
    }
    steps[action]()


@role_required(Role.QI_TEAM)
@require_POST
def manage_phase(request: HttpRequest, slug: str) -> HttpResponse:
    """Move the competition on once confirmed; a refusal is shown as an error saying what is
    missing."""
    competition = _competition(slug)
    form = PhaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the buttons to change the competition's stage.")
        return redirect("competitions:manage", slug=competition.slug)
    action = form.cleaned_data["action"]
    if not confirmed(request):
        label = PHASE_ACTIONS[action][0]
        return confirmation(
            request,
            competition,
            question=f"{label}?",
            consequence=PHASE_CONSEQUENCES[action],
            yes=f"Yes, {label[0].lower()}{label[1:]}",
            fields={"action": action},
            back_url=reverse("competitions:manage", args=[competition.slug]),
        )
    try:
        _run(action, competition, request.user)
    except CompetitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, DONE[action])
    return redirect("competitions:manage", slug=competition.slug)


@role_required(Role.QI_TEAM)
@require_POST
def manage_accept(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    competition = _competition(slug)
    entry = entry_numbered(competition=competition, number=number)
    if entry is None:
        raise Http404
    try:
        entry_accept(entry=entry, actor=request.user)
    except CompetitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{entry} is accepted.")
    return redirect(reverse("competitions:manage", args=[competition.slug]) + "#moderation")


@role_required(Role.QI_TEAM)
@require_http_methods(["GET", "POST"])
def manage_reject(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    competition = _competition(slug)
    entry = entry_numbered(competition=competition, number=number)
    if entry is None:
        raise Http404
    form = RejectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            entry_reject(entry=entry, actor=request.user, reason=form.cleaned_data["reason"])
        except CompetitionError as error:
            error_to_form(form, error, {"no_reason": "reason"})
        else:
            messages.success(request, f"{entry} is not accepted; the entrant has been told why.")
            return redirect(reverse("competitions:manage", args=[competition.slug]) + "#moderation")
    return TemplateResponse(
        request,
        "competitions/manage/reject.html",
        {"competition": competition, "entry": entry, "form": form},
    )
