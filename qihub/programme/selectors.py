"""Reads of the programme. The public sees published versions and published aims only; the QI
team also sees draft aims (marked as drafts)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from qihub.core.permissions import is_qi_team
from qihub.measurement.charts import Icon, measures_summary
from qihub.measurement.models import DataType
from qihub.programme.models import Aim, Stage, Statement, StatementKind, StatementVersion


@dataclass(frozen=True)
class StatementHistory:
    kind: str
    label: str
    versions: list[StatementVersion]  # newest first

    @property
    def current(self) -> StatementVersion | None:
        return self.versions[0] if self.versions else None


def statements_published() -> dict[str, StatementHistory]:
    """The vision and mission as the public sees them, each with its published versions."""
    live = {
        statement.kind: statement for statement in Statement.objects.filter(live=True).only("kind")
    }
    versions: dict[str, list[StatementVersion]] = {kind: [] for kind in StatementKind.values}
    for version in StatementVersion.objects.filter(statement__live=True).select_related(
        "statement"
    ):
        versions[version.statement.kind].append(version)
    return {
        kind: StatementHistory(
            kind=kind, label=label, versions=versions[kind] if kind in live else []
        )
        for kind, label in StatementKind.choices
    }


def statement_draft_text(*, kind: str) -> str:
    """The statement as the QI team last saved it (a draft, or the published text)."""
    statement = Statement.objects.filter(kind=kind).first()
    if statement is None:
        return ""
    if statement.has_unpublished_changes and statement.latest_revision_id:
        return statement.get_latest_revision_as_object().text
    return statement.text


def stages_all() -> list[Stage]:
    return list(Stage.objects.all())


def aims_published() -> QuerySet[Aim]:
    return Aim.objects.filter(live=True).select_related("measure", "owner")


def aims_visible_to(*, user: Any) -> QuerySet[Aim]:
    """Published aims; the QI team sees drafts too."""
    aims = Aim.objects.select_related("measure", "owner")
    return aims if is_qi_team(user) else aims.filter(live=True)


def aim_for(*, user: Any, slug: str) -> Aim | None:
    return aims_visible_to(user=user).filter(slug=slug).first()


def number_in_unit(number: float | None, *, data_type: str, unit: str) -> str:
    """A value as the aim's readers see it: proportions in per cent, others with their unit."""
    if number is None:
        return "–"
    if data_type == DataType.PROPORTION:
        return f"{number * 100:.1f}%"
    text = f"{number:,.0f}" if float(number).is_integer() else f"{number:,.2f}".rstrip("0")
    return f"{text} {unit}".strip()


@dataclass(frozen=True)
class AimStatus:
    """One row of the aims summary table."""

    aim: Aim
    latest: str
    latest_period: dt.date | None
    target: str
    variation: Icon | None
    assurance: Icon | None
    note: str


def aims_summary(aims: list[Aim]) -> list[AimStatus]:
    """Each aim's latest value, target and icons, all charted in one batch."""
    summaries = measures_summary([aim.measure for aim in aims])
    return [
        AimStatus(
            aim=aim,
            latest=number_in_unit(
                summary.latest_value, data_type=aim.measure.data_type, unit=aim.measure.unit
            ),
            latest_period=summary.latest_period,
            target=number_in_unit(
                aim.target_value, data_type=aim.measure.data_type, unit=aim.measure.unit
            ),
            variation=summary.variation,
            assurance=summary.assurance,
            note=summary.note,
        )
        for aim, summary in zip(aims, summaries, strict=True)
    ]
