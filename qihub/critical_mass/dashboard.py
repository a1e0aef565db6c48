"""What the critical-mass pages show, read from the engagement tallies and charted with the SPC
engine; the views only choose whose directorates."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from qihub.engagement.models import EngagementAim, EngagementLevel
from qihub.engagement.selectors import (
    EngagementRow,
    engagement_aim,
    engagement_breakdown,
    engagement_history,
    engagement_levels,
    level_rule_text,
)
from qihub.engagement.tallies import engagement_tallies_refresh, month_of
from qihub.measurement.charts import Chart, ChartOptions, Series, SeriesError, chart_series

#: Public counts under this are shown as "fewer than 5", so that nobody can be singled out.
SUPPRESS_UNDER = 5

BREAKDOWN_TITLES = {
    "directorate": "By directorate",
    "team": "By team",
    "staff_level": "By staff level",
    "site": "By site",
}


@dataclass
class Breakdown:
    by: str
    title: str
    rows: list[EngagementRow]


@dataclass
class CriticalMass:
    month: datetime.date
    levels: list[EngagementLevel]
    rules: list[str]
    aim: EngagementAim | None
    overall: EngagementRow
    breakdowns: list[Breakdown]
    chart: Chart | None
    chart_problem: str = ""
    below_aim: list[tuple[str, EngagementRow]] = field(default_factory=list)

    @property
    def overall_rows(self) -> list[EngagementRow]:
        return [self.overall]

    @property
    def aim_position(self) -> int | None:
        return self.aim.level.position if self.aim else None


def critical_mass(
    *, directorate_ids: Iterable[int] | None, by: Iterable[str], title: str, chart: bool = True
) -> CriticalMass:
    """The dashboard for the directorates given (None: the whole organisation)."""
    engagement_tallies_refresh()
    scope = None if directorate_ids is None else list(directorate_ids)
    month = month_of(timezone.localdate())
    levels = engagement_levels()
    aim = engagement_aim()
    overall = engagement_breakdown(month=month, directorate_ids=scope)
    breakdowns = [
        Breakdown(
            by=name,
            title=BREAKDOWN_TITLES[name],
            rows=engagement_breakdown(month=month, by=name, directorate_ids=scope),
        )
        for name in by
    ]
    result = CriticalMass(
        month=month,
        levels=levels,
        rules=[level_rule_text(level) for level in levels],
        aim=aim,
        overall=overall[0] if overall else EngagementRow(key=None, label="All staff", people={}),
        breakdowns=breakdowns,
        chart=None,
    )
    if aim is not None:
        result.below_aim = [
            (breakdown.title, row)
            for breakdown in breakdowns
            for row in breakdown.rows
            if row.staff and (row.share_at_or_above(aim.level.position) or 0) < aim.share
        ]
        try:
            result.chart = (
                None if not chart else _chart(aim=aim, directorate_ids=scope, title=title)
            )
        except SeriesError as error:
            result.chart_problem = str(error)
    return result


def _chart(*, aim: EngagementAim, directorate_ids: list[int] | None, title: str) -> Chart | None:
    history = [
        (month, staff, above)
        for month, staff, above in engagement_history(
            position=aim.level.position, directorate_ids=directorate_ids
        )
        if staff
    ]
    if not history:
        return None
    return chart_series(
        Series(
            values=tuple(float(above) for _, _, above in history),
            denominators=tuple(float(staff) for _, staff, _ in history),
            dates=tuple(month.isoformat() for month, _, _ in history),
            annotations=tuple(
                "Launch" if month == month_of(aim.starts_on) else "" for month, _, _ in history
            ),
        ),
        ChartOptions(chart="p", direction="increase", target=aim.share / 100),
        title=title,
        unit=f"share of staff at {aim.level.name} or above",
        html_id="critical-mass",
    )


def public_count(count: int) -> str:
    """A count as the public may see it."""
    return f"fewer than {SUPPRESS_UNDER}" if count < SUPPRESS_UNDER else f"{count:,}"
