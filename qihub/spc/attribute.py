"""Limits for the run chart and the attribute and rare-event charts.

Every function takes one segment: the values ``y`` (NaN where missing), the
denominators ``n`` where the chart has them, and ``base``, a boolean mask of
the points the centre and limits are computed from (the baseline). It returns
:class:`Lines`, one value per point, so that limits can vary by point.
Limits are clipped where the quantity cannot go: below 0 for every chart
here, above 1 for p charts (qicharts2 clips the 3-sigma limits and the
2-sigma lines alike).

Formulas (qicharts2 0.8.1, R/helper.functions.R; Montgomery 2019):

=======  ====================================  ====================================
chart    centre                                sigma of point i
=======  ====================================  ====================================
run      median                                (no limits)
p        :math:`\\bar p = \\sum x / \\sum n`     :math:`\\sqrt{\\bar p (1 - \\bar p) / n_i}`
p'       as p                                  p sigma times :math:`\\sigma_z`
u        :math:`\\bar u = \\sum x / \\sum n`     :math:`\\sqrt{\\bar u / n_i}`
u'       as u                                  u sigma times :math:`\\sigma_z`
c        :math:`\\bar c` (mean count)          :math:`\\sqrt{\\bar c}`
g        median (limits from the mean ḡ)       :math:`\\sqrt{\\bar g (\\bar g + 1)}`
t        :math:`(\\overline{y^{1/3.6}})^{3.6}`  I chart of :math:`y^{1/3.6}`, back-transformed
=======  ====================================  ====================================

Limits are centre ± 3 sigma and the 2-sigma lines centre ± 2 sigma, except
for the g chart, whose limits are :math:`\\bar g \\pm 3\\sigma` around the
mean while the centre line drawn is the median (qicharts2, ``qic.g``).

Laney's prime charts (Laney 2002) widen the limits by the between-point
variation: :math:`z_i = (y_i - \\text{centre}) / \\sigma_i` over the baseline,
:math:`\\sigma_z = \\overline{MR}(z) / 1.128`, with the moving ranges screened
as for the XmR chart when ``screen`` is on (qicharts2's ``qic.screenedmr``
option; there 3.267 for p' and u').

The t chart (Nelson 1994) transforms the times between events with
:math:`y^{1/3.6}`, computes I-chart limits with qicharts2's factor
:math:`3 / 1.128` (not MDC's rounded 2.66, so that t charts match
qicharts2), then raises the centre and limits to the power 3.6. A negative
lower line cannot be back-transformed and becomes 0, as qicharts2 does for
the lower limit.

References
----------
Montgomery DC. Introduction to Statistical Quality Control, 8th ed. Wiley, 2019.
Laney DB. Improved control charts for attributes. Qual Eng 14(4), 2002.
Nelson LS. A control chart for parts-per-million nonconforming items.
J Qual Technol 26(3), 1994.
Provost LP, Murray SK. The Health Care Data Guide. Jossey-Bass, 2011.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .xmr import D2, mean_moving_range, xmr_limits

#: Exponent of the t chart's transformation (Nelson 1994).
T_EXPONENT = 3.6


@dataclass(frozen=True)
class Lines:
    """Centre, limits and 2-sigma lines per point of one segment.

    ``mean_moving_range`` is the mean moving range the limits came from (of
    the values for XmR, of the transformed values for t, of the z-scores for
    p' and u'), None for charts that have none.
    """

    centre: np.ndarray
    lower_limit: np.ndarray
    upper_limit: np.ndarray
    lower_2sigma: np.ndarray
    upper_2sigma: np.ndarray
    mean_moving_range: float | None = None
    screening_fallback: bool = False


def _full(length: int, value: float) -> np.ndarray:
    return np.full(length, value, dtype=float)


def _from_sigma(
    centre: np.ndarray, sigma: np.ndarray, *, upper_bound: float = np.inf
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    def clip(line: np.ndarray) -> np.ndarray:
        return np.minimum(np.maximum(line, 0.0), upper_bound)

    return (
        clip(centre - 3 * sigma),
        clip(centre + 3 * sigma),
        clip(centre - 2 * sigma),
        clip(centre + 2 * sigma),
    )


def run_lines(y: np.ndarray, base: np.ndarray) -> Lines:
    """Run chart: the median of the baseline, no limits."""
    centre = _full(y.size, float(np.nanmedian(y[base])))
    missing = _full(y.size, np.nan)
    return Lines(centre, missing, missing, missing, missing)


def xmr_lines(y: np.ndarray, base: np.ndarray, *, screen: bool) -> Lines:
    """XmR chart (see :mod:`qihub.spc.xmr`) for one segment."""
    baseline = np.where(base, y, np.nan)[: int(np.flatnonzero(base).max()) + 1]
    limits = xmr_limits(baseline[None, :], screen=screen)
    length = y.size
    return Lines(
        _full(length, limits.centre[0]),
        _full(length, limits.lower_limit[0]),
        _full(length, limits.upper_limit[0]),
        _full(length, limits.lower_2sigma[0]),
        _full(length, limits.upper_2sigma[0]),
        float(limits.mean_moving_range[0]),
        bool(limits.screening_fallback[0]),
    )


def _laney_sigma_z(
    y: np.ndarray, centre: np.ndarray, sigma: np.ndarray, base: np.ndarray, *, screen: bool
) -> tuple[float, float, bool]:
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(base, (y - centre) / sigma, np.nan)
    estimate = mean_moving_range(z[None, :], screen=screen)
    amr = float(estimate.mean_moving_range[0])
    return amr / D2, amr, bool(estimate.screening_fallback[0])


def proportion_lines(
    y: np.ndarray, n: np.ndarray, base: np.ndarray, *, laney: bool, screen: bool
) -> Lines:
    """p chart (or Laney p'): ``y`` are proportions, ``n`` the denominators."""
    counts = y * n
    p_bar = float(np.nansum(counts[base]) / np.nansum(n[base]))
    centre = _full(y.size, p_bar)
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = np.sqrt(p_bar * (1 - p_bar) / n)
    amr, fallback = None, False
    if laney:
        sigma_z, amr, fallback = _laney_sigma_z(y, centre, sigma, base, screen=screen)
        sigma = sigma * sigma_z
    return Lines(centre, *_from_sigma(centre, sigma, upper_bound=1.0), amr, fallback)


def rate_lines(
    y: np.ndarray, n: np.ndarray, base: np.ndarray, *, laney: bool, screen: bool
) -> Lines:
    """u chart (or Laney u'): ``y`` are rates per unit, ``n`` the units."""
    counts = y * n
    u_bar = float(np.nansum(counts[base]) / np.nansum(n[base]))
    centre = _full(y.size, u_bar)
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = np.sqrt(u_bar / n)
    amr, fallback = None, False
    if laney:
        sigma_z, amr, fallback = _laney_sigma_z(y, centre, sigma, base, screen=screen)
        sigma = sigma * sigma_z
    return Lines(centre, *_from_sigma(centre, sigma), amr, fallback)


def count_lines(y: np.ndarray, base: np.ndarray) -> Lines:
    """c chart: counts of events in equal areas of opportunity."""
    c_bar = float(np.nanmean(y[base]))
    centre = _full(y.size, c_bar)
    return Lines(centre, *_from_sigma(centre, _full(y.size, np.sqrt(c_bar))))


def g_lines(y: np.ndarray, base: np.ndarray) -> Lines:
    """g chart: opportunities (days, cases) between rare events."""
    g_bar = float(np.nanmean(y[base]))
    mean = _full(y.size, g_bar)
    lines = _from_sigma(mean, _full(y.size, np.sqrt(g_bar * (g_bar + 1))))
    return Lines(_full(y.size, float(np.nanmedian(y[base]))), *lines)


def t_lines(y: np.ndarray, base: np.ndarray, *, screen: bool) -> Lines:
    """t chart: time between rare events, via the I chart of ``y ** (1/3.6)``."""
    transformed = y ** (1 / T_EXPONENT)
    baseline = np.where(base, transformed, np.nan)[: int(np.flatnonzero(base).max()) + 1]
    limits = xmr_limits(baseline[None, :], screen=screen, limit_factor=3 / D2)

    def back(line: np.ndarray) -> np.ndarray:
        value = float(line[0])
        return _full(y.size, value**T_EXPONENT if value > 0 else 0.0)

    return Lines(
        back(limits.centre),
        back(limits.lower_limit),
        back(limits.upper_limit),
        back(limits.lower_2sigma),
        back(limits.upper_2sigma),
        float(limits.mean_moving_range[0]),
        bool(limits.screening_fallback[0]),
    )
