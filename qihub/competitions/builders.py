"""A competition built up to a given stage of its life, through the services a real one uses.

The tests, the browser tests, the vote benchmark and the demo all need competitions part-way
through: open for entries, with the panel, scored, voting, published. Built here, by the same
services the QI team, entrants, the panel and voters go through, each leaves behind what a real
competition would: the audit log, the engagement ledger, the panel's scores, the ballot box.

    competition = competition_draft_build(
        title="Design our brand", slug="brand", brief="…", criteria=[("Clarity", "", 2)],
        chair=leader, panel=[patient, nurse],
    )
    competition_build(competition=competition, stage=Stage.VOTING, entries=[EntryPlan(…)], …)

The people (entrants, the panel, the voters on the roster) are the caller's: the roster, the
demo trust's staff or the tests' factories.
"""

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from PIL import Image

from qihub.competitions.models import (
    Competition,
    Criterion,
    Entry,
    EntryStatus,
    PanelMember,
    Phase,
)
from qihub.competitions.selectors import conflicted_entry_ids, panel_ranking, scores_visible
from qihub.competitions.services import (
    competition_close_entries,
    competition_close_voting,
    competition_open_entries,
    competition_open_voting,
    competition_publish_results,
    competition_start_shortlisting,
    entry_accept,
    entry_submit,
    score_submit,
    shortlist_confirm,
    vote_cast,
)
from qihub.competitions.services.teams import team_invitation_accept, team_invitations_create
from qihub.core.models import Person


class Stage(StrEnum):
    """The competition's phases, with "scored" between shortlisting and voting."""

    DRAFT = Phase.DRAFT.value
    ENTRIES_OPEN = Phase.ENTRIES_OPEN.value  # no entries yet
    ENTRIES_CLOSED = Phase.ENTRIES_CLOSED.value  # the entries are in, each accepted
    SHORTLISTING = Phase.SHORTLISTING.value  # the panel has the accepted entries, unscored
    SCORED = "scored"  # every panel member has scored every entry they may
    VOTING = Phase.VOTING.value  # the shortlist is confirmed, voting is open, the votes are in
    VOTING_CLOSED = Phase.VOTING_CLOSED.value
    RESULTS = Phase.RESULTS.value


STAGES = list(Stage)

Scorer = Callable[[PanelMember, Entry, Criterion], int]


@dataclass(frozen=True)
class EntryPlan:
    """An entry to submit: who enters (alone or with a team, who join by invitation) and what;
    a plain image if none."""

    person: Person
    title: str
    description: str = "A bold, simple mark."
    image: bytes | None = None
    team: Sequence[Person] = ()


def score_by_number(member: PanelMember, entry: Entry, criterion: Criterion) -> int:
    """Every member ranks the entries in number order: 5 for entry 1, then 4, 3, 2, 1, 1, …"""
    return max(1, Criterion.MAX_SCORE + 1 - entry.number)


@cache
def _plain_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (0, 94, 184)).save(buffer, format="PNG")
    return buffer.getvalue()


def panel_seat(
    *, competition: Competition, chair: Person, members: Sequence[Person] = ()
) -> list[PanelMember]:
    """Seat the chair and the other members on the panel; return their seats, the chair's first."""
    people = [(chair, True), *((person, False) for person in members)]
    return [
        PanelMember.objects.create(competition=competition, person=person, is_chair=is_chair)
        for person, is_chair in people
    ]


def competition_draft_build(
    *,
    criteria: Sequence[tuple[str, str, int]],
    chair: Person | None = None,
    panel: Sequence[Person] = (),
    **fields: Any,
) -> Competition:
    """A draft as the QI team sets one up in the back office: its `fields` (title, slug, brief,
    shortlist size, …), its rubric of (name, description, weight) and its panel, if a chair is
    given."""
    competition = Competition.objects.create(**fields)
    Criterion.objects.bulk_create(
        Criterion(
            competition=competition,
            name=name,
            description=description,
            weight=weight,
            position=position,
        )
        for position, (name, description, weight) in enumerate(criteria)
    )
    if chair is not None:
        panel_seat(competition=competition, chair=chair, members=panel)
    return competition


def stage_of(competition: Competition) -> Stage:
    """How far the competition has come."""
    if competition.phase == Phase.SHORTLISTING and scores_visible(competition=competition):
        return Stage.SCORED
    return Stage(competition.phase)


def competition_build(
    *,
    competition: Competition,
    stage: Stage,
    actor: Any = None,
    entries: Sequence[EntryPlan] = (),
    score: Scorer = score_by_number,
    shortlist: Sequence[int] | None = None,
    confirmed_by: Any = None,
    votes: Sequence[tuple[Person, int]] = (),
) -> Competition:
    """Take the competition from where it is (`stage_of`) on to `stage`, and return it.

    Each argument is used by the step that needs it. `actor` (a QI-team account, or None for
    the scheduler) moderates and moves the phases. `entries` are submitted and accepted as
    entries close. Every panel member gives `score(member, entry, criterion)` to every entry
    they may score. As voting opens, `confirmed_by` (the chair's account, or by default the
    actor) confirms the `shortlist` (entry numbers; by default the top of the panel's ranking),
    and then each of `votes` (a voter, an entry number) is cast.
    """
    start, end = STAGES.index(stage_of(competition)), STAGES.index(stage)
    if end < start:
        raise ValueError(f"{competition.slug} is already past {stage.value}.")
    for reached in STAGES[start + 1 : end + 1]:
        match reached:
            case Stage.ENTRIES_OPEN:
                competition_open_entries(competition=competition, actor=actor)
            case Stage.ENTRIES_CLOSED:
                _entries_in(competition, entries, actor)
                competition_close_entries(competition=competition, actor=actor)
            case Stage.SHORTLISTING:
                competition_start_shortlisting(competition=competition, actor=actor)
            case Stage.SCORED:
                _scores_in(competition, score)
            case Stage.VOTING:
                _shortlist_confirm(competition, shortlist, confirmed_by or actor)
                competition_open_voting(competition=competition, actor=actor)
                _votes_in(competition, votes)
            case Stage.VOTING_CLOSED:
                competition_close_voting(competition=competition, actor=actor)
            case Stage.RESULTS:
                competition_publish_results(competition=competition, actor=actor)
    competition.refresh_from_db()
    return competition


def team_join(*, entry: Entry, people: Sequence[Person], name_in_results: bool = False) -> None:
    """Put people on an entry's team as a real team is made: whoever sent the entry invites
    their email addresses, and each of them accepts."""
    emails = [person.email for person in people]
    if not all(emails):
        raise ValueError("Team members are invited by email; each needs an address.")
    team_invitations_create(entry=entry, emails=emails, invited_by=entry.submitted_by)
    for person in people:
        invitation = entry.invitations.get(email=person.email.lower())
        team_invitation_accept(
            invitation=invitation, person=person, name_in_results=name_in_results
        )


def _entries_in(competition: Competition, entries: Sequence[EntryPlan], actor: Any) -> None:
    for plan in entries:
        entry = entry_submit(
            competition=competition,
            person=plan.person,
            title=plan.title,
            description=plan.description,
            images=[(io.BytesIO(plan.image or _plain_png()), "design.png")],
        )
        if plan.team:
            team_join(entry=entry, people=plan.team)
        entry_accept(entry=entry, actor=actor)


def _scores_in(competition: Competition, score: Scorer) -> None:
    criteria = list(competition.criteria.all())
    entries = list(competition.entries.filter(status=EntryStatus.ACCEPTED).order_by("number"))
    for member in competition.panel_members.select_related("person").order_by("pk"):
        conflicted = conflicted_entry_ids(member=member)
        for entry in entries:
            if entry.pk not in conflicted:
                values = {criterion.pk: score(member, entry, criterion) for criterion in criteria}
                score_submit(member=member, entry=entry, values=values)


def _shortlist_confirm(competition: Competition, shortlist: Sequence[int] | None, by: Any) -> None:
    if competition.shortlist_confirmed:
        return
    if shortlist is None:
        ranking = panel_ranking(competition=competition)
        shortlist = [row.entry.number for row in ranking[: competition.shortlist_size]]
    chosen = competition.entries.filter(number__in=shortlist).values_list("pk", flat=True)
    shortlist_confirm(competition=competition, entry_ids=list(chosen), actor=by)


def _votes_in(competition: Competition, votes: Sequence[tuple[Person, int]]) -> None:
    entries = {entry.number: entry for entry in competition.entries.all()}
    for person, number in votes:
        vote_cast(competition=competition, person=person, entry=entries[number])
