"""Many p, u or c charts at once: :func:`attribute_batch`.

The same idea as :func:`qihub.spc.xmr_batch`: a batch of equal-length series
is one 2-D array, and the centre, the limits of every point and the four MDC
rules are numpy operations across all series at once, with no Python loop
over series or points.

For each series (row) the formulas are those of :mod:`qihub.spc.attribute`
over the baseline (the first ``baseline`` points, or all of them):

=======  ====================================  ====================================
chart    centre                                sigma of point i
=======  ====================================  ====================================
p        :math:`\\bar p = \\sum x / \\sum n`     :math:`\\sqrt{\\bar p (1 - \\bar p) / n_i}`
u        :math:`\\bar u = \\sum x / \\sum n`     :math:`\\sqrt{\\bar u / n_i}`
c        :math:`\\bar c` (mean count)          :math:`\\sqrt{\\bar c}`
=======  ====================================  ====================================

with limits at centre ± 3 sigma and the 2-sigma lines at centre ± 2 sigma,
clipped at 0 (and at 1 for p). The arithmetic is done in the same order as
:func:`qihub.spc.analyse`, so the results equal its results on each series
(one segment, no missing value, no Laney adjustment), to the last bit; the
tests check that they do.

References
----------
Montgomery DC. Introduction to Statistical Quality Control, 8th ed. Wiley, 2019.
qicharts2 0.8.1, R/helper.functions.R.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .errors import SPCError
from .inputs import check_integer, check_two_in_three, out_of_range, range_problem
from .rules import RULE_NAMES, apply_rules

#: The charts :func:`attribute_batch` draws, and whether each takes denominators.
BATCH_CHARTS = {"p": True, "u": True, "c": False}


@dataclass(frozen=True)
class AttributeBatchResult:
    """Limits and rule flags for a batch of p, u or c series.

    ``centre`` has shape ``(n_series,)``; every other array is per point,
    ``(n_series, n_points)``, since the limits of p and u charts vary with
    each point's denominator.

    Attributes
    ----------
    chart : str
        ``"p"``, ``"u"`` or ``"c"``.
    values : ndarray
        What is plotted: proportions, rates or counts.
    centre : ndarray
        Per series.
    lower_limit, upper_limit, lower_2sigma, upper_2sigma : ndarray
        Per point.
    outside_limits, trend, two_in_three, shift : ndarray of bool
        Each rule on its own, per point.
    rule : ndarray of int8
        The winning rule per point, as a code into :data:`RULE_NAMES`.
    direction : ndarray of int8
        +1 high or rising, -1 low or falling, 0 common cause.
    """

    chart: str
    values: np.ndarray
    centre: np.ndarray
    lower_limit: np.ndarray
    upper_limit: np.ndarray
    lower_2sigma: np.ndarray
    upper_2sigma: np.ndarray
    outside_limits: np.ndarray
    trend: np.ndarray
    two_in_three: np.ndarray
    shift: np.ndarray
    rule: np.ndarray
    direction: np.ndarray

    rule_names = RULE_NAMES


def _as_2d(values: object, field: str) -> np.ndarray:
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise SPCError(
            f"{field} must be a 2-D array of numbers, one series per row", field=field
        ) from None
    if array.ndim != 2:
        raise SPCError(f"{field} must be a 2-D array, one series per row", field=field)
    bad = np.isnan(array) | out_of_range(array)
    if bad.any():
        row, column = (int(i) for i in np.argwhere(bad)[0])
        value = float(array[row, column])
        problem = f"is not finite: {value!r}" if math.isnan(value) else range_problem(value)
        raise SPCError(f"{field}[{row}, {column}] {problem}", index=column, field=field)
    return array


def _first(mask: np.ndarray, message: str, field: str) -> None:
    if mask.any():
        row, column = (int(i) for i in np.argwhere(mask)[0])
        raise SPCError(message.format(at=f"{row}, {column}"), index=column, field=field)


def _check(chart: str, counts: np.ndarray, denominators: np.ndarray | None) -> None:
    """Refuse what :func:`qihub.spc.inputs.check_chart_values` refuses, naming row and column."""
    _first(counts < 0, "values[{at}] is negative; a count cannot be", "values")
    if denominators is None:
        return
    _first(
        denominators <= 0,
        "denominators[{at}] is not positive; a denominator must be",
        "denominators",
    )
    if chart == "p":
        _first(
            counts > denominators,
            "values[{at}] is greater than its denominator; a p chart needs "
            "numerator <= denominator",
            "values",
        )


def _clip(line: np.ndarray, upper_bound: float) -> np.ndarray:
    return np.minimum(np.maximum(line, 0.0), upper_bound)


def attribute_batch(
    values: np.ndarray,
    denominators: np.ndarray | None = None,
    *,
    chart: str,
    baseline: int | None = None,
    shift_points: int = 7,
    trend_points: int = 7,
    two_in_three: str = "current",
) -> AttributeBatchResult:
    """MDC analysis of every row of a 2-D array as a p, u or c chart.

    Parameters
    ----------
    values : array_like, shape (n_series, n_points)
        One series per row, at least 1 point, no missing value: for p and u
        charts the numerators (counts of events), for c charts the counts.
        Every value 0 or between 1e-100 and 1e100 in size, as for
        :func:`qihub.spc.analyse`.
    denominators : array_like, shape (n_series, n_points), optional
        Required for p and u charts (sample sizes, units of exposure), refused
        for c charts; positive, and for p charts at least the numerator.
    chart : {"p", "u", "c"}
    baseline, shift_points, trend_points, two_in_three
        As for :func:`qihub.spc.analyse`.

    Returns
    -------
    AttributeBatchResult

    Raises
    ------
    SPCError
        If an array is not 2-D numbers, the shapes differ, a series is empty,
        a value is missing, out of range or impossible for the chart (the
        message names its row and column), or an option is bad.
    """
    if chart not in BATCH_CHARTS:
        raise SPCError(
            f"chart must be one of {', '.join(BATCH_CHARTS)}; got {chart!r}", field="chart"
        )
    counts = _as_2d(values, "values")
    if counts.shape[1] < 1:
        raise SPCError("each series needs at least 1 point", field="values")
    if BATCH_CHARTS[chart] and denominators is None:
        raise SPCError(f"a {chart} chart needs denominators", field="denominators")
    if not BATCH_CHARTS[chart] and denominators is not None:
        raise SPCError(f"a {chart} chart takes no denominators", field="denominators")
    n = None if denominators is None else _as_2d(denominators, "denominators")
    if n is not None and n.shape != counts.shape:
        raise SPCError(
            f"denominators have shape {n.shape} and values {counts.shape}; they must match",
            field="denominators",
        )
    _check(chart, counts, n)
    check_two_in_three(two_in_three)
    check_integer("shift_points", shift_points, minimum=2)
    check_integer("trend_points", trend_points, minimum=2)
    if baseline is not None:
        check_integer("baseline", baseline, minimum=2)
    base = slice(None, baseline)
    if n is None:
        y = counts
        centre = y[:, base].mean(axis=1)
        sigma = np.broadcast_to(np.sqrt(centre)[:, None], y.shape)
        upper_bound = np.inf
    else:
        # As qihub.spc.attribute does: the counts from the plotted values, so the sums agree.
        y = counts / n
        centre = (y * n)[:, base].sum(axis=1) / n[:, base].sum(axis=1)
        spread = centre * (1 - centre) if chart == "p" else centre
        sigma = np.sqrt(spread[:, None] / n)
        upper_bound = 1.0 if chart == "p" else np.inf
    middle = centre[:, None]
    lines = [
        _clip(middle - 3 * sigma, upper_bound),
        _clip(middle + 3 * sigma, upper_bound),
        _clip(middle - 2 * sigma, upper_bound),
        _clip(middle + 2 * sigma, upper_bound),
    ]
    flags = apply_rules(
        y,
        middle,
        *lines,
        shift_points=shift_points,
        trend_points=trend_points,
        two_in_three_variant=two_in_three,
    )
    lower_limit, upper_limit, lower_2sigma, upper_2sigma = lines
    return AttributeBatchResult(
        chart=chart,
        values=y,
        centre=centre,
        lower_limit=lower_limit,
        upper_limit=upper_limit,
        lower_2sigma=lower_2sigma,
        upper_2sigma=upper_2sigma,
        outside_limits=flags.outside_limits,
        trend=flags.trend,
        two_in_three=flags.two_in_three,
        shift=flags.shift,
        rule=flags.rule,
        direction=flags.direction,
    )
