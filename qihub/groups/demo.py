"""Demo reference groups: the staff reference group (30 members from every directorate and level
but one of each, so the grid shows two gaps) and the patients, carers and governors group (12,
short of governors, with an invitation waiting), each with a year of meetings, published notes,
decisions and actions (some done, some overdue), and a term that ended.

Built through the services the QI team and members use, so the audit log and the engagement
ledger hold what real groups leave behind. Deterministic (a fixed seed) and idempotent: a group
that exists already is left as it is.
"""

import datetime
import random
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from qihub.consultations.selectors import consultations_visible_to
from qihub.core.demo import DEMO_ACCOUNTS
from qihub.core.models import Directorate, Person, PersonKind, StaffLevel, User
from qihub.groups.models import (
    Action,
    CompositionRule,
    Decision,
    Dimension,
    GroupAudience,
    Meeting,
    ReferenceGroup,
)
from qihub.groups.services import (
    meeting_attendance_record,
    membership_accept,
    membership_end,
    membership_invite,
)
from qihub.programme.selectors import aims_published

SEED = 20260512
STAFF_SLUG = "staff-reference-group"
PUBLIC_SLUG = "patients-carers-and-governors"
# The gaps the demo's grid shows: nobody from this directorate, nobody at this level.
MISSING_DIRECTORATE = "PRI"
MISSING_LEVEL = "Board and executive"

STAFF_TOPICS = [
    ("Launching the programme", "How we tell every team about the programme in its first month."),
    ("Our mission", "The draft mission: what staff will recognise and what they will not."),
    ("Time to improve", "Protected time for improvement: what would make it real on a rota."),
    ("Next year's aims", "The draft aims, and whether each feels in reach for front-line teams."),
    ("Roadshows", "Where the roadshows should go, and at what time of day."),
    ("Stories that travel", "Which improvement stories to tell first, and in whose words."),
]
PUBLIC_TOPICS = [
    ("Getting started", "What the group is for, and how the trust will use its advice."),
    ("Our mission", "Whether the mission speaks to patients, carers and families."),
    ("Being heard", "How patients and carers can join improvement projects from the start."),
    ("Next year's aims", "Which aims matter most to the people we care for."),
]


def _qi_team_user() -> User:
    return User.objects.get(email=DEMO_ACCOUNTS.emails["QI team"])


def _account_of(role: str) -> Person | None:
    return Person.objects.filter(email__iexact=DEMO_ACCOUNTS.emails[role]).first()


def _staff_members(rng: random.Random) -> list[Person]:
    """Thirty staff spread over every directorate and level but the two left out."""
    levels = list(StaffLevel.objects.exclude(name=MISSING_LEVEL))
    directorates = list(Directorate.objects.exclude(code=MISSING_DIRECTORATE))
    cells = [(d, lv) for d in directorates for lv in levels]
    rng.shuffle(cells)
    # Every directorate and level first, then the rest of the places.
    chosen: list[Person] = []
    covered_d: set[int] = set()
    covered_l: set[int] = set()
    ordered = sorted(cells, key=lambda c: (c[0].pk in covered_d) + (c[1].pk in covered_l))
    staff = _account_of("staff")
    if staff is not None:
        chosen.append(staff)
    for directorate, level in ordered:
        if len(chosen) >= 30:
            break
        person = (
            Person.objects.filter(
                kind=PersonKind.STAFF,
                is_active=True,
                team__service__directorate=directorate,
                level=level,
                user__isnull=True,
            )
            .exclude(pk__in=[p.pk for p in chosen])
            .order_by("employee_number")
            .first()
        )
        if person is not None:
            chosen.append(person)
            covered_d.add(directorate.pk)
            covered_l.add(level.pk)
    return chosen


def _public_members() -> list[Person]:
    """Four patients (the demo's own account among them), four carers, two governors, a
    volunteer and a community member: twelve, short of governors."""
    people: list[Person] = []
    own = _account_of("member of the public")
    if own is not None:
        people.append(own)
    for kind, count in [
        (PersonKind.PATIENT, 4 - len(people)),
        (PersonKind.CARER, 4),
        (PersonKind.GOVERNOR, 2),
        (PersonKind.VOLUNTEER, 1),
        (PersonKind.COMMUNITY, 1),
    ]:
        people += list(
            Person.objects.filter(kind=kind, is_active=True, user__isnull=True).order_by("pk")[
                :count
            ]
        )
    return people


def _join(group: ReferenceGroup, people: list[Person], qi: User, started: datetime.date) -> None:
    for person in people:
        membership = membership_invite(group=group, person=person, user=qi)
        membership_accept(membership=membership, user=qi, started_on=started)


def _meetings_build(
    *,
    group: ReferenceGroup,
    topics: list[tuple[str, str]],
    first: datetime.datetime,
    every: datetime.timedelta,
    qi: User,
    rng: random.Random,
    links: dict[str, Any],
) -> None:
    members = [m.person for m in group.memberships.filter(status="active")]
    staff_account = _account_of("staff")
    today = timezone.localdate()
    for index, (title, agenda) in enumerate(topics):
        held_at = first + index * every
        past = held_at.date() < today
        meeting = Meeting.objects.create(
            group=group,
            held_at=held_at,
            place="Trust Headquarters, Board room" if index % 2 else "Online",
            agenda=f"1. Welcome and actions from last time\n2. {title}: {agenda}\n3. Any other "
            "business",
            notes=f"The group discussed {title.lower()}. {agenda} Members shared what they see "
            "in their own areas, and agreed the advice below."
            if past
            else "",
            notes_published=past,
        )
        if not past:
            continue
        decision = Decision(
            meeting=meeting,
            text=f"The group advises: {agenda.rstrip('.').lower()}, in plain words.",
        )
        if title == "Our mission" and links.get("consultation"):
            decision.shaped_consultation = links["consultation"]
        elif title == "Next year's aims" and links.get("aim"):
            decision.shaped_aim = links["aim"]
        elif title in ("Stories that travel", "Launching the programme"):
            decision.shaped_other = "The launch campaign's posters"
        decision.save()
        owners = rng.sample(members, 2)
        if group.audience == GroupAudience.STAFF and staff_account in members:
            owners[0] = staff_account
        for number, owner in enumerate(owners):
            due = held_at.date() + datetime.timedelta(days=28 + 14 * number)
            done = due < today - datetime.timedelta(days=20) or (number == 0 and index % 2 == 0)
            Action.objects.create(
                meeting=meeting,
                text=f"Share the group's advice on {title.lower()} with "
                f"{'your team' if group.audience == GroupAudience.STAFF else 'the QI team'}",
                owner=owner,
                due_on=due,
                done_at=timezone.make_aware(datetime.datetime.combine(due, datetime.time(12)))
                if done
                else None,
            )
        came = [p for p in members if rng.random() < 0.75]
        meeting_attendance_record(meeting=meeting, user=qi, people=came)


def _staff_group_build(rng: random.Random, qi: User, links: dict[str, Any]) -> ReferenceGroup:
    group = ReferenceGroup.objects.create(
        name="Staff reference group",
        slug=STAFF_SLUG,
        purpose="Staff from every directorate and every level of the trust who advise the QI "
        "team on the programme: how to explain it, what gets in the way, and what would help "
        "teams improve their own work. It meets every two months.",
        audience=GroupAudience.STAFF,
        target_size=32,
    )
    CompositionRule.objects.create(group=group, dimension=Dimension.DIRECTORATE, minimum=1)
    CompositionRule.objects.create(group=group, dimension=Dimension.STAFF_LEVEL, minimum=1)
    started = timezone.localdate() - datetime.timedelta(days=350)
    members = _staff_members(rng)
    _join(group, members, qi, started)
    _meetings_build(
        group=group,
        topics=STAFF_TOPICS,
        first=timezone.now().replace(hour=14, minute=0, second=0, microsecond=0)
        - datetime.timedelta(days=330),
        every=datetime.timedelta(days=61),
        qi=qi,
        rng=rng,
        links=links,
    )
    # One member stepped down after the fourth meeting; their place is still open.
    leaver = group.memberships.filter(status="active").exclude(person=_account_of("staff")).last()
    if leaver is not None:
        membership_end(membership=leaver, user=qi, ended_on=started + datetime.timedelta(days=200))
    return group


def _public_group_build(rng: random.Random, qi: User, links: dict[str, Any]) -> ReferenceGroup:
    group = ReferenceGroup.objects.create(
        name="Patients, carers and governors group",
        slug=PUBLIC_SLUG,
        purpose="Patients, carers and governors who make sure the programme starts from what "
        "matters to the people we care for. It meets every three months and advises on the "
        "mission, the aims and how patients join improvement work.",
        audience=GroupAudience.PUBLIC,
        target_size=12,
    )
    for kind in (PersonKind.PATIENT, PersonKind.CARER, PersonKind.GOVERNOR):
        CompositionRule.objects.create(
            group=group, dimension=Dimension.PERSON_KIND, person_kind=kind, minimum=3
        )
    _join(group, _public_members(), qi, timezone.localdate() - datetime.timedelta(days=340))
    _meetings_build(
        group=group,
        topics=PUBLIC_TOPICS,
        first=timezone.now().replace(hour=18, minute=0, second=0, microsecond=0)
        - datetime.timedelta(days=320),
        every=datetime.timedelta(days=91),
        qi=qi,
        rng=rng,
        links=links,
    )
    # A governor invited to fill the gap, who has not answered yet.
    governor = (
        Person.objects.filter(kind=PersonKind.GOVERNOR, is_active=True, user__isnull=True)
        .exclude(group_memberships__group=group)
        .order_by("pk")
        .first()
    )
    if governor is not None:
        membership_invite(group=group, person=governor, user=qi)
    return group


def groups_demo_build(*, progress: Callable[[str], None] | None = None) -> str:
    say = progress or (lambda message: None)
    rng = random.Random(SEED)  # noqa: S311 - demo data
    qi = _qi_team_user()
    links = {
        "aim": aims_published().order_by("pk").first(),
        "consultation": consultations_visible_to(user=None).order_by("pk").first(),
    }
    built = []
    with transaction.atomic():
        if not ReferenceGroup.objects.filter(slug=STAFF_SLUG).exists():
            say("The staff reference group…")
            built.append(_staff_group_build(rng, qi, links))
        if not ReferenceGroup.objects.filter(slug=PUBLIC_SLUG).exists():
            say("The patients, carers and governors group…")
            built.append(_public_group_build(rng, qi, links))
    groups = ReferenceGroup.objects.filter(slug__in=[STAFF_SLUG, PUBLIC_SLUG])
    members = sum(g.memberships.filter(status="active").count() for g in groups)
    meetings = Meeting.objects.filter(group__in=groups).count()
    return (
        f"Reference groups ready: {groups.count()} groups, {members} current members, "
        f"{meetings} meetings ({len(built)} built this run)."
    )
