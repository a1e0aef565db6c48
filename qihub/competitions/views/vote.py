"""The ballot: one vote per elector, a receipt shown once, and no second ballot ever."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import dateformat, timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from qihub.competitions.errors import CompetitionError
from qihub.competitions.forms import BallotForm
from qihub.competitions.models import PHASE_ORDER, Competition, Phase
from qihub.competitions.selectors import (
    ballot_entries_for,
    is_elector,
    vote_cast_at,
    voting_shortlist,
)
from qihub.competitions.services import vote_cast
from qihub.competitions.views.common import competition_or_404, error_to_form, notice
from qihub.core.models import Person
from qihub.core.permissions import person_for

WHEN_FORMAT = r"j F Y \a\t H:i"


def _voted(
    request: HttpRequest, competition: Competition, person: Person | None, *, again: bool
) -> HttpResponse:
    return TemplateResponse(
        request,
        "competitions/vote/voted.html",
        {
            "competition": competition,
            "voted_at": vote_cast_at(competition=competition, person=person),
            "again": again,
        },
    )


def _not_open(request: HttpRequest, competition: Competition) -> HttpResponse:
    if competition.phase_index < PHASE_ORDER.index(Phase.VOTING):
        lines = ["Voting has not opened yet."]
        if competition.voting_open_at:
            when = timezone.localtime(competition.voting_open_at)
            lines.append(f"It is due to open on {dateformat.format(when, WHEN_FORMAT)}.")
    else:
        lines = ["Voting has closed."]
    return notice(request, competition, title="Voting is not open", lines=lines)


def _not_eligible(request: HttpRequest, competition: Competition) -> HttpResponse:
    return notice(
        request,
        competition,
        title="You cannot vote in this competition",
        lines=[
            "You are not on the list of people who can vote in this competition. The list was "
            "taken from the staff roster when voting opened: "
            f"{competition.get_who_may_vote_display().lower()}.",
            "If you think you should be able to vote, contact your QI team.",
        ],
        status=403,
    )


@never_cache
@sensitive_post_parameters("entry")
@login_required
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the ballot, or take the vote and show the receipt code in this response, once.

    The receipt is never put in a URL, the session or the database (only its hash, on the
    ballot): the response is marked not to be stored, and a replayed or second POST is told
    that the person has already voted.
    """
    voting = voting_shortlist(slug=slug)
    if voting is None:
        return _not_open(request, competition_or_404(request, slug))
    competition, entries = voting
    person = person_for(request.user)
    form = BallotForm(request.POST if request.method == "POST" else None, entries=entries)
    if request.method == "POST" and person is not None and form.is_valid():
        try:
            receipt = vote_cast(competition=competition, person=person, entry=form.chosen())
        except CompetitionError as error:
            if error.code == "already_voted":
                return _voted(request, competition, person, again=True)
            if error.code == "not_eligible":
                return _not_eligible(request, competition)
            if error.code == "voting_closed":
                return _not_open(request, competition)
            error_to_form(form, error, {"not_shortlisted": "entry"})
        else:
            return TemplateResponse(
                request,
                "competitions/vote/receipt.html",
                {"competition": competition, "receipt": receipt, "entry": form.chosen()},
            )
    if vote_cast_at(competition=competition, person=person):
        return _voted(request, competition, person, again=request.method == "POST")
    if person is None:
        return notice(
            request,
            competition,
            title="You cannot vote yet",
            lines=[],
            fragment="core/fragment_not_matched.html",
            status=403,
        )
    if not is_elector(competition=competition, person=person):
        return _not_eligible(request, competition)
    entries = ballot_entries_for(competition=competition, person=person)
    return TemplateResponse(
        request,
        "competitions/vote/ballot.html",
        {"competition": competition, "form": form, "entries": entries},
    )
