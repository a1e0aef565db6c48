"""XmR (individuals) chart limits in the NHS Making Data Count style.

For a segment with values :math:`x_1, \\dots, x_k` (the baseline part of it,
if a baseline is set) the engine computes

.. math::

    \\bar{x} = \\frac{1}{k} \\sum_i x_i, \\qquad
    MR_i = |x_i - x_{i-1}|, \\qquad
    \\overline{MR} = \\frac{1}{k - 1} \\sum_{i=2}^{k} MR_i

    \\text{limits} = \\bar{x} \\pm 2.66\\,\\overline{MR}, \\qquad
    \\text{2-sigma lines} = \\bar{x} \\pm \\tfrac{2}{3} 2.66\\,\\overline{MR}

2.66 is Wheeler's scaling factor :math:`3 / d_2` with :math:`d_2 = 1.128`
rounded to two decimals as Making Data Count (MDC) and NHSRplotthedots use it;
the 2-sigma factor is exactly two thirds of it (1.77333…), as in
NHSRplotthedots ``ptd_spc_standard`` (``limitclose <- 2 * (limit / 3)``).

Screening (Nelson 1982; Provost & Murray 2011, p. 156): moving ranges at or
above :math:`3.267\\,\\overline{MR}` (the upper range limit :math:`D_4 = 3.267`
for subgroups of two) are dropped and :math:`\\overline{MR}` is recomputed from
the rest; the mean is not recomputed. It is on by default, as in
NHSRplotthedots; off reproduces the MDC Excel tool. If screening leaves a mean
moving range of 0 while the unscreened one was positive (mostly equal values
with a few jumps), the engine falls back to the unscreened mean moving range
and says so in a warning, rather than drawing zero-width limits that would
call every other value special.

A moving range is only taken between two values that are next to each other
in the series: a missing value leaves a gap of two moving ranges, as
``diff()`` with ``NA`` and ``mean(na.rm = TRUE)`` do in NHSRplotthedots and
qicharts2.

Every function here works on a 2-D array, one series per row, so that the
same code serves one chart and ten thousand (:func:`qihub.spc.xmr_batch`).

References
----------
Wheeler DJ. Understanding Variation, 2nd ed. SPC Press, 2000.
NHS England. Making Data Count, 2019; Making Data Count: strengthening your
decisions, 2021.
Nelson LS. Control charts for individual measurements. J Qual Technol 14(3),
1982.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Scaling factor from the mean moving range to the 3-sigma limits (MDC).
LIMIT_FACTOR = 2.66
#: Scaling factor from the mean moving range to the 2-sigma lines.
TWO_SIGMA_FACTOR = 2.0 * LIMIT_FACTOR / 3.0
#: Moving ranges at or above this multiple of the mean moving range are screened out.
SCREEN_FACTOR = 3.267
#: Bias correction constant d2 for moving ranges of two (Montgomery, Table VI).
D2 = 1.128


@dataclass(frozen=True)
class MovingRangeEstimate:
    """Mean moving range per series, and which series fell back when screened.

    Attributes
    ----------
    mean_moving_range : ndarray, shape (n_series,)
        NaN where a series has no moving range (fewer than two adjacent values).
    screening_fallback : ndarray of bool, shape (n_series,)
        True where screening left a mean of 0 and the unscreened mean was used.
    """

    mean_moving_range: np.ndarray
    screening_fallback: np.ndarray


def mean_moving_range(values: np.ndarray, *, screen: bool = True) -> MovingRangeEstimate:
    """Mean moving range of each row of ``values``, optionally screened.

    Parameters
    ----------
    values : ndarray, shape (n_series, n_points)
        NaN marks a missing value; moving ranges touching it are skipped.
    screen : bool
        Drop moving ranges :math:`\\ge 3.267\\,\\overline{MR}` and recompute.

    Returns
    -------
    MovingRangeEstimate
    """
    moving = np.abs(np.diff(values, axis=-1))
    valid = ~np.isnan(moving)
    moving = np.where(valid, moving, 0.0)
    count = valid.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        amr = moving.sum(axis=-1) / count
        fallback = np.zeros(amr.shape, dtype=bool)
        if screen:
            keep = valid & (moving < SCREEN_FACTOR * amr[..., None])
            screened = np.where(keep, moving, 0.0).sum(axis=-1) / keep.sum(axis=-1)
            fallback = (amr > 0) & ~(screened > 0)
            amr = np.where(fallback | ~(amr > 0), amr, screened)
    return MovingRangeEstimate(amr, fallback)


@dataclass(frozen=True)
class XmRLimits:
    """Centre, mean moving range and limits per series (one value per row)."""

    centre: np.ndarray
    mean_moving_range: np.ndarray
    lower_limit: np.ndarray
    upper_limit: np.ndarray
    lower_2sigma: np.ndarray
    upper_2sigma: np.ndarray
    screening_fallback: np.ndarray


def xmr_limits(
    values: np.ndarray,
    *,
    screen: bool = True,
    limit_factor: float = LIMIT_FACTOR,
) -> XmRLimits:
    """MDC XmR limits for each row of ``values`` (the rows' baseline points).

    Parameters
    ----------
    values : ndarray, shape (n_series, n_points)
        Baseline values; NaN marks a missing value.
    screen : bool
        Screen moving ranges (see module docstring).
    limit_factor : float
        2.66 for MDC; qicharts2's I chart uses :math:`3 / 1.128`.

    Returns
    -------
    XmRLimits
        The 2-sigma lines sit at two thirds of the limit distance.
    """
    observed = ~np.isnan(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = np.where(observed, values, 0.0).sum(axis=-1) / observed.sum(axis=-1)
    estimate = mean_moving_range(values, screen=screen)
    amr = estimate.mean_moving_range
    half = limit_factor * amr
    half2 = 2.0 * limit_factor / 3.0 * amr
    return XmRLimits(
        centre=centre,
        mean_moving_range=amr,
        lower_limit=centre - half,
        upper_limit=centre + half,
        lower_2sigma=centre - half2,
        upper_2sigma=centre + half2,
        screening_fallback=estimate.screening_fallback,
    )
