"""Competition reads that depend on who is asking: drafts, entries, images, scores, turnout."""

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from qihub.competitions.models import (
    PHASE_ORDER,
    Competition,
    Elector,
    Entry,
    EntryImage,
    EntryStatus,
    PanelMember,
    Phase,
    Score,
    VoteCast,
)
from qihub.competitions.services.panel import conflicted_entry_ids
from qihub.competitions.services.voting import Turnout, turnout_for
from qihub.core.models import Person
from qihub.core.permissions import is_qi_team, person_for

TURNOUT_CACHE_SECONDS = 2  # every visitor's page polls; this keeps the rush off the database
VOTING_CACHE_SECONDS = 2


def competitions_visible_to(*, user: Any) -> QuerySet[Competition]:
    """Everyone sees competitions once they open; only the QI team sees drafts."""
    competitions = Competition.objects.all()
    if not is_qi_team(user):
        competitions = competitions.exclude(phase=Phase.DRAFT)
    return competitions


def competition_for(*, user: Any, slug: str) -> Competition | None:
    competition = Competition.objects.filter(slug=slug).first()
    # Asked only of a draft: whether the user is on the QI team costs a query on every page.
    if competition is None or (competition.phase == Phase.DRAFT and not is_qi_team(user)):
        return None
    return competition


def _with_images(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    return entries.prefetch_related(Prefetch("images", queryset=EntryImage.objects.all()))


def entries_of(*, competition: Competition, person: Person) -> list[Entry]:
    """The entries a person submitted or is on the team of, with their images."""
    entries = competition.entries.filter(Q(submitted_by=person) | Q(team_members=person))
    return list(
        _with_images(entries.distinct().select_related("submitted_by")).prefetch_related(
            "team_members"
        )
    )


def entry_of(*, competition: Competition, person: Person, number: int) -> Entry | None:
    return next(
        (e for e in entries_of(competition=competition, person=person) if e.number == number),
        None,
    )


def entries_for_moderation(*, competition: Competition) -> list[Entry]:
    """Every entry, awaiting moderation first; the QI team sees who entered."""
    entries = competition.entries.select_related("submitted_by").prefetch_related("team_members")
    order = {"submitted": 0, "accepted": 1, "rejected": 2}
    return sorted(_with_images(entries), key=lambda e: (order.get(e.status, 3), e.number))


def entry_for_moderation(*, competition: Competition, number: int) -> Entry | None:
    return (
        _with_images(competition.entries.select_related("submitted_by"))
        .filter(number=number)
        .first()
    )


def people_by_email(*, emails: Iterable[str]) -> dict[str, Person]:
    """The people with these emails (case-insensitive), keyed by the lower-cased email."""
    wanted = {email.strip().lower() for email in emails if email.strip()}
    if not wanted:
        return {}
    people = Person.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=wanted)
    return {person.email.lower(): person for person in people}


def panel_member_for(*, competition: Competition, user: Any) -> PanelMember | None:
    person = person_for(user)
    if person is None:
        return None
    return (
        competition.panel_members.select_related("person", "competition")
        .filter(person=person)
        .first()
    )


def panel_entries(*, competition: Competition) -> list[Entry]:
    """The accepted entries the panel scores, in number order, with their images."""
    entries = competition.entries.filter(status=EntryStatus.ACCEPTED)
    if competition.shortlist_confirmed:
        entries = entries.select_related("submitted_by").prefetch_related("team_members")
    return list(_with_images(entries))


def panel_entry(*, competition: Competition, number: int) -> Entry | None:
    return next((e for e in panel_entries(competition=competition) if e.number == number), None)


def own_scores(*, member: PanelMember) -> dict[int, dict[int, int]]:
    """A panel member's own scores: {entry id: {criterion id: value}}."""
    scores: dict[int, dict[int, int]] = defaultdict(dict)
    for entry_id, criterion_id, value in Score.objects.filter(panel_member=member).values_list(
        "entry_id", "criterion_id", "value"
    ):
        scores[entry_id][criterion_id] = value
    return dict(scores)


@dataclass(frozen=True)
class PanelProgress:
    member: PanelMember
    scored: int  # entries fully scored
    due: int  # entries they may score


def panel_progress(*, competition: Competition) -> list[PanelProgress]:
    """How far each panel member has got: counts only, never the scores themselves."""
    accepted = set(
        competition.entries.filter(status=EntryStatus.ACCEPTED).values_list("pk", flat=True)
    )
    criteria = competition.criteria.count()
    progress = []
    for member in competition.panel_members.select_related("person__level").order_by(
        "-is_chair", "person__last_name"
    ):
        due = accepted - conflicted_entry_ids(member=member)
        counts = (
            Score.objects.filter(panel_member=member, entry_id__in=due)
            .values("entry_id")
            .annotate(n=Count("id"))
        )
        scored = sum(1 for row in counts if row["n"] >= criteria)
        progress.append(PanelProgress(member=member, scored=scored, due=len(due)))
    return progress


def voting_shortlist(*, slug: str) -> tuple[Competition, list[Entry]] | None:
    """A competition open for voting and its shortlist (without images); None if not voting.

    Cached for a moment, since in the rush every vote needs them. Neither changes while voting
    is open, and a vote checks the phase again in the database, under the voting lock.
    """
    key = f"qihub:competitions:voting:{slug}"
    voting = cache.get(key)
    if voting is None:
        competition = Competition.objects.filter(slug=slug, phase=Phase.VOTING).first()
        if competition is None:
            return None
        voting = (competition, list(competition.entries.filter(shortlisted=True)))
        cache.set(key, voting, VOTING_CACHE_SECONDS)
    return voting


def shortlisted_entries(*, competition: Competition) -> list[Entry]:
    return list(_with_images(competition.entries.filter(shortlisted=True)))


def ballot_entries_for(*, competition: Competition, person: Person) -> list[Entry]:
    """The shortlist in this voter's own order: random, so no entry gains by being first, and
    the same on every visit, so the choices do not move under them (after an error, say)."""
    entries = shortlisted_entries(competition=competition)
    random.Random(f"{competition.pk}:{person.pk}").shuffle(entries)  # noqa: S311 - not a secret
    return entries


def is_elector(*, competition: Competition, person: Person | None) -> bool:
    """True if the person is in the electorate snapshotted when voting opened."""
    if person is None:
        return False
    return Elector.objects.filter(competition=competition, person=person).exists()


def vote_cast_at(*, competition: Competition, person: Person | None) -> datetime | None:
    """When the person voted (to show them that they have), or None."""
    if person is None:
        return None
    cast = VoteCast.objects.filter(
        elector__competition=competition, elector__person=person
    ).values_list("cast_at", flat=True)
    return cast.first()


def turnout_public(*, competition: Competition) -> Turnout:
    """The public turnout, cached for a moment so that polling pages cost the database little."""
    key = f"qihub:competitions:turnout:{competition.pk}:{competition.phase}"
    turnout = cache.get(key)
    if turnout is None:
        turnout = turnout_for(competition=competition)
        cache.set(key, turnout, TURNOUT_CACHE_SECONDS)
    return turnout


def entry_image_for(*, user: Any, competition: Competition, pk: int) -> EntryImage | None:
    """An entry's image, for those who may see it, else None.

    The public sees shortlisted entries once voting opens; the panel sees accepted entries from
    shortlisting on; entrants see their own; the QI team sees every entry.
    """
    image = (
        EntryImage.objects.select_related("entry")
        .filter(entry__competition=competition, pk=pk)
        .first()
    )
    if image is None:
        return None
    entry = image.entry
    if entry.shortlisted and competition.phase_index >= PHASE_ORDER.index(Phase.VOTING):
        return image
    if is_qi_team(user):
        return image
    person = person_for(user)
    if person is None:
        return None
    if person.pk in {p.pk for p in entry.entrants()}:
        return image
    panel = competition.panel_members.filter(person=person).exists()
    on_panel_list = entry.status == EntryStatus.ACCEPTED and (
        competition.phase_index >= PHASE_ORDER.index(Phase.SHORTLISTING)
    )
    return image if panel and on_panel_list else None
