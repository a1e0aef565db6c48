"""Many XmR charts at once: :func:`xmr_batch`.

The dashboard and the benchmark analyse thousands of equal-length series.
Rather than loop over series (or, worse, over points) in Python, the whole
batch is one 2-D array and every step — means, moving ranges, screening,
limits and the four MDC rules — is a numpy operation across all series at
once. The rules look at every window of points through cumulative sums (see
:mod:`qihub.spc.rules`), so the cost is a fixed number of passes over the
array.

The results equal :func:`qihub.spc.analyse` with ``chart="xmr"`` on each
series (no rebase, no missing values).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .errors import SPCError
from .inputs import check_flag, check_integer, check_two_in_three, out_of_range, range_problem
from .rules import RULE_NAMES, apply_rules
from .xmr import xmr_limits


@dataclass(frozen=True)
class XmRBatchResult:
    """Limits and rule flags for a batch of XmR series.

    Per-series arrays have shape ``(n_series,)``; per-point arrays
    ``(n_series, n_points)``.

    Attributes
    ----------
    centre, mean_moving_range, lower_limit, upper_limit, lower_2sigma, upper_2sigma
        Per series.
    outside_limits, trend, two_in_three, shift : ndarray of bool
        Each rule on its own, per point.
    rule : ndarray of int8
        The winning rule per point, as a code into :data:`RULE_NAMES`
        (0 none, 1 outside_limits, 2 trend, 3 two_in_three, 4 shift).
    direction : ndarray of int8
        +1 high or rising, -1 low or falling, 0 common cause.
    screening_fallback : ndarray of bool
        Series whose screened mean moving range was 0 (unscreened used).
    """

    centre: np.ndarray
    mean_moving_range: np.ndarray
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
    screening_fallback: np.ndarray

    rule_names = RULE_NAMES


def xmr_batch(
    values: np.ndarray,
    *,
    screen: bool = True,
    baseline: int | None = None,
    shift_points: int = 7,
    trend_points: int = 7,
    two_in_three: str = "current",
) -> XmRBatchResult:
    """MDC XmR analysis of every row of a 2-D array.

    Parameters
    ----------
    values : array_like, shape (n_series, n_points)
        One series per row, at least 2 points per series, no missing value;
        every value 0 or between 1e-100 and 1e100 in size, as for
        :func:`qihub.spc.analyse`.
    screen, baseline, shift_points, trend_points, two_in_three
        As for :func:`qihub.spc.analyse`.

    Returns
    -------
    XmRBatchResult

    Raises
    ------
    SPCError
        If the array is not 2-D numbers, has fewer than 2 columns, holds a
        value that is missing or out of range (the message names its row and
        column), or an option is bad.
    """
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise SPCError("values must be a 2-D array of numbers, one series per row") from None
    if array.ndim != 2:
        raise SPCError("values must be a 2-D array, one series per row", field="values")
    if array.shape[1] < 2:
        raise SPCError("each series needs at least 2 points", field="values")
    bad = np.isnan(array) | out_of_range(array)
    if bad.any():
        row, column = (int(i) for i in np.argwhere(bad)[0])
        value = float(array[row, column])
        problem = f"is not finite: {value!r}" if math.isnan(value) else range_problem(value)
        raise SPCError(f"values[{row}, {column}] {problem}", index=column, field="values")
    screen = check_flag("screen", screen)
    check_two_in_three(two_in_three)
    check_integer("shift_points", shift_points, minimum=2)
    check_integer("trend_points", trend_points, minimum=2)
    if baseline is not None:
        check_integer("baseline", baseline, minimum=2)
    limits = xmr_limits(array if baseline is None else array[:, :baseline], screen=screen)
    flags = apply_rules(
        array,
        limits.centre[:, None],
        limits.lower_limit[:, None],
        limits.upper_limit[:, None],
        limits.lower_2sigma[:, None],
        limits.upper_2sigma[:, None],
        shift_points=shift_points,
        trend_points=trend_points,
        two_in_three_variant=two_in_three,
    )
    return XmRBatchResult(
        centre=limits.centre,
        mean_moving_range=limits.mean_moving_range,
        lower_limit=limits.lower_limit,
        upper_limit=limits.upper_limit,
        lower_2sigma=limits.lower_2sigma,
        upper_2sigma=limits.upper_2sigma,
        outside_limits=flags.outside_limits,
        trend=flags.trend,
        two_in_three=flags.two_in_three,
        shift=flags.shift,
        rule=flags.rule,
        direction=flags.direction,
        screening_fallback=limits.screening_fallback,
    )
