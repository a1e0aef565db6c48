"""The shortlisting panel: blind scoring, conflicts, the ranking and the shortlist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qihub.competitions.errors import CompetitionError
from qihub.competitions.forms import ConflictForm, ScoreForm, ShortlistForm
from qihub.competitions.models import PHASE_ORDER, Competition, PanelMember, Phase
from qihub.competitions.selectors import (
    own_scores,
    panel_entries,
    panel_entry,
    panel_member_for,
    panel_progress,
)
from qihub.competitions.services import (
    conflict_declare,
    panel_ranking,
    score_submit,
    scores_visible,
    scoring_close,
    shortlist_confirm,
)
from qihub.competitions.services.panel import conflicted_entry_ids
from qihub.competitions.views.common import competition_or_404, error_to_form
from qihub.core.permissions import is_qi_team

SHORTLISTING_INDEX = PHASE_ORDER.index(Phase.SHORTLISTING)


def _panel_for(request: HttpRequest, slug: str) -> tuple[Competition, PanelMember | None]:
    """The competition and the user's place on its panel; the QI team may look on (None)."""
    competition = competition_or_404(request, slug)
    member = panel_member_for(competition=competition, user=request.user)
    if member is None and not is_qi_team(request.user):
        raise PermissionDenied
    return competition, member


def _member_for(request: HttpRequest, slug: str) -> tuple[Competition, PanelMember]:
    """Only panel members score and declare conflicts."""
    competition, member = _panel_for(request, slug)
    if member is None:
        raise PermissionDenied
    return competition, member


def _scoring_open(competition: Competition) -> bool:
    return (
        competition.phase == Phase.SHORTLISTING
        and not competition.scoring_closed
        and not competition.shortlist_confirmed
    )


@login_required
@require_GET
def panel_index(request: HttpRequest, slug: str) -> HttpResponse:
    """The accepted entries, blind until the shortlist is confirmed, with the member's progress."""
    competition, member = _panel_for(request, slug)
    started = competition.phase_index >= SHORTLISTING_INDEX
    entries = panel_entries(competition=competition) if started else []
    mine = own_scores(member=member) if member else {}
    conflicted = conflicted_entry_ids(member=member) if member else set()
    criteria = list(competition.criteria.all())
    progress = panel_progress(competition=competition) if started else []
    rows = [
        {
            "entry": entry,
            "conflicted": entry.pk in conflicted,
            "scores": [(c, mine.get(entry.pk, {}).get(c.pk)) for c in criteria],
            "scored": len(mine.get(entry.pk, {})) >= len(criteria) and bool(criteria),
        }
        for entry in entries
    ]
    return TemplateResponse(
        request,
        "competitions/panel/index.html",
        {
            "competition": competition,
            "member": member,
            "started": started,
            "rows": rows,
            "scoring_open": _scoring_open(competition),
            "visible": started and scores_visible(competition=competition),
            "progress": progress,
            "finished": sum(1 for row in progress if row.scored >= row.due),
            "may_close": _scoring_open(competition)
            and (is_qi_team(request.user) or (member is not None and member.is_chair)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel_score(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Score one entry on each criterion, 1 to 5; a member sees only their own scores."""
    competition, member = _member_for(request, slug)
    if competition.phase_index < SHORTLISTING_INDEX:
        raise Http404
    entry = panel_entry(competition=competition, number=number)
    if entry is None:
        raise Http404
    criteria = list(competition.criteria.all())
    current = own_scores(member=member).get(entry.pk, {})
    conflicted = entry.pk in conflicted_entry_ids(member=member)
    form = ScoreForm(
        request.POST if request.method == "POST" else None,
        criteria=criteria,
        initial={f"criterion_{pk}": value for pk, value in current.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            score_submit(member=member, entry=entry, values=form.values())
        except CompetitionError as error:
            error_to_form(form, error, {})
        else:
            messages.success(request, f"Your scores for {entry} are saved.")
            return redirect("competitions:panel", slug=competition.slug)
    return TemplateResponse(
        request,
        "competitions/panel/score.html",
        {
            "competition": competition,
            "member": member,
            "entry": entry,
            "form": form,
            "current": [(c, current.get(c.pk)) for c in criteria],
            "has_scores": bool(current),
            "conflicted": conflicted,
            "scoring_open": _scoring_open(competition),
            "conflict_form": ConflictForm(),
        },
    )


@login_required
@require_POST
def panel_conflict(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    competition, member = _member_for(request, slug)
    entry = panel_entry(competition=competition, number=number)
    if entry is None:
        raise Http404
    form = ConflictForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        conflict_declare(member=member, entry=entry, reason=reason)
    except CompetitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"You have declared a conflict of interest with {entry}: you will not score it.",
        )
    return redirect("competitions:panel", slug=competition.slug)


@login_required
@require_POST
def panel_close(request: HttpRequest, slug: str) -> HttpResponse:
    """The chair (or the QI team) closes scoring, so the ranking can be seen before all finish."""
    competition, member = _panel_for(request, slug)
    qi_team = is_qi_team(request.user)
    if not qi_team and not (member is not None and member.is_chair):
        raise PermissionDenied
    try:
        scoring_close(competition=competition, actor=request.user, is_qi_team=qi_team)
    except CompetitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Scoring is closed. The panel can now see the ranking.")
    return redirect("competitions:panel", slug=competition.slug)


@login_required
@require_http_methods(["GET", "POST"])
def panel_shortlist(request: HttpRequest, slug: str) -> HttpResponse:
    """The weighted ranking and its spread, once scores are visible; the chair confirms."""
    competition, member = _panel_for(request, slug)
    visible = competition.phase_index >= SHORTLISTING_INDEX and scores_visible(
        competition=competition
    )
    may_confirm = (
        visible
        and competition.phase == Phase.SHORTLISTING
        and not competition.shortlist_confirmed
        and (is_qi_team(request.user) or (member is not None and member.is_chair))
    )
    if request.method == "POST" and not may_confirm:
        raise PermissionDenied
    ranking = panel_ranking(competition=competition) if visible else []
    size = min(competition.shortlist_size, len(ranking))
    choices = [
        (
            row.entry.pk,
            f"{row.entry}" + ("" if row.score is None else f" (score {row.score:.2f})"),
        )
        for row in ranking
    ]
    form = ShortlistForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        initial={"entries": [row.entry.pk for row in ranking[:size]]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            shortlist_confirm(
                competition=competition,
                entry_ids=form.cleaned_data["entries"],
                actor=request.user,
                is_qi_team=is_qi_team(request.user),
            )
        except CompetitionError as error:
            error_to_form(form, error, {"shortlist_size": "entries"})
        else:
            messages.success(request, f"The shortlist of {size} entries is confirmed.")
            return redirect("competitions:panel_shortlist", slug=competition.slug)
    return TemplateResponse(
        request,
        "competitions/panel/ranking.html",
        {
            "competition": competition,
            "member": member,
            "visible": visible,
            "ranking": ranking,
            "form": form,
            "size": size,
            "may_confirm": may_confirm,
        },
    )
