"""The shortlisting panel: mixed membership, blind scoring, conflicts, ranking, the shortlist."""

import statistics
from collections import defaultdict
from dataclasses import dataclass
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
from qihub.competitions.tasks import entrant_email
from qihub.core.audit import audit_log
from qihub.core.models import PersonKind


def panel_mix_problems(*, competition: Competition) -> list[str]:
    """Say what the panel lacks to be mixed (none when it meets the competition's rule).

    Patients and carers count as one group; senior leaders are staff at a level marked
    "senior leader"; other staff count as staff.
    """
    members = competition.panel_members.select_related("person__level")
    patients = staff = senior = 0
    for member in members:
        person = member.person
        if person.kind in {PersonKind.PATIENT, PersonKind.CARER}:
            patients += 1
        elif person.kind == PersonKind.STAFF and person.is_active:
            if person.level is not None and person.level.is_senior_leader:
                senior += 1
            else:
                staff += 1
    needs = [
        (
            competition.panel_min_patients_or_carers,
            patients,
            "patient or carer",
            "patients or carers",
        ),
        (competition.panel_min_staff, staff, "member of staff", "members of staff"),
        (competition.panel_min_senior_leaders, senior, "senior leader", "senior leaders"),
    ]
    return [
        f"at least {need} {one if need == 1 else many} (it has {have})"
        for need, have, one, many in needs
        if have < need
    ]


def conflicted_entry_ids(*, member: PanelMember) -> set[int]:
    """Entries a panel member may not score: declared conflicts, their own, their team's."""
    declared = set(member.conflicts.values_list("entry_id", flat=True))
    person = member.person
    entries = Entry.objects.filter(competition_id=member.competition_id)
    own = set(entries.filter(submitted_by=person).values_list("pk", flat=True))
    own |= set(entries.filter(team_members=person).values_list("pk", flat=True))
    if person.team_id is not None:
        own |= set(
            entries.filter(submitted_by__team_id=person.team_id).values_list("pk", flat=True)
        )
        own |= set(
            entries.filter(team_members__team_id=person.team_id).values_list("pk", flat=True)
        )
    return declared | own


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


def scoring_complete(*, competition: Competition) -> bool:
    """True when every panel member has scored every entry they may score."""
    entries = set(
        competition.entries.filter(status=EntryStatus.ACCEPTED).values_list("pk", flat=True)
    )
    criteria = competition.criteria.count()
    for member in competition.panel_members.select_related("person"):
        due = entries - conflicted_entry_ids(member=member)
        scored = Score.objects.filter(panel_member=member, entry_id__in=due).count()
        if scored < len(due) * criteria:
            return False
    return True


def scores_visible(*, competition: Competition) -> bool:
    """Scores stay private to each panel member until all have scored or the chair closes."""
    return competition.scoring_closed or scoring_complete(competition=competition)


@dataclass(frozen=True)
class RankedEntry:
    entry: Entry
    score: float | None  # the mean of the members' weighted means, out of MAX_SCORE
    lowest: float | None
    highest: float | None
    spread: float | None  # the standard deviation across members
    scorers: int


def panel_ranking(*, competition: Competition) -> list[RankedEntry]:
    """The accepted entries ranked by weighted score, with the spread across panel members."""
    weights = {c.pk: c.weight for c in competition.criteria.all()}
    total_weight = sum(weights.values()) or 1
    per_member: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for score in Score.objects.filter(entry__competition=competition):
        per_member[score.entry_id][score.panel_member_id] += (
            score.value * weights.get(score.criterion_id, 0) / total_weight
        )
    ranked = []
    for entry in competition.entries.filter(status=EntryStatus.ACCEPTED).prefetch_related("images"):
        members = list(per_member.get(entry.pk, {}).values())
        ranked.append(
            RankedEntry(
                entry=entry,
                score=statistics.fmean(members) if members else None,
                lowest=min(members) if members else None,
                highest=max(members) if members else None,
                spread=statistics.pstdev(members) if len(members) > 1 else 0.0 if members else None,
                scorers=len(members),
            )
        )
    ranked.sort(key=lambda r: (r.score is None, -(r.score or 0), r.entry.number))
    return ranked


def _chair_or_qi(competition: Competition, actor: Any, *, is_qi_team: bool) -> None:
    if is_qi_team:
        return
    chair = competition.panel_members.filter(is_chair=True, person__user=actor).exists()
    if not chair:
        raise CompetitionError(
            "Only the panel's chair or the QI team can do this.", code="not_chair"
        )


def scoring_close(*, competition: Competition, actor: Any, is_qi_team: bool = False) -> Competition:
    _scoring_open(competition)
    _chair_or_qi(competition, actor, is_qi_team=is_qi_team)
    with transaction.atomic():
        competition.scoring_closed = True
        competition.save(update_fields=["scoring_closed"])
        audit_log(
            action="qihub.competitions.competition.close_scoring", instance=competition, user=actor
        )
    return competition


def shortlist_confirm(
    *, competition: Competition, entry_ids: list[int], actor: Any, is_qi_team: bool = False
) -> list[Entry]:
    """Confirm the shortlist; from here no score can change and entrants' names are shown."""
    if competition.phase != Phase.SHORTLISTING or competition.shortlist_confirmed:
        raise CompetitionError("The shortlist cannot be changed now.", code="shortlist_locked")
    _chair_or_qi(competition, actor, is_qi_team=is_qi_team)
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
