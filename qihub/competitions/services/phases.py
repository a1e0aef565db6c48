"""Moving a competition through its phases, by the QI team's action or when a date passes.

entries open → entries closed → shortlisting → voting → voting closed → results published.
Each transition checks the current phase and what the next one needs, runs in one transaction
and is written to the audit log. Nothing goes backwards.
"""

import datetime
import random
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import Ballot, Competition, Elector, EntryStatus, Phase, Result
from qihub.competitions.services.eligibility import eligible_people
from qihub.competitions.services.panel import panel_mix_problems
from qihub.competitions.services.voting import tally_compute, voting_lock
from qihub.competitions.tasks import entrant_email
from qihub.core.audit import audit_log

BATCH_SIZE = 2_000


def _transition(
    competition: Competition,
    *,
    expected: Phase,
    new: Phase,
    action: str,
    actor: Any,
    data: dict,
    then: Callable[[Competition], dict] | None = None,
) -> Competition:
    """Check the phase under a row lock, move it on, run `then` and log what it returns."""
    locked = Competition.objects.select_for_update().get(pk=competition.pk)
    if locked.phase != expected:
        raise CompetitionError(
            f"The competition is {locked.get_phase_display().lower()}, not "
            f"{expected.label.lower()}.",
            code="wrong_phase",
        )
    locked.phase = new
    locked.save(update_fields=["phase"])
    if then is not None:
        data = {**data, **then(locked)}
    audit_log(
        action=f"qihub.competitions.competition.{action}",
        instance=locked,
        user=actor,
        data={"from": expected.value, "to": new.value, **data},
    )
    competition.phase = new
    return locked


@transaction.atomic
def competition_open_entries(*, competition: Competition, actor: Any = None) -> Competition:
    if not competition.brief.strip():
        raise CompetitionError("Write the brief before opening entries.", code="no_brief")
    return _transition(
        competition,
        expected=Phase.DRAFT,
        new=Phase.ENTRIES_OPEN,
        action="open_entries",
        actor=actor,
        data={},
    )


@transaction.atomic
def competition_close_entries(*, competition: Competition, actor: Any = None) -> Competition:
    return _transition(
        competition,
        expected=Phase.ENTRIES_OPEN,
        new=Phase.ENTRIES_CLOSED,
        action="close_entries",
        actor=actor,
        data={"entries": competition.entries.exclude(status=EntryStatus.WITHDRAWN).count()},
    )


@transaction.atomic
def competition_start_shortlisting(*, competition: Competition, actor: Any = None) -> Competition:
    """Hand the accepted entries to the panel; needs a mixed panel, a rubric and no backlog."""
    problems = panel_mix_problems(competition=competition)
    if problems:
        raise CompetitionError(
            "The panel must be mixed: it needs " + "; ".join(problems) + ".", code="panel_not_mixed"
        )
    if not competition.criteria.exists():
        raise CompetitionError("Add the panel's scoring criteria first.", code="no_criteria")
    if competition.entries.filter(status=EntryStatus.SUBMITTED).exists():
        raise CompetitionError("Moderate every entry first.", code="unmoderated")
    if not competition.entries.filter(status=EntryStatus.ACCEPTED).exists():
        raise CompetitionError("No entry has been accepted.", code="no_entries")
    return _transition(
        competition,
        expected=Phase.ENTRIES_CLOSED,
        new=Phase.SHORTLISTING,
        action="start_shortlisting",
        actor=actor,
        data={"panel": competition.panel_members.count()},
    )


def _ballot_box_fill(competition: Competition) -> dict:
    """Snapshot the electorate and create as many empty ballot slots, in random order."""
    people = eligible_people(competition=competition, rule=competition.who_may_vote).values_list(
        "pk", "team__service__directorate_id"
    )
    electors = [
        Elector(competition=competition, person_id=pk, directorate_id=directorate)
        for pk, directorate in people
    ]
    Elector.objects.bulk_create(electors, batch_size=BATCH_SIZE)
    slots = [Ballot(id=uuid.uuid4(), competition=competition) for _ in electors]
    random.SystemRandom().shuffle(slots)
    Ballot.objects.bulk_create(slots, batch_size=BATCH_SIZE)
    return {"electorate": len(electors)}


@transaction.atomic
def competition_open_voting(*, competition: Competition, actor: Any = None) -> Competition:
    if not competition.shortlist_confirmed:
        raise CompetitionError("Confirm the shortlist before voting opens.", code="no_shortlist")
    return _transition(
        competition,
        expected=Phase.SHORTLISTING,
        new=Phase.VOTING,
        action="open_voting",
        actor=actor,
        data={},
        then=_ballot_box_fill,
    )


def _ballot_box_reshuffle(competition: Competition) -> dict:
    """Write the ballot box again, in a fresh random order under fresh ids, in one transaction.

    While voting runs, PostgreSQL keeps with each filled ballot the id of the transaction that
    filled it (its `xmin`, the same as on the voter's `VoteCast`), and an updated row can move
    within the table. Rewriting every ballot when voting closes leaves them all with the closing
    transaction's id and a random physical order, so the stored ballot box keeps no trace of who
    filled which slot, or when. (The old row versions go when VACUUM next runs on the table.)
    """
    box = Ballot.objects.filter(competition=competition)
    contents = list(box.values_list("entry_id", "receipt_hash"))
    box.delete()
    slots = [
        Ballot(id=uuid.uuid4(), competition=competition, entry_id=entry, receipt_hash=receipt)
        for entry, receipt in contents
    ]
    random.SystemRandom().shuffle(slots)
    Ballot.objects.bulk_create(slots, batch_size=BATCH_SIZE)
    return {}


@transaction.atomic
def competition_close_voting(*, competition: Competition, actor: Any = None) -> Competition:
    # Wait for every vote in flight and hold back new ones, so none lands after this and the
    # count below is final.
    voting_lock(competition, exclusive=True)
    return _transition(
        competition,
        expected=Phase.VOTING,
        new=Phase.VOTING_CLOSED,
        action="close_voting",
        actor=actor,
        data={"votes": Ballot.objects.filter(competition=competition, entry__isnull=False).count()},
        then=_ballot_box_reshuffle,
    )


@transaction.atomic
def competition_publish_results(*, competition: Competition, actor: Any = None) -> Result:
    locked = _transition(
        competition,
        expected=Phase.VOTING_CLOSED,
        new=Phase.RESULTS,
        action="publish_results",
        actor=actor,
        data={},
    )
    tally = tally_compute(competition=locked)
    result = Result.objects.create(
        competition=locked,
        tally=tally,
        votes=sum(row["votes"] for row in tally),
        electorate=locked.electors.count(),
        published_at=timezone.now(),
    )
    for entry_id in locked.entries.filter(status=EntryStatus.ACCEPTED).values_list("pk", flat=True):
        transaction.on_commit(partial(entrant_email.enqueue, entry_id, "results"))
    return result


def competition_advance_due(*, now: datetime.datetime | None = None) -> list[str]:
    """Move every competition whose date has come to its next phase; return what moved."""
    now = now or timezone.now()
    moved = []
    steps = [
        (Phase.DRAFT, "entries_open_at", competition_open_entries),
        (Phase.ENTRIES_OPEN, "entries_close_at", competition_close_entries),
        (Phase.SHORTLISTING, "voting_open_at", competition_open_voting),
        (Phase.VOTING, "voting_close_at", competition_close_voting),
    ]
    for phase, field, step in steps:
        due = Competition.objects.filter(phase=phase, **{f"{field}__lte": now})
        for competition in due:
            try:
                step(competition=competition)
            except CompetitionError as error:
                moved.append(f"{competition.slug}: not moved from {phase.label}: {error.message}")
            else:
                moved.append(
                    f"{competition.slug}: {phase.label} → {competition.get_phase_display()}"
                )
    return moved
