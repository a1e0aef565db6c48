"""The demo organisation: a fictional trust, built deterministically and idempotently.

About 5,500 staff in 8 directorates and about 300 teams across every staff level, some patients,
carers and governors, and one sign-in account for each role. The staff come in through the same
roster import a real trust uses. Then each app builds its own part of the demo (the public site,
competitions, …) through its `DEMO_BUILD` hook (qihub/core/extensions.py), in the hooks' order.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from qihub.core.extensions import demo_builders
from qihub.core.models import (
    Directorate,
    Leadership,
    Location,
    Person,
    PersonKind,
    Service,
    StaffLevel,
    Team,
    User,
)
from qihub.core.permissions import QI_TEAM_GROUP
from qihub.core.roster import roster_import

SEED = 20260101
DOMAIN = "northmoor.example"
TRUST_NAME = "Northmoor Community Health NHS Foundation Trust"

STAFF_LEVELS = [
    ("Board and executive", True, 0.004),
    ("Senior leader", True, 0.02),
    ("Service or clinical leader", False, 0.08),
    ("Front-line clinical", False, 0.52),
    ("Front-line support", False, 0.22),
    ("Corporate and administrative", False, 0.156),
]
SITES = [
    "Northmoor General Hospital",
    "Riverside Mental Health Unit",
    "Eastgate Community Hub",
    "Hillcrest Clinic",
    "Trust Headquarters",
]
DIRECTORATES = {
    "ADM": ("Adult Mental Health", ["Inpatient wards", "Community teams", "Crisis", "Rehab"]),
    "CAM": (
        "Children and Young People",
        ["CAMHS", "Health visiting", "School nursing", "Therapies"],
    ),
    "COM": ("Community Health", ["District nursing", "Podiatry", "Rehab at home", "Diabetes"]),
    "OLD": ("Older Adults", ["Memory services", "Wards", "Community", "Care homes liaison"]),
    "SPE": (
        "Specialist Services",
        ["Forensic", "Learning disability", "Eating disorders", "Perinatal"],
    ),
    "PRI": ("Primary Care", ["GP practices", "Urgent care", "Pharmacy", "Dental"]),
    "COR": ("Corporate Services", ["Finance", "People and culture", "Estates", "Digital"]),
    "QUA": (
        "Quality and Nursing",
        ["Quality improvement", "Patient safety", "Education", "Experience"],
    ),
}
TEAM_NAMES = [
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Riverside",
    "Hillcrest",
    "Eastgate",
    "Parkside",
    "Millbrook",
]
FIRST_NAMES = (
    "Aisha Amir Ana Ben Bola Chen Chloe Daniel Deepa Eilidh Emma Fatima Femi George Grace "
    "Hannah Harry Imran Isla Jack James Jasmine Kai Kemi Laura Leon Li Lucy Maria Mohammed "
    "Nadia Nathan Niamh Oliver Olu Priya Rachel Rhys Rosa Sam Sara Sean Simone Sophie Tariq "
    "Tom Uma Victor Wei Yasmin Zain Zoe"
).split()
LAST_NAMES = (
    "Adams Ahmed Ali Baker Begum Brown Campbell Chen Clarke Davies Edwards Evans Green "
    "Hall Hughes Hussain Jackson James Jones Khan Kowalski Lewis Martin Mensah Morris Murphy "
    "Nguyen Okafor Owen Patel Phillips Price Rahman Roberts Robinson Rossi Shah Singh Smith "
    "Taylor Thomas Thompson Turner Walker White Williams Wilson Wood Wright Young"
).split()
JOB_TITLES = {
    "Board and executive": ["Executive director", "Non-executive director"],
    "Senior leader": ["Associate director", "Clinical director", "Head of service"],
    "Service or clinical leader": ["Service manager", "Ward manager", "Team leader", "Consultant"],
    "Front-line clinical": ["Staff nurse", "Occupational therapist", "Psychologist", "Doctor"],
    "Front-line support": ["Healthcare assistant", "Support worker", "Peer support worker"],
    "Corporate and administrative": [
        "Administrator",
        "Analyst",
        "Finance officer",
        "Medical secretary",
    ],
}
PUBLIC_PEOPLE = [
    (PersonKind.PATIENT, 40),
    (PersonKind.CARER, 20),
    (PersonKind.GOVERNOR, 12),
    (PersonKind.VOLUNTEER, 15),
    (PersonKind.COMMUNITY, 10),
]
STAFF_COUNT = 5_500


@dataclass(frozen=True)
class DemoAccounts:
    password: str = "demo-qihub-2026"  # noqa: S105 - a published demo password, demo mode only
    emails: dict[str, str] = field(
        default_factory=lambda: {
            "QI team": f"qi-team@{DOMAIN}",
            "leader": f"leader@{DOMAIN}",
            "staff": f"staff@{DOMAIN}",
            "member of the public": f"public@{DOMAIN}",
        }
    )


DEMO_ACCOUNTS = DemoAccounts()
DEMO_EMAILS = set(DEMO_ACCOUNTS.emails.values())


def _structure_build() -> tuple[list[Team], dict[str, StaffLevel]]:
    levels = {}
    for position, (name, senior, _) in enumerate(STAFF_LEVELS, start=1):
        levels[name], _ = StaffLevel.objects.get_or_create(
            name=name, defaults={"position": position, "is_senior_leader": senior}
        )
    sites = [Location.objects.get_or_create(name=name)[0] for name in SITES]
    teams = []
    number = 0
    for index, (code, (name, services)) in enumerate(DIRECTORATES.items()):
        directorate, _ = Directorate.objects.get_or_create(code=code, defaults={"name": name})
        for service_name in services:
            service, _ = Service.objects.get_or_create(directorate=directorate, name=service_name)
            for team_name in TEAM_NAMES[: 9 + (index + len(service_name)) % 2]:
                number += 1
                team, _ = Team.objects.get_or_create(
                    code=f"T{number:04d}",
                    defaults={
                        "service": service,
                        "name": f"{service_name} {team_name}",
                        "location": sites[number % len(sites)],
                    },
                )
                teams.append(team)
    return teams, levels


def _roster_rows(teams: list[Team], rng: random.Random) -> list[dict[str, str]]:
    weights = [share for _, _, share in STAFF_LEVELS]
    names = [name for name, _, _ in STAFF_LEVELS]
    rows = []
    for index in range(1, STAFF_COUNT + 1):
        level = rng.choices(names, weights)[0]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        start = datetime.date(2005, 1, 1) + datetime.timedelta(days=rng.randrange(7_000))
        rows.append(
            {
                "_row": str(index + 1),
                "employee_number": f"E{index:06d}",
                "first_name": first,
                "last_name": last,
                "work_email": f"{first}.{last}.{index}@{DOMAIN}".lower(),
                "team_code": rng.choice(teams).code,
                "staff_level": level,
                "job_title": rng.choice(JOB_TITLES[level]),
                "start_date": start.isoformat(),
                "leave_date": "",
            }
        )
    accounts = DEMO_ACCOUNTS.emails
    for offset, (role, level, team) in enumerate(
        [
            ("QI team", "Corporate and administrative", teams[-1]),
            ("leader", "Senior leader", teams[0]),
            ("staff", "Front-line clinical", teams[1]),
        ],
        start=1,
    ):
        first, last = {"QI team": ("Quinn", "Improver"), "leader": ("Lee", "Leader")}.get(
            role, ("Sam", "Staff")
        )
        rows.append(
            {
                "_row": str(STAFF_COUNT + 1 + offset),
                "employee_number": f"DEMO{offset:03d}",
                "first_name": first,
                "last_name": last,
                "work_email": accounts[role],
                "team_code": team.code,
                "staff_level": level,
                "job_title": JOB_TITLES[level][0],
                "start_date": "2020-04-01",
                "leave_date": "",
            }
        )
    return rows


def _public_build(rng: random.Random) -> None:
    for kind, count in PUBLIC_PEOPLE:
        for index in range(1, count + 1):
            Person.objects.get_or_create(
                email=f"{kind}.{index}@public.{DOMAIN}",
                defaults={
                    "kind": kind,
                    "first_name": rng.choice(FIRST_NAMES),
                    "last_name": rng.choice(LAST_NAMES),
                },
            )
    Person.objects.get_or_create(
        email=DEMO_ACCOUNTS.emails["member of the public"],
        defaults={"kind": PersonKind.PATIENT, "first_name": "Pat", "last_name": "Public"},
    )


def _account_ensure(email: str) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_ACCOUNTS.password)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    Person.objects.filter(email__iexact=email, user__isnull=True).update(user=user)
    return user


def _accounts_build(teams: list[Team]) -> None:
    emails = DEMO_ACCOUNTS.emails
    for email in emails.values():
        _account_ensure(email)
    qi_user = User.objects.get(email=emails["QI team"])
    qi_user.groups.add(Group.objects.get(name=QI_TEAM_GROUP))
    leader = Person.objects.get(email__iexact=emails["leader"])
    Leadership.objects.get_or_create(person=leader, directorate=teams[0].service.directorate)


def demo_build(*, progress: Callable[[str], None] | None = None) -> list[str]:
    """Build (or bring up to date) the demo organisation, then every app's part of the demo;
    return their one-line summaries."""
    say = progress or (lambda message: None)
    rng = random.Random(SEED)
    with transaction.atomic():
        say("Organisation structure…")
        teams, _ = _structure_build()
        say("Staff roster…")
        report = roster_import(
            rows=_roster_rows(teams, rng), full=False, dry_run=False, source_name="demo roster"
        )
        if report.errors:
            raise RuntimeError(f"The demo roster has errors: {report.errors[:3]}")
        say("Members of the public and demo accounts…")
        _public_build(rng)
        _accounts_build(teams)
    staff = Person.objects.filter(kind=PersonKind.STAFF, is_active=True).count()
    public = Person.objects.exclude(kind=PersonKind.STAFF).count()
    summaries = [
        f"Demo trust ready: {staff:,} active staff in {Directorate.objects.count()} directorates "
        f"and {Team.objects.count()} teams, {public} members of the public "
        f"({len(report.created)} staff added this run)."
    ]
    summaries += [build(progress=say) for build in demo_builders()]
    return summaries
