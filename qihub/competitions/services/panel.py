"""The shortlisting panel's writes: conflicts, blind scores, closing scoring, the shortlist."""

from functools import partial
from typing import Any

from django.db import transaction

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import (
    Competition,
    Conflict,
    Criterion,
    Entry,
    EntryStatus,
    PanelMember,
    Phase,
    Score,
)
from qihub.competitions.permissions import panel_can_manage
from qihub.competitions.selectors import conflicted_entry_ids, scores_visible
from qihub.competitions.tasks import entrant_email
from qihub.core.audit import audit_log


def _scoring_open(competition: Competition) -> None:
    if competition.phase != Phase.SHORTLISTING or competition.scoring_closed:
        raise CompetitionError("Scoring is closed.", code="scoring_closed")
    if competition.shortlist_confirmed:
        raise CompetitionError("The shortlist is confirmed.", code="shortlist_confirmed")


def conflict_declare(*, member: PanelMember, entry: Entry, reason: str = "") -> Conflict:
    """Declare a conflict of interest with an entry; any scores already given for it go."""
    _scoring_open(member.competition)
    if entry.competition_id != member.competition_id:
        raise CompetitionError("That entry is in another competition.", code="wrong_competition")
    with transaction.atomic():
        conflict, _ = Conflict.objects.get_or_create(
            panel_member=member, entry=entry, defaults={"reason": reason[:250]}
        )
        Score.objects.filter(panel_member=member, entry=entry).delete()
        audit_log(
            action="qihub.competitions.panel.declare_conflict",
            instance=conflict,
            user=member.person.user,
            data={"entry": entry.number},
        )
    return conflict


def score_submit(*, member: PanelMember, entry: Entry, values: dict[int, int]) -> list[Score]:
    """Record a panel member's score for an entry on every criterion (1 to MAX_SCORE)."""
    competition = member.competition
    _scoring_open(competition)
    if entry.competition_id != competition.pk or entry.status != EntryStatus.ACCEPTED:
        raise CompetitionError("That entry is not on the panel's list.", code="not_scorable")
    if entry.pk in conflicted_entry_ids(member=member):
        raise CompetitionError(
            "You have a conflict of interest with this entry, so you cannot score it.",
            code="conflicted",
        )
    criteria = list(competition.criteria.all())
    missing = [c.name for c in criteria if c.pk not in values]
    if missing:
        raise CompetitionError(f"Score every criterion: {', '.join(missing)}.", code="incomplete")
    for criterion in criteria:
        if not 1 <= values[criterion.pk] <= Criterion.MAX_SCORE:
            raise CompetitionError(
                f"{criterion.name}: give a score from 1 to {Criterion.MAX_SCORE}.",
                code="out_of_range",
            )
    with transaction.atomic():
        scores = []
        for criterion in criteria:
            score, _ = Score.objects.update_or_create(
                panel_member=member,
                entry=entry,
                criterion=criterion,
                defaults={"value": values[criterion.pk]},
            )
            scores.append(score)
        audit_log(
            action="qihub.competitions.panel.score",
            instance=entry,
            user=member.person.user,
            data={"entry": entry.number},
        )
    return scores


def _chair_or_qi(competition: Competition, actor: Any) -> None:
    if not panel_can_manage(user=actor, obj=competition):
        raise CompetitionError(
            "Only the panel's chair or the QI team can do this.", code="not_chair"
        )


def scoring_close(*, competition: Competition, actor: Any) -> Competition:
    """Close scoring before every member has finished, so the panel sees the ranking."""
    _scoring_open(competition)
    _chair_or_qi(competition, actor)
    with transaction.atomic():
        competition.scoring_closed = True
        competition.save(update_fields=["scoring_closed"])
        audit_log(
            action="qihub.competitions.competition.close_scoring", instance=competition, user=actor
        )
    return competition


def shortlist_confirm(*, competition: Competition, entry_ids: list[int], actor: Any) -> list[Entry]:
    """Confirm the shortlist; from here no score can change and entrants' names are shown."""
    if competition.phase != Phase.SHORTLISTING or competition.shortlist_confirmed:
        raise CompetitionError("The shortlist cannot be changed now.", code="shortlist_locked")
    _chair_or_qi(competition, actor)
    if not scores_visible(competition=competition):
        raise CompetitionError(
            "Wait until every panel member has scored, or close scoring first.",
            code="scoring_incomplete",
        )
    accepted = competition.entries.filter(status=EntryStatus.ACCEPTED)
    size = min(competition.shortlist_size, accepted.count())
    chosen = list(accepted.filter(pk__in=set(entry_ids)))
    if len(chosen) != size or len(set(entry_ids)) != size:
        raise CompetitionError(
            f"Choose exactly {size} accepted entries for the shortlist.", code="shortlist_size"
        )
    with transaction.atomic():
        accepted.filter(pk__in=[e.pk for e in chosen]).update(shortlisted=True)
        competition.shortlist_confirmed = True
        competition.scoring_closed = True
        competition.save(update_fields=["shortlist_confirmed", "scoring_closed"])
        audit_log(
            action="qihub.competitions.competition.confirm_shortlist",
            instance=competition,
            user=actor,
            data={"entries": sorted(e.number for e in chosen)},
        )
        for entry in chosen:
            transaction.on_commit(partial(entrant_email.enqueue, entry.pk, "shortlisted"))
    return chosen
