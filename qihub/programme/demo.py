"""The programme's part of `qihub demo`: a mission with two published versions (the second
adopted after the demo's consultation on it, where consultations are installed) and a vision,
the five stages with Building will current, and four system-level aims with three years of
monthly data, recorded through the measurement services. Chosen so that the summary table shows
each reading a board meets: falls with harm falling (special-cause improvement), four-hour
performance only varying as usual (common cause; the target could go either way), community
therapy waits that will not meet their target, and pressure ulcers.

Deterministic (a fixed seed, fixed dates) and idempotent: what already exists is left alone.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from qihub.core.models import Directorate, Person, PersonKind
from qihub.measurement.models import (
    Annotation,
    DataSource,
    DataType,
    Direction,
    Measure,
    Rebase,
)
from qihub.measurement.services import datapoint_record, measure_create
from qihub.programme.models import Aim, Stage, Statement, StatementVersion
from qihub.programme.services import stage_save, statement_publish

SEED = 20261101
MONTHS = 36
FIRST_MONTH = dt.date(2023, 10, 1)

MISSION_VERSIONS = [
    (
        dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC),
        "Safe, kind care for everyone in our community, every time.",
    ),
    (
        dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
        "Together with our patients and communities, we give safe, kind and effective care, "
        "and we improve it every day.\n\nEveryone who works here can improve the care they "
        "give, and is supported to.",
    ),
]
VISION = (
    dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC),
    "The best community health services in England, improved by the people who use and "
    "deliver them.",
)

STAGES = [
    (
        "Direction",
        dt.date(2025, 1, 6),
        dt.date(2025, 9, 30),
        "The board, staff, patients and governors agreed our mission and four aims; we "
        "consulted on the drafts and published what we heard and what changed.",
    ),
    (
        "Building will",
        dt.date(2025, 10, 1),
        None,
        "Telling the story of why we improve, and bringing a critical mass of staff and "
        "patients into the programme through events, groups and competitions.",
    ),
    (
        "Building capability",
        None,
        None,
        "Training in quality improvement for every team, from a first introduction to coaching.",
    ),
    (
        "Improving at scale",
        None,
        None,
        "QI projects in every directorate, lined up behind the aims.",
    ),
    ("Sustaining", None, None, "Keeping the gains, and improvement as the way we work."),
]


@dataclass(frozen=True)
class AimPlan:
    slug: str
    title: str
    description: str
    measure: str
    definition: str
    data_type: str
    direction: str
    unit: str
    baseline: float
    baseline_period: str
    target: float
    target_date: dt.date
    directorates: int  # how many of the directorates, in code order (0: the whole trust)
    data: Callable[[random.Random, int], tuple[float, float | None]]
    # Limits from the first this many points (the process before the change), then extended.
    baseline_points: int | None = None
    # A new process from this month, with its reason (a rebase), and notes on the chart.
    rebase: tuple[int, str] | None = None
    annotations: tuple[tuple[int, str], ...] = ()


def _falls(rng: random.Random, month: int) -> tuple[float, float | None]:
    # A falls prevention bundle from month 24 (a new process: the chart is rebased there), then
    # hourly rounding from month 29: a further drop, special cause improvement within the new
    # process, whose limits hold the target (its assurance is hit and miss, not failing).
    if month < 24:
        return round(6.2 + rng.gauss(0, 0.35), 2), None
    level = 4.8 if month < 29 else 3.95
    return round(level + rng.gauss(0, 0.12), 2), None


def _four_hours(rng: random.Random, month: int) -> tuple[float, float | None]:
    seen = 1000 + rng.randint(-60, 60)
    return round(seen * (0.80 + rng.gauss(0, 0.008))), seen


def _therapy_wait(rng: random.Random, month: int) -> tuple[float, float | None]:
    return round(42 + rng.gauss(0, 1.6), 1), None


def _ulcers(rng: random.Random, month: int) -> tuple[float, float | None]:
    return float(max(0, round(14 + rng.gauss(0, 2.5)))), None


AIMS = [
    AimPlan(
        slug="reduce-harm-from-falls",
        title="Reduce harm from falls by a third",
        description="Fewer of our patients hurt by a fall while in our care, in hospital and at "
        "home.",
        measure="Falls with harm per 1,000 bed days",
        definition="Falls in our community hospitals that caused moderate harm or worse, per "
        "1,000 occupied bed days, from the incident reporting system each month.",
        data_type=DataType.CONTINUOUS,
        direction=Direction.DECREASE,
        unit="falls per 1,000 bed days",
        baseline=6.2,
        baseline_period="October 2023 to September 2024",
        target=4.1,
        target_date=dt.date(2027, 3, 31),
        directorates=2,
        data=_falls,
        rebase=(24, "Falls prevention bundle on every ward"),
        annotations=((29, "Hourly rounding began"),),
    ),
    AimPlan(
        slug="right-care-right-place",
        title="The right care in the right place at the right time",
        description="Patients who come to our urgent treatment centres are seen, treated and "
        "on their way within four hours.",
        measure="Urgent treatment centre patients seen within four hours",
        definition="Of all attendances at our urgent treatment centres each month, the "
        "proportion admitted, transferred or discharged within four hours of arrival.",
        data_type=DataType.PROPORTION,
        direction=Direction.INCREASE,
        unit="% of attendances",
        baseline=0.80,
        baseline_period="October 2023 to September 2024",
        target=0.82,
        target_date=dt.date(2027, 3, 31),
        directorates=1,
        data=_four_hours,
    ),
    AimPlan(
        slug="shorter-waits-for-therapy",
        title="Shorter waits for community therapy",
        description="People referred to physiotherapy and occupational therapy at home start "
        "their treatment within four weeks.",
        measure="Average wait for community therapy",
        definition="The mean number of days from referral to first appointment, for patients "
        "first seen each month by community physiotherapy and occupational therapy.",
        data_type=DataType.CONTINUOUS,
        direction=Direction.DECREASE,
        unit="days",
        baseline=42,
        baseline_period="October 2023 to September 2024",
        target=28,
        target_date=dt.date(2027, 3, 31),
        directorates=3,
        data=_therapy_wait,
    ),
    AimPlan(
        slug="fewer-pressure-ulcers",
        title="Fewer pressure ulcers acquired in our care",
        description="Fewer patients develop a pressure ulcer while our district nurses and "
        "wards care for them.",
        measure="Pressure ulcers acquired in our care",
        definition="Category 2 and above pressure ulcers that developed while the patient was "
        "in our care, each month, from the incident reporting system.",
        data_type=DataType.COUNT,
        direction=Direction.DECREASE,
        unit="pressure ulcers",
        baseline=14,
        baseline_period="October 2023 to September 2024",
        target=10,
        target_date=dt.date(2027, 3, 31),
        directorates=0,
        data=_ulcers,
    ),
]


def _month(index: int) -> dt.date:
    months = FIRST_MONTH.month - 1 + index
    return dt.date(FIRST_MONTH.year + months // 12, months % 12 + 1, 1)


def _backdate(*, kind: str, published_at: dt.datetime) -> None:
    """Date the version just published as the demo's history has it."""
    latest = StatementVersion.objects.filter(statement__kind=kind).earliest("-published_at", "-pk")
    StatementVersion.objects.filter(pk=latest.pk).update(published_at=published_at)


def _statements_build() -> None:
    """The mission's first version, published, and its second drafted: the draft the demo
    consults on (`qihub/consultations/demo.py`), whose adoption publishes the second version."""
    if not Statement.objects.filter(kind="mission").exists():
        (published_at, text), (_, drafted) = MISSION_VERSIONS
        statement_publish(kind="mission", text=text, actor=None)
        _backdate(kind="mission", published_at=published_at)
        statement = Statement.objects.get(kind="mission")
        statement.text = drafted
        statement.save_revision()
    if not Statement.objects.filter(kind="vision").exists():
        statement_publish(kind="vision", text=VISION[1], actor=None)
        _backdate(kind="vision", published_at=VISION[0])


def programme_demo_finish(*, progress: Callable[[str], None]) -> str:
    """After the other apps' demos: if no consultation adopted the drafted mission, publish it
    as its second version, so that the mission has two published versions whatever is installed."""
    statement = Statement.objects.filter(kind="mission").first()
    if statement is None:
        return "Programme: no mission to finish."
    if statement.has_unpublished_changes and statement.versions.count() == 1:
        published_at, _ = MISSION_VERSIONS[1]
        with transaction.atomic():
            drafted = statement.get_latest_revision_as_object().text
            statement_publish(kind="mission", text=drafted, actor=None)
            _backdate(kind="mission", published_at=published_at)
    versions = statement.versions.count()
    return f"Programme: the mission in {versions} published version{'' if versions == 1 else 's'}."


def _stages_build() -> None:
    if Stage.objects.exists():
        return
    for position, (name, started, ended, narrative) in enumerate(STAGES):
        stage = Stage(
            name=name,
            position=position * 10,
            started_on=started,
            ended_on=ended,
            narrative=narrative,
            is_current=name == "Building will",
        )
        stage_save(stage=stage, actor=None)


def _owner() -> Person:
    staff = Person.objects.filter(kind=PersonKind.STAFF, is_active=True)
    senior = staff.filter(level__is_senior_leader=True).order_by("employee_number").first()
    owner = senior or staff.order_by("employee_number").first()
    if owner is None:
        raise RuntimeError("The programme's demo needs the demo trust's staff: run qihub demo.")
    return owner


def _aim_build(plan: AimPlan, *, position: int, owner: Person, rng: random.Random) -> bool:
    if Aim.objects.filter(slug=plan.slug).exists():
        return False
    measure = Measure.objects.filter(slug=plan.slug).first() or measure_create(
        by=None,
        name=plan.measure,
        slug=plan.slug,
        definition=plan.definition,
        data_type=plan.data_type,
        direction=plan.direction,
        unit=plan.unit,
        baseline_points=plan.baseline_points,
    )
    for month in range(MONTHS):
        first, second = plan.data(rng, month)
        ratio = second is not None
        datapoint_record(
            measure=measure,
            period=_month(month),
            source=DataSource.DEMO,
            value=None if ratio else first,
            numerator=first if ratio else None,
            denominator=second,
        )
    if plan.rebase:
        month, reason = plan.rebase
        Rebase.objects.create(measure=measure, period=_month(month), reason=reason)
    for month, text in plan.annotations:
        Annotation.objects.create(measure=measure, period=_month(month), text=text)
    aim = Aim(
        title=plan.title,
        slug=plan.slug,
        description=plan.description,
        measure=measure,
        baseline_value=plan.baseline,
        baseline_period=plan.baseline_period,
        target_value=plan.target,
        target_date=plan.target_date,
        owner=owner,
        position=position,
        live=False,
    )
    aim.save()
    aim.directorates.set(Directorate.objects.order_by("code")[: plan.directorates])
    aim.save_revision().publish(skip_permission_checks=True)
    return True


def programme_demo_build(*, progress: Callable[[str], None]) -> str:
    progress("Programme: mission, stages and aims…")
    with transaction.atomic():
        _statements_build()
        _stages_build()
        owner = _owner()
        added = 0
        for position, plan in enumerate(AIMS):
            # One generator per aim, so each aim's data is the same whatever exists already.
            rng = random.Random(f"{SEED}-{plan.slug}")  # noqa: S311 (demo data, not secrets)
            added += _aim_build(plan, position=position * 10, owner=owner, rng=rng)
    versions = StatementVersion.objects.filter(statement__kind="mission").count()
    drafted = Statement.objects.filter(kind="mission", has_unpublished_changes=True).exists()
    return (
        f"Programme ready: the mission in {versions} published "
        f"version{'' if versions == 1 else 's'}{' and a draft' if drafted else ''}, "
        f"{Stage.objects.count()} stages, {Aim.objects.filter(live=True).count()} published aims "
        f"({added} added this run)."
    )
