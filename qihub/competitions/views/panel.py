"""The shortlisting panel: blind scoring, conflicts, the ranking and the shortlist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qihub.competitions.errors import CompetitionError
from qihub.competitions.forms import PHASE_CONSEQUENCES, ConflictForm, ScoreForm, ShortlistForm
from qihub.competitions.models import PHASE_ORDER, Competition, PanelMember, Phase
from qihub.competitions.permissions import (
    Predicate,
    panel_can_manage,
    panel_can_score,
    panel_can_view,
)
from qihub.competitions.selectors import (
    conflicted_entry_ids,
    own_scores,
    panel_entries,
    panel_entry,
    panel_member_for,
    panel_progress,
    panel_ranking,
    scores_visible,
)
from qihub.competitions.services import (
    conflict_declare,
    score_submit,
    scoring_close,
    shortlist_confirm,
)
from qihub.competitions.views.common import (
    competition_or_404,
    confirmation,
    confirmed,
    error_to_form,
)

SHORTLISTING_INDEX = PHASE_ORDER.index(Phase.SHORTLISTING)


def _get_panel_for(
    request: HttpRequest, slug: str, *, may: Predicate = panel_can_view
) -> tuple[Competition, PanelMember | None]:
    """The competition, if the user `may` act on its panel, and their seat on it (None for the
    QI team looking on)."""
    competition = competition_or_404(request, slug)
    if not may(user=request.user, obj=competition):
        raise PermissionDenied
    return competition, panel_member_for(competition=competition, user=request.user)


def _get_seat_for(request: HttpRequest, slug: str) -> tuple[Competition, PanelMember]:
    """The competition and the user's seat on its panel: only members score."""
    competition, member = _get_panel_for(request, slug, may=panel_can_score)
    if member is None:  # a seat given up since `panel_can_score` looked
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
    competition, member = _get_panel_for(request, slug)
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
            and panel_can_manage(user=request.user, obj=competition),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel_score(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Score one entry on each criterion, 1 to 5; a member sees only their own scores."""
    competition, member = _get_seat_for(request, slug)
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
    competition, member = _get_seat_for(request, slug)
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
    competition, _ = _get_panel_for(request, slug, may=panel_can_manage)
    if not confirmed(request):
        return confirmation(
            request,
            competition,
            question="Close scoring?",
            consequence=PHASE_CONSEQUENCES["close_scoring"],
            yes="Yes, close scoring",
            fields={},
            back_url=reverse("competitions:panel", args=[competition.slug]),
        )
    try:
        scoring_close(competition=competition, actor=request.user)
    except CompetitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Scoring is closed. The panel can now see the ranking.")
    return redirect("competitions:panel", slug=competition.slug)


@login_required
@require_http_methods(["GET", "POST"])
def panel_shortlist(request: HttpRequest, slug: str) -> HttpResponse:
    """The weighted ranking and its spread, once scores are visible; the chair confirms."""
    competition, member = _get_panel_for(request, slug)
    visible = competition.phase_index >= SHORTLISTING_INDEX and scores_visible(
        competition=competition
    )
    may_confirm = (
        visible
        and competition.phase == Phase.SHORTLISTING
        and not competition.shortlist_confirmed
        and panel_can_manage(user=request.user, obj=competition)
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
