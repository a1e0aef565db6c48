"""The NHS Making Data Count special-cause rules, each on its own.

Four rules are tested, and a point that meets more than one is labelled by
the first in this order of precedence (NHSRplotthedots 0.2.2,
``ptd_special_cause_type``):

1. ``outside_limits`` — the point lies above the upper or below the lower
   process limit (strictly).
2. ``trend`` — the point is one of N consecutive points each strictly higher
   (or each strictly lower) than the one before; equal neighbours break a
   trend. N = 7 by default, 6 allowed.
3. ``two_in_three`` — the point lies beyond a 2-sigma line and is one of two
   or three such points in a window of three consecutive points that all lie
   on the same side of the centre line. Only the points beyond 2 sigma are
   flagged, not the third point of the window.
4. ``shift`` — the point is one of N consecutive points on the same side of
   the centre line; a point on the centre line breaks a shift. N = 7 by
   default, 6 allowed.

Two versions of the two-in-three rule exist. ``"current"`` (MDC since
November 2023, the default) counts every point beyond the 2-sigma line,
including those beyond the process limits. ``"legacy"`` (NHSRplotthedots
0.2.2, ``close_to_limits``) counts only points strictly between the 2-sigma
line and the process limit. In both, all three points of the window must be
on the same side of the mean (NHSRplotthedots issue #194, where the MDC team
describes the change).

The direction of a special-cause point (+1 high, -1 low) is its side of the
centre line, except for a trend, whose direction is that of the trend: the
step to the next point when that point is part of a trend too, otherwise the
step from the previous point (as ``ptd_special_cause_type`` does).

All functions take arrays shaped ``(n_series, n_points)`` and look at every
window of points at once with cumulative sums, so a batch of series costs a
handful of numpy passes whatever its length: there is no Python loop over
points or series.

References
----------
NHS England. Making Data Count: strengthening your decisions, 2021.
NHSRplotthedots 0.2.2, R/ptd_calculate_point_type.R.
Western Electric Company. Statistical Quality Control Handbook, 1956.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Rule names by code; code 0 is "no rule".
RULE_NAMES: tuple[str | None, ...] = (None, "outside_limits", "trend", "two_in_three", "shift")
OUTSIDE_LIMITS, TREND, TWO_IN_THREE, SHIFT = 1, 2, 3, 4
TWO_IN_THREE_VARIANTS = ("current", "legacy")


def _windows_all(mask: np.ndarray, width: int) -> np.ndarray:
    """True at k where ``mask[..., k:k + width]`` is all True."""
    length = mask.shape[-1]
    if width > length:
        return np.zeros((*mask.shape[:-1], 0), dtype=bool)
    return _window_sums(mask, width) == width


def _window_sums(mask: np.ndarray, width: int) -> np.ndarray:
    """Sum of ``mask[..., k:k + width]`` for every window start k."""
    cumulative = np.zeros((*mask.shape[:-1], mask.shape[-1] + 1), dtype=np.int32)
    np.cumsum(mask, axis=-1, out=cumulative[..., 1:])
    return cumulative[..., width:] - cumulative[..., :-width]


def _cover(starts: np.ndarray, width: int, length: int) -> np.ndarray:
    """True at each point inside at least one window that starts where ``starts`` is True."""
    padded = np.zeros((*starts.shape[:-1], length + 1), dtype=np.int32)
    np.cumsum(starts, axis=-1, out=padded[..., 1 : starts.shape[-1] + 1])
    if starts.shape[-1] < length:
        padded[..., starts.shape[-1] + 1 :] = padded[..., starts.shape[-1] : starts.shape[-1] + 1]
    first_start = np.maximum(np.arange(length) - width + 1, 0)
    return (padded[..., 1:] - padded[..., first_start]) > 0


def sides(values: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """+1 above, -1 below, 0 on the centre line."""
    return np.sign(values - centre).astype(np.int8)


def outside_limits(values: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Points strictly beyond a process limit; NaN limits never flag."""
    return (values > upper) | (values < lower)


def shift(side: np.ndarray, points: int) -> np.ndarray:
    """Points in a run of ``points`` or more on one side of the centre line."""
    length = side.shape[-1]
    if points > length:
        return np.zeros(side.shape, dtype=bool)
    starts = _windows_all(side > 0, points) | _windows_all(side < 0, points)
    return _cover(starts, points, length)


def trend(values: np.ndarray, points: int) -> tuple[np.ndarray, np.ndarray]:
    """Points in a run of ``points`` or more strictly rising or strictly falling.

    Returns
    -------
    flags : ndarray of bool
    direction : ndarray of int8
        +1 for a rising, -1 for a falling trend, 0 where not flagged.
    """
    length = values.shape[-1]
    steps = np.sign(np.diff(values, axis=-1)).astype(np.int8)
    starts = _windows_all(steps > 0, points - 1) | _windows_all(steps < 0, points - 1)
    flags = _cover(starts, points, length) if length >= points else np.zeros(values.shape, bool)
    zero = np.zeros((*steps.shape[:-1], 1), dtype=np.int8)
    before = np.concatenate([zero, steps], axis=-1)
    after = np.concatenate([steps, zero], axis=-1)
    next_flagged = np.concatenate([flags[..., 1:], np.zeros_like(flags[..., :1])], axis=-1)
    use_after = flags & next_flagged & (after != 0)
    direction = np.where(use_after, after, before)
    return flags, np.where(flags, direction, 0).astype(np.int8)


def two_in_three(
    values: np.ndarray,
    side: np.ndarray,
    lower_2sigma: np.ndarray,
    upper_2sigma: np.ndarray,
    outside: np.ndarray,
    variant: str = "current",
) -> np.ndarray:
    """Points beyond 2 sigma in a same-side window of three with at least two such points."""
    beyond = (values > upper_2sigma) | (values < lower_2sigma)
    if variant == "legacy":
        beyond &= ~outside
    length = values.shape[-1]
    if length < 3:
        return np.zeros(values.shape, dtype=bool)
    same_side = _windows_all(side > 0, 3) | _windows_all(side < 0, 3)
    starts = same_side & (_window_sums(beyond, 3) >= 2)
    return _cover(starts, 3, length) & beyond


@dataclass(frozen=True)
class RuleFlags:
    """Each rule's flags, the winning rule per point and its direction.

    Attributes
    ----------
    outside_limits, trend, two_in_three, shift : ndarray of bool
        Each rule on its own, shape ``(n_series, n_points)``.
    rule : ndarray of int8
        Code of the first rule met in precedence order (see :data:`RULE_NAMES`).
    direction : ndarray of int8
        +1 (high or rising), -1 (low or falling), 0 where no rule is met.
    """

    outside_limits: np.ndarray
    trend: np.ndarray
    two_in_three: np.ndarray
    shift: np.ndarray
    rule: np.ndarray
    direction: np.ndarray


def apply_rules(
    values: np.ndarray,
    centre: np.ndarray,
    lower_limit: np.ndarray,
    upper_limit: np.ndarray,
    lower_2sigma: np.ndarray,
    upper_2sigma: np.ndarray,
    *,
    shift_points: int = 7,
    trend_points: int = 7,
    two_in_three_variant: str = "current",
) -> RuleFlags:
    """Run all four MDC rules on each row of ``values``.

    Centre and lines broadcast against ``values``: pass ``(n_series, 1)`` for
    a constant line per series or ``(n_series, n_points)`` for limits that vary
    by point (p and u charts). Values must be finite; each row is one segment
    (no rule runs across a rebase).
    """
    side = sides(values, centre)
    outside = outside_limits(values, lower_limit, upper_limit)
    trend_flags, trend_direction = trend(values, trend_points)
    tit = two_in_three(values, side, lower_2sigma, upper_2sigma, outside, two_in_three_variant)
    shift_flags = shift(side, shift_points)
    rule = np.select(
        [outside, trend_flags, tit, shift_flags],
        [OUTSIDE_LIMITS, TREND, TWO_IN_THREE, SHIFT],
        default=0,
    ).astype(np.int8)
    direction = np.where(rule == TREND, trend_direction, np.where(rule > 0, side, 0))
    return RuleFlags(outside, trend_flags, tit, shift_flags, rule, direction.astype(np.int8))
