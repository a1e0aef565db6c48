"""Checking and converting what callers pass to :func:`qihub.spc.analyse`.

Every problem raises :class:`~qihub.spc.errors.SPCError` naming the input,
and the 0-based position where there is one. ``None`` and NaN are *missing*
values (skipped and reported); infinities are rejected.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Sequence

import numpy as np

from .errors import SPCError
from .interpret import DIRECTIONS
from .rules import TWO_IN_THREE_VARIANTS

CHARTS = ("run", "xmr", "p", "u", "c", "g", "t")


def as_values(values: Sequence | np.ndarray, *, field: str = "values") -> np.ndarray:
    """Float array with NaN for missing values; rejects non-numbers and infinities."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise SPCError(f"{field} must be a sequence of numbers", field=field)
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        if values.ndim != 1:
            raise SPCError(f"{field} must be one-dimensional", field=field)
        array = values.astype(float)
    else:
        array = np.empty(len(values), dtype=float)
        for position, value in enumerate(values):
            if value is None:
                array[position] = np.nan
            elif isinstance(value, numbers.Real) and not isinstance(value, bool):
                array[position] = float(value)
            else:
                raise SPCError(
                    f"{field}[{position}] is not a number: {value!r}", index=position, field=field
                )
    infinite = np.flatnonzero(np.isinf(array))
    if infinite.size:
        position = int(infinite[0])
        raise SPCError(
            f"{field}[{position}] is not finite: {array[position]!r}", index=position, field=field
        )
    return array


def as_dates(dates: Sequence | None, length: int) -> list[str | None]:
    """ISO strings for dates (``date``, ``datetime`` or ``str``), None where absent."""
    if dates is None:
        return [None] * length
    if len(dates) != length:
        raise SPCError(f"dates has {len(dates)} entries but values has {length}", field="dates")
    converted: list[str | None] = []
    for position, value in enumerate(dates):
        if value is None:
            converted.append(None)
        elif isinstance(value, (dt.date, dt.datetime)):
            converted.append(value.isoformat())
        elif isinstance(value, str):
            converted.append(value)
        else:
            raise SPCError(
                f"dates[{position}] is not a date: {value!r}", index=position, field="dates"
            )
    return converted


def check_chart_values(chart: str, values: np.ndarray, denominators: np.ndarray | None) -> None:
    """Reject values the chart's quantity cannot take, naming the first position."""
    positions = np.arange(values.size)

    def first(mask: np.ndarray, message: str, field: str = "values") -> None:
        hits = positions[mask]
        if hits.size:
            position = int(hits[0])
            raise SPCError(message.format(i=position), index=position, field=field)

    with np.errstate(invalid="ignore"):
        if chart in ("p", "u", "c", "g"):
            first(values < 0, "values[{i}] is negative; a count cannot be")
        if chart == "t":
            first(values <= 0, "values[{i}] is not positive; a time between events must be")
        if denominators is not None:
            first(
                denominators <= 0,
                "denominators[{i}] is not positive; a denominator must be",
                "denominators",
            )
            if chart == "p":
                first(
                    values > denominators,
                    "values[{i}] is greater than its denominator; a p chart needs "
                    "numerator <= denominator",
                )


def check_options(
    *,
    chart: str,
    length: int,
    denominators: np.ndarray | None,
    baseline: int | None,
    rebase: Sequence[int],
    direction: str,
    target: float | None,
    shift_points: int,
    trend_points: int,
    two_in_three: str,
) -> list[int]:
    """Validate the options; return the sorted rebase positions."""
    if chart not in CHARTS:
        raise SPCError(f"chart must be one of {', '.join(CHARTS)}; got {chart!r}", field="chart")
    if chart in ("p", "u"):
        if denominators is None:
            raise SPCError(f"a {chart} chart needs denominators", field="denominators")
        if denominators.size != length:
            raise SPCError(
                f"denominators has {denominators.size} entries but values has {length}",
                field="denominators",
            )
    elif denominators is not None:
        raise SPCError(f"a {chart} chart takes no denominators", field="denominators")
    if direction not in DIRECTIONS:
        raise SPCError(
            f"direction must be increase, decrease or neutral; got {direction!r}",
            field="direction",
        )
    if two_in_three not in TWO_IN_THREE_VARIANTS:
        raise SPCError(
            f"two_in_three must be current or legacy; got {two_in_three!r}", field="two_in_three"
        )
    for name, points in (("shift_points", shift_points), ("trend_points", trend_points)):
        if not isinstance(points, int) or isinstance(points, bool) or points < 2:
            raise SPCError(f"{name} must be an integer of at least 2; got {points!r}", field=name)
    if baseline is not None and (
        not isinstance(baseline, int) or isinstance(baseline, bool) or baseline < 2
    ):
        raise SPCError(
            f"baseline must be an integer of at least 2; got {baseline!r}", field="baseline"
        )
    if target is not None and (
        not isinstance(target, numbers.Real)
        or isinstance(target, bool)
        or not math.isfinite(target)
    ):
        raise SPCError(f"target must be a finite number; got {target!r}", field="target")
    starts = []
    for position in rebase:
        if not isinstance(position, int) or isinstance(position, bool):
            raise SPCError(f"rebase position {position!r} is not an integer", field="rebase")
        if not 0 < position < length:
            raise SPCError(
                f"rebase position {position} is outside 1..{length - 1}; a new segment must "
                "start after the first point and at a point that exists",
                field="rebase",
            )
        starts.append(position)
    if len(set(starts)) != len(starts):
        raise SPCError("rebase positions repeat", field="rebase")
    return sorted(starts)
