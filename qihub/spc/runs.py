"""Runs analysis with the Anhøj rules, as qicharts2 0.8.1 does it.

Points on the centre line are ignored (they neither break nor extend a run).
With :math:`n` useful points (those off the centre line):

* the *longest run* is the longest sequence of useful points on one side of
  the centre line; it signals when it is longer than
  :math:`\\operatorname{round}(\\log_2 n) + 3` (Schilling 2012);
* the *number of crossings* is the number of times two consecutive useful
  points lie on opposite sides; it signals when it is below the lower 5 %
  quantile of :math:`\\operatorname{Binomial}(n - 1, 0.5)` (Chen 2010),
  R's ``qbinom(0.05, n - 1, 0.5)``.

The run chart's centre line is the median; qicharts2 runs the same analysis
against the mean of a control chart, and so does this engine (one analysis
per segment). A segment with no useful point has no signal, as in qicharts2
(``runs.signal <- FALSE``).

``round`` is R's, which rounds halves to even; so is Python's.

References
----------
Anhøj J, Olesen AV. Run charts revisited: a simulation study of run chart
rules for detection of non-random variation in health care processes.
PLoS ONE 9(11), 2014.
Anhøj J. Diagnostic value of run chart analysis. PLoS ONE 10(3), 2015.
qicharts2 0.8.1, R/helper.functions.R, ``runs.analysis``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike

from .errors import SPCError
from .inputs import MAX_SERIES_POINTS, check_integer, check_length, shown


def longest_run_limit(n_useful: int) -> int:
    """Upper prediction limit for the longest run: ``round(log2(n)) + 3``."""
    return round(math.log2(check_integer("n_useful", n_useful, minimum=1))) + 3


def crossings_limit(n_useful: int) -> int:
    """Lower prediction limit for crossings: ``qbinom(0.05, n - 1, 0.5)``.

    The smallest :math:`c` with :math:`P(X \\le c) \\ge 0.05` for
    :math:`X \\sim \\operatorname{Binomial}(n - 1, 1/2)`, computed exactly in
    integers: :math:`20 \\sum_{k \\le c} \\binom{n-1}{k} \\ge 2^{n-1}`.
    Its cost grows with the square of ``n`` (0.06 s at 10,000, 4 s at
    100,000), so ``n`` is at most 100,000, the most points a chart takes.
    """
    return _crossings_limit(
        check_integer("n_useful", n_useful, minimum=0, maximum=MAX_SERIES_POINTS)
    )


@lru_cache(maxsize=1024)
def _crossings_limit(n_useful: int) -> int:
    trials = max(n_useful - 1, 0)
    total = 1 << trials
    cumulative = 0
    term = 1
    for k in range(trials + 1):
        cumulative += term
        if 20 * cumulative >= total:
            return k
        term = term * (trials - k) // (k + 1)
    return trials


@dataclass(frozen=True)
class RunsAnalysis:
    """The Anhøj runs analysis of one segment.

    Attributes
    ----------
    n_obs : int
        Observed (non-missing) points.
    n_useful : int
        Points not on the centre line.
    longest_run, longest_run_max, crossings, crossings_min : int or None
        None when there is no useful point.
    signal : bool
        Longest run above its limit or crossings below theirs.
    """

    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    crossings: int | None
    crossings_min: int | None
    signal: bool

    def to_dict(self) -> dict:
        """Plain dict for JSON."""
        return {
            "n_obs": self.n_obs,
            "n_useful": self.n_useful,
            "longest_run": self.longest_run,
            "longest_run_max": self.longest_run_max,
            "crossings": self.crossings,
            "crossings_min": self.crossings_min,
            "signal": self.signal,
        }


def runs_analysis(values: ArrayLike, centre: ArrayLike) -> RunsAnalysis:
    """Anhøj runs analysis of ``values`` around ``centre``.

    Parameters
    ----------
    values : array_like, 1-D
        NaN or None marks a missing value, which is skipped. Only the side
        of the centre each value lies on counts, so any finite size will do.
    centre : float or array_like
        The centre line, per point or constant; NaN where there is none.

    Raises
    ------
    SPCError
        For values or a centre that are not finite numbers of the same length.
    """
    try:
        y = np.asarray(values, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise SPCError("values must be a sequence of numbers", field="values") from None
    if y.ndim != 1:
        raise SPCError("values must be one-dimensional", field="values")
    check_length(y.size, field="values")
    infinite = np.flatnonzero(np.isinf(y))
    if infinite.size:
        position = int(infinite[0])
        raise SPCError(
            f"values[{position}] is not finite: {float(y[position])!r}",
            index=position,
            field="values",
        )
    try:
        line = np.broadcast_to(np.asarray(centre, dtype=float), y.shape)
    except (TypeError, ValueError, OverflowError):
        raise SPCError(
            f"centre must be one number or one number per value; got {shown(centre)}",
            field="centre",
        ) from None
    if np.isinf(line).any():
        raise SPCError("centre must be finite", field="centre")
    observed = ~np.isnan(y) & ~np.isnan(line)
    side = np.sign(y[observed] - line[observed])
    useful = side[side != 0]
    n_useful = int(useful.size)
    if n_useful == 0:
        return RunsAnalysis(int(observed.sum()), 0, None, None, None, None, False)
    boundaries = np.flatnonzero(useful[1:] != useful[:-1]) + 1
    edges = np.concatenate([[0], boundaries, [n_useful]])
    longest = int(np.diff(edges).max())
    crossings = int(boundaries.size)
    longest_max = longest_run_limit(n_useful)
    crossings_min = crossings_limit(n_useful)
    signal = longest > longest_max or crossings < crossings_min
    return RunsAnalysis(
        int(observed.sum()), n_useful, longest, longest_max, crossings, crossings_min, signal
    )
