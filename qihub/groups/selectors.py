"""Reads for reference groups: who is in them, their public composition, and the
representativeness grid the QI team uses to decide whom to invite next."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from qihub.core.models import PUBLIC_KINDS, Directorate, Person, PersonKind, StaffLevel
from qihub.core.permissions import person_for
from qihub.groups.models import (
    OPEN_STATUSES,
    Action,
    CompositionRule,
    Dimension,
    GroupAudience,
    Meeting,
    Membership,
    MembershipStatus,
    ReferenceGroup,
)

# Public aggregates of a public group: a count below this is shown as "fewer than 5".
SUPPRESS_BELOW = 5
CANDIDATES_SHOWN = 5
DUE_SOON_DAYS = 7


def group_for(*, slug: str) -> ReferenceGroup | None:
    """Every group is public: its purpose, composition in aggregate and published notes."""
    return ReferenceGroup.objects.filter(slug=slug).first()


def groups_listed() -> QuerySet[ReferenceGroup]:
    return ReferenceGroup.objects.all()


def members_current(*, group: ReferenceGroup) -> QuerySet[Membership]:
    return (
        group.memberships.filter(status=MembershipStatus.ACTIVE)
        .select_related("person__team__service__directorate", "person__level")
        .order_by("person__last_name", "person__first_name")
    )


def memberships_waiting(*, group: ReferenceGroup) -> QuerySet[Membership]:
    return (
        group.memberships.filter(status__in=[MembershipStatus.APPLIED, MembershipStatus.INVITED])
        .select_related("person__team__service__directorate", "person__level")
        .order_by("requested_at")
    )


def memberships_past(*, group: ReferenceGroup) -> QuerySet[Membership]:
    return (
        group.memberships.filter(status__in=[MembershipStatus.ENDED, MembershipStatus.DECLINED])
        .select_related("person")
        .order_by("-decided_at")
    )


def membership_open_for(*, user: Any, group: ReferenceGroup) -> Membership | None:
    """The person's application, invitation or current term in the group, if any."""
    person = person_for(user)
    if person is None:
        return None
    return group.memberships.filter(person=person, status__in=OPEN_STATUSES).first()


def meetings_published(*, group: ReferenceGroup) -> QuerySet[Meeting]:
    return group.meetings.filter(notes_published=True).prefetch_related("decisions")


def meeting_for(*, group: ReferenceGroup, pk: int, see_all: bool) -> Meeting | None:
    meetings = group.meetings.all() if see_all else group.meetings.filter(notes_published=True)
    return (
        meetings.prefetch_related("decisions", "actions__owner", "attendances__person")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class MyGroups:
    memberships: list[Membership]
    invitations: list[Membership]
    applications: list[Membership]
    meetings: list[Meeting]
    actions: list[Action]


def my_groups(*, user: Any) -> MyGroups:
    """A member's groups, invitations and applications, their groups' next and recent meetings,
    and the actions they own that are not done."""
    person = person_for(user)
    if person is None:
        return MyGroups([], [], [], [], [])
    mine = list(
        Membership.objects.filter(person=person, status__in=OPEN_STATUSES).select_related("group")
    )
    active_groups = [m.group_id for m in mine if m.status == MembershipStatus.ACTIVE]
    since = timezone.now() - datetime.timedelta(days=120)
    meetings = Meeting.objects.filter(group_id__in=active_groups, held_at__gte=since)
    actions = Action.objects.filter(owner=person, done_at__isnull=True).select_related(
        "meeting__group"
    )
    return MyGroups(
        memberships=[m for m in mine if m.status == MembershipStatus.ACTIVE],
        invitations=[m for m in mine if m.status == MembershipStatus.INVITED],
        applications=[m for m in mine if m.status == MembershipStatus.APPLIED],
        meetings=list(meetings.select_related("group").order_by("held_at")),
        actions=list(actions.order_by("due_on")),
    )


def actions_overdue(*, today: datetime.date | None = None) -> QuerySet[Action]:
    today = today or timezone.localdate()
    return Action.objects.filter(done_at__isnull=True, due_on__lt=today)


@dataclass(frozen=True)
class CompositionCount:
    label: str
    count: int | None  # None: fewer than SUPPRESS_BELOW, not shown

    @property
    def shown(self) -> str:
        return f"fewer than {SUPPRESS_BELOW}" if self.count is None else str(self.count)


@dataclass(frozen=True)
class Composition:
    total: int
    by_dimension: list[tuple[str, list[CompositionCount]]]


def composition_public(*, group: ReferenceGroup) -> Composition:
    """The group's current members in aggregate, for its public page: no names. A public group's
    counts under 5 are suppressed, so no patient or carer can be singled out; a staff group's are
    shown in full, as its members sit on it in their working role."""
    people = [m.person for m in members_current(group=group)]
    suppress = group.is_public

    def counts(labels: list[str], values: list[str]) -> list[CompositionCount]:
        tally = Counter(values)
        return [
            CompositionCount(
                label, None if suppress and 0 < tally[label] < SUPPRESS_BELOW else tally[label]
            )
            for label in labels
            if tally[label]
        ]

    if group.is_public:
        kinds = [str(kind.label) for kind in PUBLIC_KINDS]
        by = [("Kind of member", counts(kinds, [p.get_kind_display() for p in people]))]
    else:
        directorates = [d.name for d in Directorate.objects.all()]
        levels = [level.name for level in StaffLevel.objects.all()]
        by = [
            ("Directorate", counts(directorates, [_directorate_of(p) for p in people])),
            ("Staff level", counts(levels, [p.level.name if p.level else "" for p in people])),
        ]
    return Composition(total=len(people), by_dimension=by)


def _directorate_of(person: Person) -> str:
    return person.team.service.directorate.name if person.team else ""


# The representativeness grid ----------------------------------------------------------------


@dataclass
class Line:
    """A row or column of the grid: one directorate, level or kind, with what the rule asks."""

    key: str  # "directorate:3", "staff_level:2", "person_kind:carer"
    label: str
    count: int = 0
    minimum: int = 0
    candidates: list[Person] = field(default_factory=list)

    @property
    def gap(self) -> int:
        return max(0, self.minimum - self.count)


@dataclass
class Grid:
    group: ReferenceGroup
    rows: list[Line]
    columns: list[Line]
    cells: dict[tuple[str, str], int]
    members: int

    @property
    def size_gap(self) -> int:
        return max(0, self.group.target_size - self.members)

    @property
    def gaps(self) -> list[Line]:
        return [line for line in [*self.rows, *self.columns] if line.gap]

    def table(self) -> list[tuple[Line, list[tuple[Line, int]]]]:
        return [
            (row, [(column, self.cells.get((row.key, column.key), 0)) for column in self.columns])
            for row in self.rows
        ]


PUBLIC_ROW = "public"


def _minimums(rules: list[CompositionRule]) -> dict[str, int]:
    """What the rule asks of each value, keyed like the grid's lines; "every" lines as the
    dimension's name. Where two lines ask for the same value, the larger minimum holds."""
    asked: dict[str, int] = {}
    for rule in rules:
        value = rule.directorate_id or rule.level_id or rule.person_kind
        key = f"{rule.dimension}:{value}" if value else rule.dimension
        asked[key] = max(asked.get(key, 0), rule.minimum)
    return asked


def _minimum_for(asked: dict[str, int], key: str) -> int:
    return max(asked.get(key, 0), asked.get(key.split(":")[0], 0))


def grid_for(*, group: ReferenceGroup, candidates: int = CANDIDATES_SHOWN) -> Grid:
    """Current members by directorate × staff level (a public group: by kind of person), each
    row and column with the rule's minimum and the gap, and for each gap up to `candidates`
    people in the roster who could fill it: active, in the group's audience, with no
    application, invitation or term open in it. A candidate who would also fill a gap in the
    other dimension comes first."""
    asked = _minimums(list(group.rules.all()))
    members = [m.person for m in members_current(group=group)]
    if group.audience == GroupAudience.PUBLIC:
        rows = [Line(PUBLIC_ROW, "Members of the public")]
        columns = [Line(f"person_kind:{kind.value}", str(kind.label)) for kind in PUBLIC_KINDS]

        def place(person: Person) -> tuple[str, str]:
            return PUBLIC_ROW, f"person_kind:{person.kind}"
    else:
        rows = [Line(f"directorate:{d.pk}", d.name) for d in Directorate.objects.all()]
        columns = [Line(f"staff_level:{lv.pk}", lv.name) for lv in StaffLevel.objects.all()]

        def place(person: Person) -> tuple[str, str]:
            directorate = person.team.service.directorate_id if person.team else ""
            return f"directorate:{directorate}", f"staff_level:{person.level_id or ''}"

    cells: Counter[tuple[str, str]] = Counter(place(person) for person in members)
    for line in [*rows, *columns]:
        line.minimum = _minimum_for(asked, line.key)
        line.count = sum(n for (r, c), n in cells.items() if line.key in (r, c))
    grid = Grid(group=group, rows=rows, columns=columns, cells=dict(cells), members=len(members))
    _candidates_fill(grid=grid, limit=candidates)
    return grid


def _candidates_fill(*, grid: Grid, limit: int) -> None:
    group = grid.group
    roster = Person.objects.filter(is_active=True).exclude(
        Exists(
            Membership.objects.filter(group=group, person=OuterRef("pk"), status__in=OPEN_STATUSES)
        )
    )
    if group.audience == GroupAudience.STAFF:
        roster = roster.filter(kind=PersonKind.STAFF)
    else:
        roster = roster.exclude(kind=PersonKind.STAFF)
    roster = roster.select_related("team__service__directorate", "level")
    staff = group.audience == GroupAudience.STAFF
    # Keys are "dimension:value"; a staff group's values are ids.
    gap_columns = [int(c.key.partition(":")[2]) for c in grid.columns if staff and c.gap]
    gap_rows = [int(r.key.partition(":")[2]) for r in grid.rows if staff and r.gap]
    for line in grid.gaps:
        dimension, _, value = line.key.partition(":")
        if dimension == Dimension.DIRECTORATE:
            pool = roster.filter(team__service__directorate_id=int(value))
            also = Q(level_id__in=gap_columns)
        elif dimension == Dimension.STAFF_LEVEL:
            pool = roster.filter(level_id=int(value))
            also = Q(team__service__directorate_id__in=gap_rows)
        else:
            pool = roster.filter(kind=value)
            also = Q(pk__in=[])
        first = list(pool.filter(also).order_by("last_name", "first_name")[:limit])
        rest = pool.exclude(pk__in=[p.pk for p in first]).order_by("last_name", "first_name")
        line.candidates = first + list(rest[: limit - len(first)])


def groups_visible_in_search(*, query: str) -> QuerySet[ReferenceGroup]:
    matches = ReferenceGroup.objects.all()
    for word in query.split()[:10]:
        matches = matches.filter(Q(name__icontains=word) | Q(purpose__icontains=word))
    return matches


def groups_shaping_aim(*, aim_id: int) -> QuerySet[ReferenceGroup]:
    """Groups with a published decision that shaped the aim."""
    return ReferenceGroup.objects.filter(
        meetings__notes_published=True, meetings__decisions__shaped_aim_id=aim_id
    ).distinct()
