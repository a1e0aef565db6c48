"""Pages anyone can see: competitions, live turnout, receipt checks, results, entry images."""

import logging
import mimetypes

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from qihub.competitions.errors import CompetitionError
from qihub.competitions.forms import ReceiptForm
from qihub.competitions.models import PHASE_ORDER, Phase
from qihub.competitions.selectors import (
    Credit,
    competitions_visible_to,
    entrants_named,
    entries_of,
    entry_image_for,
    is_elector,
    panel_member_for,
    receipt_counted,
    shortlisted_entries,
    turnout_public,
    vote_cast_at,
)
from qihub.competitions.services.eligibility import may_enter
from qihub.competitions.views.common import competition_or_404
from qihub.core.permissions import is_qi_team, person_for

VOTING_INDEX = PHASE_ORDER.index(Phase.VOTING)
logger = logging.getLogger(__name__)


@require_GET
def competition_list(request: HttpRequest) -> HttpResponse:
    competitions = competitions_visible_to(user=request.user)
    return TemplateResponse(request, "competitions/list.html", {"competitions": competitions})


@require_GET
def competition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The brief, rules, prizes, dates, and what the person reading can do now."""
    competition = competition_or_404(request, slug)
    person = person_for(request.user)
    voting_started = competition.phase_index >= VOTING_INDEX
    context = {
        "competition": competition,
        "person": person,
        "may_enter": competition.phase == Phase.ENTRIES_OPEN
        and may_enter(competition=competition, person=person),
        "my_entries": entries_of(competition=competition, person=person) if person else [],
        "panel_member": panel_member_for(competition=competition, user=request.user),
        "is_elector": competition.phase == Phase.VOTING
        and is_elector(competition=competition, person=person),
        "voted_at": vote_cast_at(competition=competition, person=person)
        if voting_started
        else None,
        "shortlist": shortlisted_entries(competition=competition) if voting_started else [],
        "is_qi_team": is_qi_team(request.user),
        "voting_started": voting_started,
    }
    return TemplateResponse(request, "competitions/detail.html", context)


@require_GET
def turnout(request: HttpRequest, slug: str) -> HttpResponse:
    """Votes so far, in the last five minutes and by directorate; never a count per entry."""
    competition = competition_or_404(request, slug)
    started = competition.phase_index >= VOTING_INDEX
    return TemplateResponse(
        request,
        "competitions/turnout.html",
        {
            "competition": competition,
            "started": started,
            "live": competition.phase == Phase.VOTING,
            "turnout": turnout_public(competition=competition) if started else None,
            "now": timezone.now(),
        },
    )


@never_cache
@require_GET
def turnout_json(request: HttpRequest, slug: str) -> JsonResponse:
    """The turnout page's numbers, for its script to poll: the same numbers, no per-entry ones."""
    competition = competition_or_404(request, slug)
    started = competition.phase_index >= VOTING_INDEX
    numbers = turnout_public(competition=competition).as_dict() if started else {}
    return JsonResponse(
        {
            "phase": competition.phase,
            "phase_label": competition.get_phase_display(),
            "updated": timezone.localtime().strftime("%H:%M:%S"),
            **numbers,
        }
    )


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def receipt_check(request: HttpRequest, slug: str) -> HttpResponse:
    """Anyone can check that a ballot with a receipt code is in the count (never what it was for).

    The code is posted, not put in the address, so it stays out of logs and browser history.
    """
    competition = competition_or_404(request, slug)
    form = ReceiptForm(request.POST if request.method == "POST" else None)
    counted = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            counted = receipt_counted(competition=competition, code=form.cleaned_data["code"])
        except CompetitionError:
            # The sealed votes cannot be opened with this server's key: the operators' problem
            # (the log says what to do), and no vote is lost.
            logger.exception("Receipt check failed for competition %s", competition.slug)
            form.add_error(None, "Receipts cannot be checked at the moment. Try again later.")
            status = 503
    return TemplateResponse(
        request,
        "competitions/receipt_check.html",
        {
            "competition": competition,
            "form": form,
            "counted": counted,
            "started": competition.phase_index >= VOTING_INDEX,
        },
        status=status,
    )


def _by(credit: Credit | None) -> str:
    """ "by A, B and 2 others": the entrants who agreed to be named, and how many others."""
    if credit is None or not credit.names:
        return ""
    names = list(credit.names)
    if credit.others:
        names.append(f"{credit.others} other{pluralize(credit.others)}")
    return "by " + (f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else names[0])


@require_GET
def results(request: HttpRequest, slug: str) -> HttpResponse:
    competition = competition_or_404(request, slug)
    if competition.phase != Phase.RESULTS:
        return TemplateResponse(
            request, "competitions/results.html", {"competition": competition, "result": None}
        )
    result = competition.result
    shortlist = shortlisted_entries(competition=competition)
    images = {
        entry.pk: entry.images.all()[0] if entry.images.all() else None for entry in shortlist
    }
    credits = entrants_named(entries=shortlist)
    rows = [
        {
            **row,
            "percent": 100 * row["votes"] / result.votes if result.votes else 0,
            "image": images.get(row["entry"]),
            "by": _by(credits.get(row["entry"])),
        }
        for row in result.tally
    ]
    most = max((row["votes"] for row in rows), default=0)
    return TemplateResponse(
        request,
        "competitions/results.html",
        {
            "competition": competition,
            "result": result,
            "rows": rows,
            "winners": [row for row in rows if most and row["votes"] == most],
            "turnout": 100 * result.votes / result.electorate if result.electorate else 0,
        },
    )


@require_GET
def entry_image(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """An entry's image, served only to those who may see the entry at this stage."""
    competition = competition_or_404(request, slug)
    image = entry_image_for(user=request.user, competition=competition, pk=pk)
    if image is None:
        raise Http404
    content_type = mimetypes.guess_type(image.image.name or "")[0] or "application/octet-stream"
    response = FileResponse(image.image.open("rb"), content_type=content_type)
    public = image.entry.shortlisted and competition.phase_index >= VOTING_INDEX
    patch_cache_control(response, public=public, private=not public, max_age=3600)
    return response
