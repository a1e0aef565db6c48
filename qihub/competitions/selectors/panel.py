"""The shortlisting panel's reads: its mix, its list, conflicts, progress, scores and ranking."""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import ngettext

from qihub.competitions.models import Competition, Entry, EntryStatus, PanelMember, Score
from qihub.competitions.selectors.competitions import with_images
from qihub.core.models import PersonKind
from qihub.core.permissions import person_for


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
        f"at least {need} {ngettext(one, many, need)} (it has {have})"
        for need, have, one, many in needs
        if have < need
    ]


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
    return list(with_images(entries))


def panel_entry(*, competition: Competition, number: int) -> Entry | None:
    return next((e for e in panel_entries(competition=competition) if e.number == number), None)


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
