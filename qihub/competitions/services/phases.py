"""Moving a competition through its phases, by the QI team's action or when a date passes.

entries open → entries closed → shortlisting → voting → voting closed → results published.
Each transition checks who asks (the QI team, or no one: the scheduler, `competition_advance_due`,
logged as the system), the current phase and what the next one needs, runs in one transaction
and is written to the audit log. Nothing goes backwards.
"""

import datetime
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import Competition, EntryStatus, Phase, Result, VoteCast
from qihub.competitions.permissions import competition_can_manage
from qihub.competitions.selectors import panel_mix_problems, tally_compute
from qihub.competitions.services.ballot_box import (
    ballot_box_fill,
    ballot_box_mix,
    ballot_box_reshuffle,
    voting_lock,
)
from qihub.competitions.services.notices import NoticeKind, notice_start, notices_due
from qihub.competitions.tasks import entrant_email
from qihub.core.audit import audit_log


def _qi_team_only(competition: Competition, actor: Any) -> None:
    """Refuse anyone but the QI team; no actor is the scheduler, moving phases by date."""
    if actor is not None and not competition_can_manage(user=actor, obj=competition):
        raise CompetitionError(
            "Only the QI team can move a competition on to its next phase.", code="not_qi_team"
        )


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
    _qi_team_only(competition, actor)
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
    _qi_team_only(competition, actor)
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
    _qi_team_only(competition, actor)
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
    locked = _transition(
        competition,
        expected=Phase.ENTRIES_CLOSED,
        new=Phase.SHORTLISTING,
        action="start_shortlisting",
        actor=actor,
        data={"panel": competition.panel_members.count()},
    )
    notice_start(competition=locked, kind=NoticeKind.SCORING_OPEN)
    return locked


@transaction.atomic
def competition_open_voting(*, competition: Competition, actor: Any = None) -> Competition:
    _qi_team_only(competition, actor)
    if not competition.shortlist_confirmed:
        raise CompetitionError("Confirm the shortlist before voting opens.", code="no_shortlist")
    locked = _transition(
        competition,
        expected=Phase.SHORTLISTING,
        new=Phase.VOTING,
        action="open_voting",
        actor=actor,
        data={},
        then=ballot_box_fill,
    )
    notice_start(competition=locked, kind=NoticeKind.VOTING_OPEN)
    return locked


@transaction.atomic
def competition_close_voting(*, competition: Competition, actor: Any = None) -> Competition:
    _qi_team_only(competition, actor)
    # Wait for every vote in flight and hold back new ones, so none lands after this and the
    # count below is final.
    voting_lock(competition, exclusive=True)
    return _transition(
        competition,
        expected=Phase.VOTING,
        new=Phase.VOTING_CLOSED,
        action="close_voting",
        actor=actor,
        data={"votes": VoteCast.objects.filter(elector__competition=competition).count()},
        then=ballot_box_reshuffle,
    )


@transaction.atomic
def competition_publish_results(*, competition: Competition, actor: Any = None) -> Result:
    _qi_team_only(competition, actor)
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
    """Move every competition whose date has come to its next phase; mix waiting votes."""
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
    # The worker mixes every `QIHUB_VOTE_MIX_BATCH` votes; this catches a batch it missed.
    for competition in Competition.objects.filter(phase=Phase.VOTING):
        try:
            mixed = ballot_box_mix(competition=competition)
        except CompetitionError as error:
            moved.append(f"{competition.slug}: votes not mixed: {error.message}")
        else:
            if mixed:
                moved.append(f"{competition.slug}: {mixed} votes mixed into the ballot box")
    moved += notices_due(now=now)
    return moved
