"""A stored measure charted: :func:`measure_chart` for one measure's page, and
:func:`measures_summary` for a table of many (latest value, target, variation and assurance
icons) computed through the SPC engine's batch path.

A measure's chart is the one its data type calls for (:data:`~qihub.measurement.models.CHART_FOR`)
with its direction, target and baseline; each rebase starts a new segment at the first point on
or after its period, and is noted there with its reason; each annotation is drawn at the first
point on or after its period. Until a measure has :data:`MIN_POINTS_FOR_LIMITS` points its chart
is a run chart and says so: fewer points than that would give only trial limits.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from django.urls import reverse

from qihub.measurement.models import DataPoint, Measure, Rebase
from qihub.spc import BATCH_CHARTS, TRIAL_LIMIT_POINTS, attribute_batch, xmr_batch
from qihub.spc.interpret import assurance, point_type, variation

from ..analysis import ChartOptions, analyse_series
from ..reading.icons import ASSURANCE_TEXTS, ASSURANCE_TITLES, VARIATION_TEXTS, VARIATION_TITLES
from ..series import Series
from .chart import Chart, Downloads, Icon, chart_icon, chart_series

#: The fewest points a measure's chart has limits and icons with; below it, a run chart.
MIN_POINTS_FOR_LIMITS = TRIAL_LIMIT_POINTS


@dataclass(frozen=True)
class _Points:
    """A measure's points in period order, as the engine takes them."""

    periods: tuple[dt.date, ...]
    values: tuple[float, ...]
    denominators: tuple[float, ...] | None

    def __len__(self) -> int:
        return len(self.periods)

    def plotted(self) -> list[float]:
        if self.denominators is None:
            return list(self.values)
        return [value / base for value, base in zip(self.values, self.denominators, strict=True)]


def _points(measure: Measure, rows: Iterable[tuple]) -> _Points:
    periods, values, denominators = [], [], []
    for period, value, numerator, denominator in rows:
        periods.append(period)
        if measure.is_ratio:
            values.append(numerator)
            denominators.append(denominator)
        else:
            values.append(value)
    return _Points(tuple(periods), tuple(values), tuple(denominators) if measure.is_ratio else None)


_POINT_FIELDS = ("period", "value", "numerator", "denominator")


def _rebase_positions(periods: Sequence[dt.date], rebases: Iterable[Rebase]) -> dict[int, str]:
    """Where each rebase starts a segment (its first point on or after the rebase's period),
    with its reason; a rebase before the second point or after the last is left out."""
    positions: dict[int, str] = {}
    for rebase in sorted(rebases, key=lambda rebase: rebase.period):
        position = bisect.bisect_left(periods, rebase.period)
        if 0 < position < len(periods):
            positions.setdefault(position, rebase.reason)
    return positions


def _options(measure: Measure, *, chart: str, rebase: Iterable[int]) -> ChartOptions:
    return ChartOptions(
        chart=chart,
        baseline=measure.baseline_points,
        rebase=tuple(sorted(rebase)),
        direction=measure.direction,
        target=measure.target_value,
    )


def _too_few(count: int) -> str:
    return (
        f"There {'is' if count == 1 else 'are'} only {count} point{'' if count == 1 else 's'} "
        f"so far. Process limits need at least {MIN_POINTS_FOR_LIMITS}, so this is a run chart "
        "(the median and the runs rules); the limits and the icons appear once there are "
        f"{MIN_POINTS_FOR_LIMITS} points."
    )


def measure_chart(
    measure: Measure,
    *,
    downloads: Downloads | None = None,
    html_id: str = "",
    heading_level: int = 2,
    table_latest: int | None = None,
    table_all_url: str = "",
) -> Chart | None:
    """The measure's chart with its rebases, annotations and target, ready for
    ``measurement/fragment_chart.html``; None while it has no data. The downloads default to
    the measure's own (:func:`measure_chart_download_url`); ``table_latest`` and
    ``table_all_url`` are :func:`~qihub.measurement.charts.chart_series`'."""
    points = _points(measure, measure.data_points.order_by("period").values_list(*_POINT_FIELDS))
    if not points:
        return None
    rebases = _rebase_positions(points.periods, measure.rebases.all())
    notes: dict[int, list[str]] = defaultdict(list)
    for position, reason in rebases.items():
        notes[position].append(f"New process: {reason}")
    for note in measure.annotations.all():
        position = bisect.bisect_left(points.periods, note.period)
        if position < len(points):
            notes[position].append(note.text)
    enough = len(points) >= MIN_POINTS_FOR_LIMITS
    run = not enough
    series = Series(
        values=tuple(points.plotted()) if run else points.values,
        dates=tuple(period.isoformat() for period in points.periods),
        denominators=None if run else points.denominators,
        annotations=tuple("; ".join(notes[i]) for i in range(len(points))) if notes else (),
    )
    return chart_series(
        series,
        _options(measure, chart="run" if run else measure.chart, rebase=rebases),
        title=measure.name,
        unit=measure.unit,
        downloads=downloads or Downloads(url=measure_chart_download_url(measure)),
        html_id=html_id or f"measure-{measure.slug}",
        heading_level=heading_level,
        notices=() if enough else (_too_few(len(points)),),
        table_latest=table_latest,
        table_all_url=table_all_url,
    )


def measure_chart_download_url(measure: Measure) -> str:
    """Where the measure's chart downloads (PNG, SVG, CSV with limits) are served."""
    return reverse("measures:chart-download", args=[measure.slug])


@dataclass(frozen=True)
class MeasureSummary:
    """One row of a summary table: where a measure is now, in Making Data Count's terms."""

    measure: Measure
    points: int
    latest_period: dt.date | None
    #: The latest value as charted (a proportion or a rate for p and u charts).
    latest_value: float | None
    target: float | None
    target_date: dt.date | None
    #: None while the measure has too few points for limits (``note`` says why).
    variation: Icon | None
    #: None also when the measure has no target or no improvement direction.
    assurance: Icon | None
    note: str = ""


@cache
def _summary_icon(kind: str, value: str) -> Icon:
    if kind == "variation":
        return chart_icon("variation", value, VARIATION_TITLES[value], VARIATION_TEXTS[value])
    return chart_icon("assurance", value, ASSURANCE_TITLES[value], ASSURANCE_TEXTS[value])


@dataclass(frozen=True)
class _Column:
    """A measure's points as slices of the one query's arrays: ``amounts`` are the values, or
    the numerators of a proportion or a rate (``ratio``), whose denominators are in
    ``denominators`` (NaN for a plain value)."""

    periods: Sequence[dt.date]
    amounts: np.ndarray
    denominators: np.ndarray
    ratio: bool

    def __len__(self) -> int:
        return len(self.periods)

    def latest(self) -> float:
        """The latest value as charted (a proportion or a rate for p and u charts)."""
        if not self.ratio:
            return float(self.amounts[-1])
        return float(self.amounts[-1] / self.denominators[-1])


def _summary(
    measure: Measure,
    column: _Column | None,
    variation_value: str | None = None,
    assurance_value: str | None = None,
    note: str = "",
) -> MeasureSummary:
    return MeasureSummary(
        measure=measure,
        points=len(column) if column else 0,
        latest_period=column.periods[-1] if column else None,
        latest_value=column.latest() if column else None,
        target=measure.target_value,
        target_date=measure.target_date,
        variation=_summary_icon("variation", variation_value) if variation_value else None,
        assurance=_summary_icon("assurance", assurance_value) if assurance_value else None,
        note=note,
    )


def _columns(measures: Sequence[Measure]) -> dict[int, _Column]:
    """Every point of ``measures`` from one query, as one array per column, cut into each
    measure's slice: no Python work per point."""
    # Plain columns: an expression such as Coalesce would be converted in Python row by row.
    rows = list(
        DataPoint.objects.filter(measure_id__in=[measure.pk for measure in measures])
        .order_by("measure_id", "period")
        .values_list("measure_id", "period", "value", "numerator", "denominator")
    )
    if not rows:
        return {}
    ratio = {measure.pk: measure.is_ratio for measure in measures}
    measure_ids, periods, values, numerators, denominators = zip(*rows, strict=True)
    owners = np.array(measure_ids)
    # None (a value a point does not have) becomes NaN.
    plain, numerator_array = np.array(values, dtype=float), np.array(numerators, dtype=float)
    amount_array = np.where(np.isnan(plain), numerator_array, plain)
    denominator_array = np.array(denominators, dtype=float)
    starts = [0, *(np.flatnonzero(owners[1:] != owners[:-1]) + 1).tolist()]
    columns = {}
    for start, stop in itertools.pairwise([*starts, len(rows)]):
        owner = int(owners[start])
        columns[owner] = _Column(
            periods[start:stop],
            amount_array[start:stop],
            denominator_array[start:stop],
            ratio[owner],
        )
    return columns


@dataclass(frozen=True)
class _Last:
    """What the icons need of a measure's last point: its rule, its side and its limits."""

    rule: int
    side: int
    lower_limit: float
    upper_limit: float


def _analyse_batch(
    chart: str, baseline: int | None, batch: list[tuple[Measure, _Column, int]]
) -> list[_Last]:
    """The last point of each measure in ``batch`` (each from its last segment's ``start``),
    all analysed at once by the engine's batch path for ``chart``."""
    values = np.array([column.amounts[start:] for _, column, start in batch])
    if chart == "xmr":
        xmr = xmr_batch(values, baseline=baseline)
        rule, side, lower, upper = xmr.rule, xmr.direction, xmr.lower_limit, xmr.upper_limit
    else:
        denominators = None
        if BATCH_CHARTS[chart]:
            denominators = np.array([column.denominators[start:] for _, column, start in batch])
        found = attribute_batch(values, denominators, chart=chart, baseline=baseline)
        rule, side = found.rule, found.direction
        lower, upper = found.lower_limit[:, -1], found.upper_limit[:, -1]
    return [
        _Last(int(rule[row, -1]), int(side[row, -1]), float(lower[row]), float(upper[row]))
        for row in range(len(batch))
    ]


def measures_summary(measures: Sequence[Measure]) -> list[MeasureSummary]:
    """A summary row for each measure, in the order given, from two queries.

    XmR, p, u and c measures go through the SPC engine's batch paths
    (:func:`qihub.spc.xmr_batch`, :func:`qihub.spc.attribute_batch`), as many at once as share
    a chart, a length and a baseline: the icons read the last point, which depends only on the
    last segment (no rule runs across a rebase), so each is batched from its last rebase on. The
    rare-event charts (g and t) are analysed one at a time.
    """
    columns = _columns(measures)
    rebases: dict[int, list[Rebase]] = defaultdict(list)
    for rebase in Rebase.objects.filter(measure_id__in=[measure.pk for measure in measures]):
        rebases[rebase.measure_id].append(rebase)

    summaries: dict[int, MeasureSummary] = {}
    batches: dict[tuple[str, int, int | None], list[tuple[Measure, _Column, int]]] = defaultdict(
        list
    )
    for measure in measures:
        column = columns.get(measure.pk)
        if column is None:
            summaries[measure.pk] = _summary(measure, None, note="No data yet.")
            continue
        if len(column) < MIN_POINTS_FOR_LIMITS:
            summaries[measure.pk] = _summary(measure, column, note=_too_few(len(column)))
            continue
        starts = _rebase_positions(column.periods, rebases[measure.pk])
        segment = max(starts, default=0)
        chart = measure.chart
        if chart in BATCH_CHARTS or (chart == "xmr" and len(column) - segment >= 2):
            batches[(chart, len(column) - segment, measure.baseline_points)].append(
                (measure, column, segment)
            )
            continue
        result = analyse_series(
            Series(
                values=tuple(column.amounts.tolist()),
                denominators=tuple(column.denominators.tolist()) if column.ratio else None,
            ),
            _options(measure, chart=chart, rebase=starts),
        )
        summaries[measure.pk] = _summary(measure, column, result.variation, result.assurance)

    for (chart, _, baseline), batch in batches.items():
        for (measure, column, _), last in zip(
            batch, _analyse_batch(chart, baseline, batch), strict=True
        ):
            kind = point_type(last.rule, last.side, measure.direction)
            summaries[measure.pk] = _summary(
                measure,
                column,
                variation(kind, measure.direction),
                assurance(
                    measure.target_value, last.lower_limit, last.upper_limit, measure.direction
                ),
            )
    return [summaries[measure.pk] for measure in measures]
