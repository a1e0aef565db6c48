"""The engagement levels, counted: people at each level by month, team and staff level.

A person's level at the end of a month is the highest `EngagementLevel` whose rule their acts
meet, read from the monthly roll-up (`EngagementMonth`): each rule is a conditional sum and a
distinct count over the months of its window. One INSERT ... SELECT per month writes the counts
of every (team, staff level, level) of that month's roster into `EngagementTally`; the
dashboard then reads a few thousand rows, whatever the size of the ledger.

Only the months that can have changed are rebuilt (`engagement_tallies_refresh`): from the
month of the oldest act recorded since the last build; all of them when the rules or the roster
changed; this month when the day moved on (the roster of today is this month's denominator).
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min
from django.utils import timezone

from qihub.core.models import Person, PersonKind, Service, Team
from qihub.engagement.models import (
    EngagementLevel,
    EngagementMonth,
    EngagementRecord,
    EngagementTally,
    EngagementTallyState,
)

#: How many months the dashboard's chart shows, this one included.
TALLY_MONTHS = 24
#: Up to this many people with new acts, this month's tallies are moved person by person;
#: beyond, the month is rebuilt, which costs the same whatever the number.
INCREMENTAL_PEOPLE = 5000


@dataclass(frozen=True)
class LevelRule:
    position: int
    min_acts: int
    months: int
    min_kinds: int
    kinds: tuple[str, ...]


def level_rules() -> list[LevelRule]:
    """The rule set, highest level first."""
    levels = EngagementLevel.objects.prefetch_related("kinds").order_by("-position")
    return [
        LevelRule(
            position=level.position,
            min_acts=level.min_acts,
            months=level.months,
            min_kinds=level.min_kinds,
            kinds=tuple(sorted(kind.code for kind in level.kinds.all())),
        )
        for level in levels
    ]


def _signature(rules: list[LevelRule]) -> str:
    return hashlib.sha256(repr(rules).encode()).hexdigest()


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_before(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month `count` months before `month`'s."""
    index = month.year * 12 + month.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)


def tally_months(today: datetime.date) -> list[datetime.date]:
    """The months the tallies cover, oldest first."""
    this_month = month_of(today)
    return [months_before(this_month, back) for back in range(TALLY_MONTHS - 1, -1, -1)]


def _month_sql(
    rules: list[LevelRule], month: datetime.date, end: datetime.date
) -> tuple[str, list]:
    # Built from the models' table names and placeholders only: every value is a parameter.
    tables = {
        "person": Person._meta.db_table,
        "rollup": EngagementMonth._meta.db_table,
        "tally": EngagementTally._meta.db_table,
        "team": Team._meta.db_table,
        "service": Service._meta.db_table,
    }
    sums, cases = [], []
    sum_params: list = []
    case_params: list = []
    earliest = month
    for index, rule in enumerate(rules):
        start = months_before(month, rule.months - 1)
        earliest = min(earliest, start)
        condition = "month >= %s"
        condition_params: list = [start]
        if rule.kinds:
            condition += f" AND kind IN ({', '.join(['%s'] * len(rule.kinds))})"
            condition_params += list(rule.kinds)
        sums.append(
            f"SUM(CASE WHEN {condition} THEN acts ELSE 0 END) AS acts_{index}, "
            f"COUNT(DISTINCT CASE WHEN {condition} THEN kind END) AS kinds_{index}"
        )
        sum_params += condition_params * 2
        cases.append(f"WHEN acts_{index} >= %s AND kinds_{index} >= %s THEN %s")
        case_params += [rule.min_acts, rule.min_kinds, rule.position]
    if rules:
        levels = (
            f"SELECT person_id, CASE {' '.join(cases)} ELSE 0 END AS level FROM ("  # noqa: S608
            f"SELECT person_id, {', '.join(sums)} FROM {tables['rollup']} "
            "WHERE month >= %s AND month <= %s GROUP BY person_id) AS acts"
        )
        levels_params = case_params + sum_params + [earliest, month]
    else:
        levels = f"SELECT person_id, 0 AS level FROM {tables['rollup']} WHERE 1 = 0"  # noqa: S608
        levels_params = []
    roster = (
        f"WITH roster AS (SELECT s.directorate_id, p.team_id, p.level_id AS staff_level_id, "  # noqa: S608
        "COALESCE(lv.level, 0) AS level "
        f"FROM {tables['person']} AS p LEFT JOIN {tables['team']} AS t ON t.id = p.team_id "
        f"LEFT JOIN {tables['service']} AS s ON s.id = t.service_id "
        f"LEFT JOIN ({levels}) AS lv ON lv.person_id = p.id "
        "WHERE p.kind = %s AND (p.start_date IS NULL OR p.start_date <= %s) "
        "AND ((p.leave_date IS NULL AND p.is_active) OR p.leave_date >= %s)) "
    )
    sql = (
        f"{roster}INSERT INTO {tables['tally']} "  # noqa: S608
        "(month, by_team, directorate_id, team_id, staff_level_id, level, people) "
        "SELECT %s, %s, directorate_id, team_id, NULL, level, COUNT(*) FROM roster "
        "GROUP BY directorate_id, team_id, level UNION ALL "
        "SELECT %s, %s, directorate_id, NULL, staff_level_id, level, COUNT(*) FROM roster "
        "GROUP BY directorate_id, staff_level_id, level"
    )
    params = [*levels_params, PersonKind.STAFF.value, end, end, month, True, month, False]
    return sql, params


def _month_end(month: datetime.date, today: datetime.date) -> datetime.date:
    return min(months_before(month, -1) - datetime.timedelta(days=1), today)


def engagement_tallies_refresh(*, today: datetime.date | None = None) -> int:
    """Bring the tallies up to date with the ledger, the roster and the rules; return how many
    months were rebuilt (0 when they were already true)."""
    today = today or timezone.localdate()
    months = tally_months(today)
    with transaction.atomic():
        state, _ = EngagementTallyState.objects.select_for_update().get_or_create(one=True)
        rules = level_rules()
        signature = _signature(rules)
        record_mark = EngagementRecord.objects.aggregate(mark=Max("id"))["mark"] or 0
        roster_mark = Person.objects.aggregate(mark=Max("updated_at"))["mark"]
        rebuild_from = _rebuild_from(state, months, signature, record_mark, roster_mark, today)
        if rebuild_from is None:
            return 0
        if (
            rebuild_from == months[-1]
            and state.built_on == today
            and _acts_add(rules, state.record_mark, record_mark, months[-1], today)
        ):
            stale = []
        else:
            stale = [month for month in months if month >= rebuild_from]
        EngagementTally.objects.filter(month__lt=months[0]).delete()
        EngagementTally.objects.filter(month__gte=stale[0] if stale else today).delete()
        with connection.cursor() as cursor:
            for month in stale:
                cursor.execute(*_month_sql(rules, month, _month_end(month, today)))
        state.record_mark = record_mark
        state.roster_mark = roster_mark
        state.rules_signature = signature
        state.built_on = today
        state.built_at = timezone.now()
        state.first_month = months[0]
        state.save()
    return max(len(stale), 1)


def _level_of(rules: list[LevelRule], month: datetime.date, acts: dict[tuple, int]) -> int:
    for rule in rules:
        start = months_before(month, rule.months - 1)
        counted = [
            (kind, count)
            for (when, kind), count in acts.items()
            if start <= when <= month and count > 0 and (not rule.kinds or kind in rule.kinds)
        ]
        if sum(count for _, count in counted) >= rule.min_acts and (
            len({kind for kind, _ in counted}) >= rule.min_kinds
        ):
            return rule.position
    return 0


def _on_roster(person: Person, day: datetime.date) -> bool:
    if person.kind != PersonKind.STAFF or (person.start_date and person.start_date > day):
        return False
    return person.leave_date >= day if person.leave_date else person.is_active


def _acts_add(
    rules: list[LevelRule], since: int, upto: int, month: datetime.date, today: datetime.date
) -> bool:
    """Move the people whose acts since the last build all fall in this month from their old
    level to their new one in this month's tallies: the cost of a few people, not of the
    roster. False (nothing done) when too many people acted for that to pay."""
    new_acts = (
        EngagementRecord.objects.filter(id__gt=since, id__lte=upto, occurred_on__lte=today)
        .values_list("person_id", "kind_id")
        .annotate(acts=Count("id"))
        .order_by()
    )
    added: dict[int, dict[tuple, int]] = {}
    for person_id, kind, count in new_acts:
        added.setdefault(person_id, {})[(month, kind)] = count
    if len(added) > INCREMENTAL_PEOPLE:
        return False
    earliest = min([months_before(month, rule.months - 1) for rule in rules] or [month])
    now: dict[int, dict[tuple, int]] = {person_id: {} for person_id in added}
    for person_id, when, kind, count in EngagementMonth.objects.filter(
        person_id__in=list(added), month__gte=earliest, month__lte=month
    ).values_list("person_id", "month", "kind_id", "acts"):
        now[person_id][(when, kind)] = count
    moves: dict[tuple, int] = {}
    for person in Person.objects.filter(pk__in=list(added)).select_related("team__service"):
        if not _on_roster(person, today):
            continue
        before = {
            key: count - added[person.pk].get(key, 0) for key, count in now[person.pk].items()
        }
        old, new = _level_of(rules, month, before), _level_of(rules, month, now[person.pk])
        if old != new:
            directorate_id = person.team.service.directorate_id if person.team else None
            for cell in (
                (True, directorate_id, person.team_id, None),
                (False, directorate_id, None, person.level_id),
            ):
                moves[(*cell, old)] = moves.get((*cell, old), 0) - 1
                moves[(*cell, new)] = moves.get((*cell, new), 0) + 1
    for (by_team, directorate_id, team_id, staff_level_id, level), change in moves.items():
        where = {
            "month": month,
            "by_team": by_team,
            "directorate_id": directorate_id,
            "team_id": team_id,
            "staff_level_id": staff_level_id,
            "level": level,
        }
        if not EngagementTally.objects.filter(**where).update(people=F("people") + change):
            EngagementTally.objects.create(**where, people=change)
    return True


def _rebuild_from(
    state: EngagementTallyState,
    months: list[datetime.date],
    signature: str,
    record_mark: int,
    roster_mark: datetime.datetime | None,
    today: datetime.date,
) -> datetime.date | None:
    if (
        state.built_on is None
        or state.rules_signature != signature
        or state.roster_mark != roster_mark
        or record_mark < state.record_mark  # records erased
    ):
        return months[0]
    starts = []
    if record_mark > state.record_mark:
        oldest = EngagementRecord.objects.filter(id__gt=state.record_mark).aggregate(
            oldest=Min("occurred_on")
        )["oldest"]
        if oldest is not None:
            starts.append(month_of(oldest))
    if state.built_on != today:
        starts.append(month_of(state.built_on))
    if state.first_month != months[0]:
        starts.append(months[0])
    if not starts:
        return None
    return max(min(starts), months[0])


def engagement_tallies_forget() -> None:
    """Mark the tallies for a full rebuild (after an erasure, whose records leave the ledger)."""
    EngagementTallyState.objects.filter(one=True).update(built_on=None)
