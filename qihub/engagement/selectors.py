import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum
from wagtail import hooks

from qihub.core.extensions import ENGAGEMENT_KINDS
from qihub.core.models import Person
from qihub.engagement.models import (
    EngagementAim,
    EngagementLevel,
    EngagementRecord,
    EngagementTally,
)


def engagement_kinds_registered() -> dict[str, str]:
    """Return the kinds the installed apps register (their `ENGAGEMENT_KINDS` hooks): label by
    code."""
    return _kinds_of(tuple(hooks.get_hooks(ENGAGEMENT_KINDS)))


@functools.lru_cache(maxsize=8)
def _kinds_of(contributors: tuple[Callable[[], Iterable[tuple[str, str]]], ...]) -> dict[str, str]:
    # Asked on every vote: each hook is called once per process (once more for each set of
    # hooks a test registers).
    kinds: dict[str, str] = {}
    for contribute in contributors:
        for code, label in contribute():
            if kinds.setdefault(code, label) != label:
                raise ValueError(
                    f"Two apps register the engagement kind {code!r} ({kinds[code]!r} and "
                    f"{label!r}): a kind belongs to one app."
                )
    return kinds


def engagement_records_for(*, person: Person) -> QuerySet[EngagementRecord]:
    """Return a person's own engagement records, newest first."""
    return EngagementRecord.objects.filter(person=person).order_by("-occurred_on", "-id")


def engagement_export_for(*, person: Person) -> list[dict[str, Any]]:
    """A person's engagement records, as their data download shows them."""
    return [
        {
            "kind": record.kind_id,
            "subject": record.subject_label or record.subject,
            "date": record.occurred_on.isoformat(),
        }
        for record in engagement_records_for(person=person)
    ]


#: What each breakdown groups by, and whether it reads the tallies by team (or by staff level).
BREAKDOWNS = {
    "directorate": ("directorate_id", "directorate__name", True),
    "team": ("team_id", "team__name", True),
    "staff_level": ("staff_level_id", "staff_level__name", False),
    "site": ("team__location_id", "team__location__name", True),
}


@dataclass(frozen=True)
class EngagementRow:
    """One group of staff (a directorate, a team, a staff level, a site, or everyone): how many
    are at each level (by position; 0 is none yet)."""

    key: int | None
    label: str
    people: dict[int, int]

    @property
    def staff(self) -> int:
        return sum(self.people.values())

    def at_or_above(self, position: int) -> int:
        return sum(count for level, count in self.people.items() if level >= position)

    def share_at_or_above(self, position: int) -> float | None:
        return self.at_or_above(position) / self.staff * 100 if self.staff else None


def _tallies(*, directorate_ids: Iterable[int] | None, by_team: bool) -> QuerySet[EngagementTally]:
    tallies = EngagementTally.objects.filter(by_team=by_team)
    if directorate_ids is not None:
        tallies = tallies.filter(directorate_id__in=list(directorate_ids))
    return tallies


def engagement_breakdown(
    *,
    month: datetime.date,
    by: str | None = None,
    directorate_ids: Iterable[int] | None = None,
    unknown: str = "Not on the roster",
) -> list[EngagementRow]:
    """How many staff were at each level at the end of `month`, by `by` (one of BREAKDOWNS;
    None: everyone in one row), in the directorates given (None: all). Read from the tallies:
    refresh them first (`engagement_tallies_refresh`)."""
    key_field, label_field, by_team = BREAKDOWNS[by] if by else ("month", "month", False)
    tallies = _tallies(directorate_ids=directorate_ids, by_team=by_team).filter(month=month)
    rows: dict[Any, dict[int, int]] = {}
    labels: dict[Any, str] = {}
    for key, label, level, people in (
        tallies.values_list(key_field, label_field, "level").annotate(total=Sum("people"))
    ).order_by():
        rows.setdefault(key, {})[level] = rows.get(key, {}).get(level, 0) + people
        labels[key] = str(label) if by and label is not None else (unknown if by else "All staff")
    result = [
        EngagementRow(key=key if by else None, label=labels[key], people=people)
        for key, people in rows.items()
    ]
    return sorted(result, key=lambda row: (row.key is None, row.label.casefold()))


def engagement_history(
    *, position: int, directorate_ids: Iterable[int] | None = None
) -> list[tuple[datetime.date, int, int]]:
    """Month by month, oldest first: (month, staff, staff at level `position` or above)."""
    tallies = _tallies(directorate_ids=directorate_ids, by_team=False)
    staff = dict(tallies.values_list("month").annotate(total=Sum("people")).order_by())
    above = dict(
        tallies.filter(level__gte=position)
        .values_list("month")
        .annotate(total=Sum("people"))
        .order_by()
    )
    return [(month, staff[month], above.get(month, 0)) for month in sorted(staff)]


def engagement_levels() -> list[EngagementLevel]:
    """The rule set, lowest level first."""
    return list(EngagementLevel.objects.prefetch_related("kinds").order_by("position"))


def engagement_aim() -> EngagementAim | None:
    return EngagementAim.objects.select_related("level").first()


def level_rule_text(level: EngagementLevel) -> str:
    """The rule in plain words: "Involved: 2 or more acts of taking part in the last 12 months"."""
    acts = "one or more acts" if level.min_acts == 1 else f"{level.min_acts} or more acts"
    kinds = [kind.label.lower() for kind in level.kinds.all()]
    what = f"of taking part ({' or '.join(kinds)})" if kinds else "of taking part"
    months = (
        "this month or last"
        if level.months == 2
        else ("this month" if level.months == 1 else f"the last {level.months} months")
    )
    spread = f", of at least {level.min_kinds} different kinds" if level.min_kinds > 1 else ""
    return f"{level.name}: {acts} {what} in {months}{spread}."
