"""Entrants: submit an entry, see their entries, edit or withdraw them before entries close."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from qihub.competitions.errors import CompetitionError
from qihub.competitions.forms import EntryForm
from qihub.competitions.models import Competition, Entry, EntryStatus, Phase
from qihub.competitions.permissions import entry_can_edit
from qihub.competitions.selectors import entries_of, entry_numbered
from qihub.competitions.services import entry_submit, entry_update, entry_withdraw
from qihub.competitions.services.eligibility import may_enter
from qihub.competitions.views.common import competition_or_404, error_to_form, notice
from qihub.core.models import Person
from qihub.core.permissions import person_for

# Which form field a service's refusal is about.
ERROR_FIELDS = {
    "no_image": "images",
    "too_many_images": "images",
    "bad_image": "images",
    "team_self": "team",
    "team_not_eligible": "team",
}


def _entries_open(competition: Competition) -> bool:
    closes = competition.entries_close_at
    return competition.phase == Phase.ENTRIES_OPEN and not (closes and timezone.now() >= closes)


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
    if not _entries_open(competition):
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
                team=form.cleaned_data["team"],
            )
        except CompetitionError as error:
            error_to_form(form, error, ERROR_FIELDS)
        else:
            messages.success(
                request,
                f"Thank you: {entry} has been sent. The QI team will check it, "
                "and we will email you when they have.",
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
            "open": _entries_open(competition),
            "may_enter": _entries_open(competition)
            and may_enter(competition=competition, person=person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    competition, entry = _get_entry_for(request, slug, number)
    if not _entries_open(competition) or entry.status == EntryStatus.WITHDRAWN:
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
    if not _entries_open(competition) or entry.status == EntryStatus.WITHDRAWN:
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
