"""One chart, start to finish: :func:`analyse`."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from . import attribute
from .errors import SPCError
from .inputs import as_dates, as_values, check_chart_values, check_flag, check_options, check_target
from .interpret import assurance, point_type, variation
from .result import Point, Segment, SPCResult
from .rules import RULE_NAMES, apply_rules
from .runs import runs_analysis

#: A segment whose limits rest on fewer values than this has trial limits.
TRIAL_LIMIT_POINTS = 13
_MOVING_RANGE_CHARTS = ("xmr", "t")


def _positions(indexes: Sequence[int]) -> str:
    shown = ", ".join(str(i) for i in indexes[:10])
    return shown + (f" and {len(indexes) - 10} more" if len(indexes) > 10 else "")


def _optional(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _lines(
    chart: str,
    y: np.ndarray,
    n: np.ndarray | None,
    base: np.ndarray,
    *,
    screen: bool,
    laney: bool,
) -> attribute.Lines:
    if chart == "run":
        return attribute.run_lines(y, base)
    if chart == "xmr":
        return attribute.xmr_lines(y, base, screen=screen)
    if chart == "t":
        return attribute.t_lines(y, base, screen=screen)
    if chart in ("p", "u"):
        if n is None:
            raise SPCError(f"a {chart} chart needs denominators", field="denominators")
        if chart == "p":
            return attribute.proportion_lines(y, n, base, laney=laney, screen=screen)
        return attribute.rate_lines(y, n, base, laney=laney, screen=screen)
    if chart == "c":
        return attribute.count_lines(y, base)
    return attribute.g_lines(y, base)


def _centre_only(y: np.ndarray, base: np.ndarray, chart: str) -> attribute.Lines:
    value = float(np.nanmedian(y[base])) if chart == "run" else float(np.nanmean(y[base]))
    missing = np.full(y.size, np.nan)
    return attribute.Lines(np.full(y.size, value), missing, missing, missing, missing)


def analyse(
    values: Sequence | np.ndarray,
    *,
    chart: str = "xmr",
    dates: Sequence | None = None,
    denominators: Sequence | np.ndarray | None = None,
    screen: bool = True,
    baseline: int | None = None,
    rebase: Sequence[int] = (),
    direction: str = "neutral",
    target: float | None = None,
    shift_points: int = 7,
    trend_points: int = 7,
    two_in_three: str = "current",
    laney: bool = False,
) -> SPCResult:
    """Analyse one series as an SPC chart the Making Data Count way.

    Parameters
    ----------
    values : sequence of float or None
        The measure in time order. For p and u charts, the numerators (counts
        of events); the plotted value is numerator / denominator. ``None`` or
        NaN is a missing value: it is skipped (no moving range is taken across
        it, and the rules run over the values either side of it as if they
        were adjacent) and reported in ``warnings``. Every other value is 0
        or between 1e-100 and 1e100 in size (see :mod:`qihub.spc.inputs`,
        "The engine's numeric limits"); infinities are rejected.
    chart : {"xmr", "run", "p", "u", "c", "g", "t"}
    dates : sequence of date, datetime or str, optional
        One per value; echoed as ISO strings.
    denominators : sequence of float, optional
        Required for p and u charts (sample sizes, units of exposure), refused
        for the others. Must be positive; for p charts at least the numerator.
    screen : bool
        Screen moving ranges (XmR, t, p', u'); see :mod:`qihub.spc.xmr`.
    baseline : int, optional
        Compute the centre and limits of each segment from its first
        ``baseline`` points only (NHSRplotthedots ``fix_after_n_points``) and
        extend them over the rest of the segment. At least 2, at most 2**63 - 1.
    rebase : sequence of int
        0-based positions where a new segment starts, with its own centre and
        limits; no rule runs across a rebase.
    direction : {"neutral", "increase", "decrease"}
        Which way is improvement.
    target : float, optional
        For the assurance icon; 0 or between 1e-100 and 1e100 in size.
    shift_points, trend_points : int
        Points needed for a shift or a trend; 7 (MDC) or 6. Any integer from
        2 to 2**63 - 1 is taken; a rule longer than a segment flags nothing.
    two_in_three : {"current", "legacy"}
        The MDC rule since November 2023, or the earlier rule that
        NHSRplotthedots 0.2.2 uses (see :mod:`qihub.spc.rules`).
    laney : bool
        Laney's p' and u' charts, for p and u charts with large denominators.

    Returns
    -------
    SPCResult

    Raises
    ------
    SPCError
        For bad input, naming the input and the position: nothing else is
        raised, and every line of a result is finite or None.

    Notes
    -----
    Defined results for edge cases, never a crash:

    * no values, or every value missing: :class:`SPCError`;
    * a segment with no values: no centre, no limits, a warning;
    * fewer than 2 baseline values on a chart built on moving ranges (XmR,
      t, p', u'): a centre but no limits, a warning;
    * all values equal: the mean moving range is 0, the limits equal the
      centre, no point is special (a point on the centre line is neither
      outside the limits nor part of a shift), a warning;
    * a mean moving range of 0 after screening only: the unscreened mean
      moving range is used, a warning;
    * fewer than 13 values behind a segment's limits: ``trial_limits`` and a
      warning.

    The run chart has no limits and no MDC rules: its points are all common
    cause and its signal is ``runs_signal`` (the Anhøj rules). On other
    charts ``runs_signal`` reports the same analysis around the centre line,
    as qicharts2 does.
    """
    raw = as_values(values)
    length = raw.size
    den = None if denominators is None else as_values(denominators, field="denominators")
    starts = check_options(
        chart=chart,
        length=length,
        denominators=den,
        baseline=baseline,
        rebase=rebase,
        direction=direction,
        shift_points=shift_points,
        trend_points=trend_points,
        two_in_three=two_in_three,
    )
    target = check_target(target)
    screen = check_flag("screen", screen)
    laney = check_flag("laney", laney)
    if laney and chart not in ("p", "u"):
        raise SPCError("laney applies to p and u charts only", field="laney")
    if length == 0:
        raise SPCError("there are no values to analyse", field="values")
    date_strings = as_dates(dates, length)
    check_chart_values(chart, raw, den)

    warnings: list[str] = []
    y = raw if den is None else raw / den
    observed = ~np.isnan(y)
    missing = np.flatnonzero(~observed)
    if missing.size == length:
        raise SPCError("every value is missing", field="values")
    if missing.size:
        warnings.append(f"missing values skipped at points {_positions((missing + 1).tolist())}")

    lines = {
        name: np.full(length, np.nan) for name in ("centre", "lower", "upper", "lower2", "upper2")
    }
    rule = np.zeros(length, dtype=np.int8)
    rule_direction = np.zeros(length, dtype=np.int8)
    segments: list[Segment] = []
    bounds = [0, *starts, length]
    for start, stop in itertools.pairwise(bounds):
        # Warnings count points from 1, as people (and the /spc/ page's table) do.
        span = f"segment of points {start + 1}\u2013{stop}"
        seg_y = y[start:stop]
        seg_n = None if den is None else den[start:stop]
        seg_observed = observed[start:stop]
        base = seg_observed.copy()
        if baseline is not None:
            base[baseline:] = False
        n_base = int(base.sum())
        if n_base == 0:
            warnings.append(f"{span} has no values in its baseline: no centre or limits")
            seg_lines = None
        elif n_base < 2 and (chart in _MOVING_RANGE_CHARTS or laney):
            warnings.append(f"{span} has fewer than 2 values: no limits")
            seg_lines = _centre_only(seg_y, base, chart)
        else:
            seg_lines = _lines(chart, seg_y, seg_n, base, screen=screen, laney=laney)
        if seg_lines is not None:
            if seg_lines.screening_fallback:
                warnings.append(
                    f"{span}: screening left a mean moving range of 0; "
                    "the unscreened mean moving range is used"
                )
            elif seg_lines.mean_moving_range == 0:
                warnings.append(f"{span}: all values are equal, so the limits equal the centre")
            for name, array in zip(
                ("centre", "lower", "upper", "lower2", "upper2"),
                (
                    seg_lines.centre,
                    seg_lines.lower_limit,
                    seg_lines.upper_limit,
                    seg_lines.lower_2sigma,
                    seg_lines.upper_2sigma,
                ),
                strict=False,
            ):
                lines[name][start:stop] = array
        trial = chart != "run" and 0 < n_base < TRIAL_LIMIT_POINTS
        if trial:
            warnings.append(
                f"{span}: limits rest on {n_base} values (fewer than "
                f"{TRIAL_LIMIT_POINTS}); treat them as trial limits"
            )
        index = np.flatnonzero(seg_observed)
        if chart != "run" and seg_lines is not None and index.size:
            at = start + index
            flags = apply_rules(
                y[at][None, :],
                lines["centre"][at][None, :],
                lines["lower"][at][None, :],
                lines["upper"][at][None, :],
                lines["lower2"][at][None, :],
                lines["upper2"][at][None, :],
                shift_points=shift_points,
                trend_points=trend_points,
                two_in_three_variant=two_in_three,
            )
            rule[at] = flags.rule[0]
            rule_direction[at] = flags.direction[0]
        centre = None if seg_lines is None else float(seg_lines.centre[0])
        segments.append(
            Segment(
                start=start,
                end=stop - 1,
                centre=centre,
                mean_moving_range=None if seg_lines is None else seg_lines.mean_moving_range,
                trial_limits=trial,
                runs=runs_analysis(seg_y, lines["centre"][start:stop]),
            )
        )

    points = []
    kind: str | None
    value: float | None
    rule_name: str | None
    for i in range(length):
        if observed[i]:
            kind = point_type(int(rule[i]), int(rule_direction[i]), direction)
            value, rule_name = float(y[i]), RULE_NAMES[rule[i]]
        else:
            kind = value = rule_name = None
        points.append(
            Point(
                index=i,
                date=date_strings[i],
                value=value,
                centre=_optional(lines["centre"][i]),
                lower_limit=_optional(lines["lower"][i]),
                upper_limit=_optional(lines["upper"][i]),
                lower_2sigma=_optional(lines["lower2"][i]),
                upper_2sigma=_optional(lines["upper2"][i]),
                rule=rule_name,
                point_type=kind,
            )
        )
    last = points[int(np.flatnonzero(observed)[-1])]
    return SPCResult(
        chart=chart,
        points=tuple(points),
        segments=tuple(segments),
        runs_signal=any(segment.runs.signal for segment in segments),
        variation=variation(last.point_type, direction),
        assurance=assurance(target, last.lower_limit, last.upper_limit, direction),
        warnings=tuple(warnings),
        options={
            "chart": chart,
            "screen": screen,
            "baseline": baseline,
            "rebase": starts,
            "direction": direction,
            "target": target,
            "shift_points": shift_points,
            "trend_points": trend_points,
            "two_in_three": two_in_three,
            "laney": laney,
        },
    )
