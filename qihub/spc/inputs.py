"""Checking and converting what callers pass to the engine's functions.

Every problem raises :class:`~qihub.spc.errors.SPCError` naming the input,
and the 0-based position where there is one. ``None`` and NaN are *missing*
values (skipped and reported); infinities are rejected.

The engine's numeric limits
---------------------------
Every number the engine takes in (a value, a denominator, a target) is 0 or
lies between :data:`MIN_MAGNITUDE` (1e-100) and :data:`MAX_MAGNITUDE` (1e100)
in size, either sign. Within that range every quantity the engine computes
stays far inside float64's (about 2.2e-308 to 1.8e308): a sum of 10,000
values, a moving range (at most 2e100) and the limits 2.66 of them from the
mean; a p or u chart's quotient (1e-200 to 1e200) and its sigma (the square
root of a quotient of two such numbers); a g chart's :math:`\bar g (\bar g + 1)`
(1e200); a t chart's :math:`y^{1/3.6}` and its limits raised back to the power
3.6 (about 1e103); Laney's z-scores (below 1e150 times the square root of the
number of points). So every line of a result is a finite float, or missing,
and serialises as JSON. Outside the range a limit could overflow to infinity,
or a subnormal number (below 2.2e-308, with fewer significant digits) could
reach a result, so such numbers are refused, naming the input and position.

Whole-number options (a baseline, the points for a shift or a trend, rebase
positions) are at most :data:`MAX_INTEGER`, numpy's largest index (2**63 - 1).
A series has at most :data:`MAX_SERIES_POINTS` (100,000) points.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Iterable, Sequence

import numpy as np

from .errors import SPCError
from .interpret import DIRECTIONS
from .rules import TWO_IN_THREE_VARIANTS

CHARTS = ("run", "xmr", "p", "u", "c", "g", "t")
#: The largest size of a number the engine takes in.
MAX_MAGNITUDE = 1e100
#: The smallest size of a number other than 0 the engine takes in.
MIN_MAGNITUDE = 1e-100
#: The largest whole number an option takes: numpy's index type is int64.
MAX_INTEGER = 2**63 - 1
#: The most points one chart takes. The runs analysis's crossings limit is exact, in integers,
#: and its cost grows with the square of the number of points (about 4 s at 100,000).
MAX_SERIES_POINTS = 100_000
RANGE = "between 1e-100 and 1e100 in size, or 0"
TOO_LARGE = f"is too large: the engine takes numbers {RANGE}"
TOO_SMALL = f"is too close to 0: the engine takes numbers {RANGE}"
_SHOWN_CHARS = 40


def shown(value: object) -> str:
    """``repr`` of a value for a message: shortened, and never too long to make."""
    try:
        text = repr(value)
    except ValueError:  # an integer of more digits than str() makes (sys.get_int_max_str_digits)
        return "a number too long to show"
    if len(text) > _SHOWN_CHARS:
        return text[: _SHOWN_CHARS - 1] + "…"
    return text


def out_of_range(array: np.ndarray) -> np.ndarray:
    """True where a value is infinite or outside the engine's range; NaN is never flagged."""
    magnitude = np.abs(array)
    return (magnitude > MAX_MAGNITUDE) | ((magnitude < MIN_MAGNITUDE) & (magnitude > 0))


def range_problem(value: float) -> str:
    """What is wrong with a value :func:`out_of_range` flags."""
    if math.isinf(value):
        return f"is not finite: {value!r}"
    return TOO_LARGE if abs(value) > MAX_MAGNITUDE else TOO_SMALL


def _length(sequence: object, *, field: str, message: str) -> int:
    """``len(sequence)``; SPCError(message) for a string or anything without a length."""
    if not isinstance(sequence, (str, bytes)):
        try:
            return len(sequence)  # type: ignore[arg-type]
        except TypeError:
            pass
    raise SPCError(message, field=field)


def as_values(values: Sequence | np.ndarray, *, field: str = "values") -> np.ndarray:
    """Float array with NaN for missing values; rejects non-numbers and numbers out of range."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        if values.ndim != 1:
            raise SPCError(f"{field} must be one-dimensional", field=field)
        check_length(values.size, field=field)
        array = values.astype(float)
    else:
        length = _length(values, field=field, message=f"{field} must be a sequence of numbers")
        check_length(length, field=field)
        array = np.empty(length, dtype=float)
        for position, value in enumerate(values):
            if value is None:
                array[position] = np.nan
            elif isinstance(value, numbers.Real) and not isinstance(value, bool):
                try:
                    array[position] = float(value)
                except OverflowError:
                    raise SPCError(
                        f"{field}[{position}] {TOO_LARGE}", index=position, field=field
                    ) from None
            else:
                raise SPCError(
                    f"{field}[{position}] is not a number: {shown(value)}",
                    index=position,
                    field=field,
                )
    bad = np.flatnonzero(out_of_range(array))
    if bad.size:
        position = int(bad[0])
        raise SPCError(
            f"{field}[{position}] {range_problem(float(array[position]))}",
            index=position,
            field=field,
        )
    return array


def check_length(length: int, *, field: str) -> None:
    if length > MAX_SERIES_POINTS:
        raise SPCError(
            f"{field} has {length:,} entries; a chart takes at most {MAX_SERIES_POINTS:,}",
            field=field,
        )


def check_integer(name: str, value: object, *, minimum: int, maximum: int = MAX_INTEGER) -> int:
    """A whole number from ``minimum`` to ``maximum`` (never a bool)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise SPCError(
            f"{name} must be an integer of at least {minimum}; got {shown(value)}", field=name
        )
    if value > maximum:
        raise SPCError(
            f"{name} must be an integer of at most {maximum}; got {shown(value)}", field=name
        )
    return value


def check_flag(name: str, value: object) -> bool:
    """True or False (Python's or numpy's)."""
    if not isinstance(value, (bool, np.bool_)):
        raise SPCError(f"{name} must be True or False; got {shown(value)}", field=name)
    return bool(value)


def check_two_in_three(two_in_three: object) -> None:
    if not isinstance(two_in_three, str) or two_in_three not in TWO_IN_THREE_VARIANTS:
        raise SPCError(
            f"two_in_three must be current or legacy; got {shown(two_in_three)}",
            field="two_in_three",
        )


def check_target(target: object) -> float | None:
    """The target as a float, or None; refused outside the engine's range."""
    if target is None:
        return None
    if not isinstance(target, numbers.Real) or isinstance(target, bool):
        raise SPCError(f"target must be a finite number; got {shown(target)}", field="target")
    try:
        number = float(target)
    except OverflowError:
        raise SPCError(f"target {TOO_LARGE}", field="target") from None
    if not math.isfinite(number):
        raise SPCError(f"target must be a finite number; got {shown(target)}", field="target")
    if out_of_range(np.array(number)):
        raise SPCError(f"target {range_problem(number)}; got {shown(target)}", field="target")
    return number


def as_dates(dates: Sequence | None, length: int) -> list[str | None]:
    """ISO strings for dates (``date``, ``datetime`` or ``str``), None where absent."""
    if dates is None:
        return [None] * length
    count = _length(
        dates,
        field="dates",
        message=f"dates must be a sequence of dates or labels; got {shown(dates)}",
    )
    if count != length:
        raise SPCError(f"dates has {count} entries but values has {length}", field="dates")
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
                f"dates[{position}] is not a date: {shown(value)}", index=position, field="dates"
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


def check_rebase(rebase: object, length: int) -> list[int]:
    """The sorted rebase positions, each after the first point and inside the series."""
    if isinstance(rebase, (str, bytes)) or not isinstance(rebase, Iterable):
        raise SPCError(
            f"rebase must be a list of 0-based positions; got {shown(rebase)}", field="rebase"
        )
    starts = []
    for position in rebase:
        if not isinstance(position, int) or isinstance(position, bool):
            raise SPCError(f"rebase position {shown(position)} is not an integer", field="rebase")
        if not 0 < position < length:
            raise SPCError(
                f"rebase position {shown(position)} is outside 1..{length - 1}; a new segment "
                "must start after the first point and at a point that exists",
                field="rebase",
            )
        starts.append(position)
    if len(set(starts)) != len(starts):
        raise SPCError("rebase positions repeat", field="rebase")
    return sorted(starts)


def check_options(
    *,
    chart: object,
    length: int,
    denominators: np.ndarray | None,
    baseline: object,
    rebase: object,
    direction: object,
    shift_points: object,
    trend_points: object,
    two_in_three: object,
) -> list[int]:
    """Validate the options; return the sorted rebase positions."""
    if not isinstance(chart, str) or chart not in CHARTS:
        raise SPCError(
            f"chart must be one of {', '.join(CHARTS)}; got {shown(chart)}", field="chart"
        )
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
    if not isinstance(direction, str) or direction not in DIRECTIONS:
        raise SPCError(
            f"direction must be increase, decrease or neutral; got {shown(direction)}",
            field="direction",
        )
    check_two_in_three(two_in_three)
    check_integer("shift_points", shift_points, minimum=2)
    check_integer("trend_points", trend_points, minimum=2)
    if baseline is not None:
        check_integer("baseline", baseline, minimum=2)
    return check_rebase(rebase, length)
