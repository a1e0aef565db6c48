"""The result of an analysis and its JSON document (issue 3, §2)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .runs import RunsAnalysis


def _number(value: float | None) -> float | None:
    """A float for JSON: NaN and None become None; no rounding."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class Point:
    """One point of the chart, with the lines that apply to it.

    ``value`` is None for a missing value, which also has no ``rule`` and no
    ``point_type``. Lines are None where the chart has none (a run chart's
    limits, a segment too short for limits).
    """

    index: int
    date: str | None
    value: float | None
    centre: float | None
    lower_limit: float | None
    upper_limit: float | None
    lower_2sigma: float | None
    upper_2sigma: float | None
    rule: str | None
    point_type: str | None

    def to_dict(self) -> dict:
        """Plain dict for JSON."""
        return {
            "index": self.index,
            "date": self.date,
            "value": _number(self.value),
            "centre": _number(self.centre),
            "lower_limit": _number(self.lower_limit),
            "upper_limit": _number(self.upper_limit),
            "lower_2sigma": _number(self.lower_2sigma),
            "upper_2sigma": _number(self.upper_2sigma),
            "rule": self.rule,
            "point_type": self.point_type,
        }


@dataclass(frozen=True)
class Segment:
    """A run of points sharing one centre and one set of limits.

    ``start`` and ``end`` are inclusive 0-based positions. ``centre`` is the
    segment's centre line (for p and u charts the same for every point, even
    though the limits vary). ``trial_limits`` is True when the limits rest on
    fewer than 13 values. ``runs`` is the Anhøj runs analysis of the segment.
    """

    start: int
    end: int
    centre: float | None
    mean_moving_range: float | None
    trial_limits: bool
    runs: RunsAnalysis

    def to_dict(self) -> dict:
        """Plain dict for JSON."""
        return {
            "start": self.start,
            "end": self.end,
            "centre": _number(self.centre),
            "mean_moving_range": _number(self.mean_moving_range),
            "trial_limits": self.trial_limits,
            "runs": self.runs.to_dict(),
        }


@dataclass(frozen=True)
class SPCResult:
    """Everything :func:`qihub.spc.analyse` found.

    Attributes
    ----------
    chart : str
        ``run``, ``xmr``, ``p``, ``u``, ``c``, ``g`` or ``t``.
    points : tuple of Point
    segments : tuple of Segment
    runs_signal : bool
        True when the Anhøj rules signal in any segment.
    variation : str
        The variation icon (see :mod:`qihub.spc.interpret`).
    assurance : str or None
        The assurance icon, or None.
    warnings : tuple of str
        What the reader should know: missing values skipped, trial limits,
        too few values for limits, and so on. They name points counting from
        1, as a person does ("segment of points 19–30"), where ``index``,
        ``start`` and ``end`` count from 0.
    options : dict
        The options the analysis ran with, echoed for the reader.
    """

    chart: str
    points: tuple[Point, ...]
    segments: tuple[Segment, ...]
    runs_signal: bool | None
    variation: str
    assurance: str | None
    warnings: tuple[str, ...] = ()
    options: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The JSON document of issue 3 §2 (plus ``options`` and each segment's ``runs``)."""
        return {
            "chart": self.chart,
            "points": [point.to_dict() for point in self.points],
            "segments": [segment.to_dict() for segment in self.segments],
            "runs_signal": self.runs_signal,
            "variation": self.variation,
            "assurance": self.assurance,
            "warnings": list(self.warnings),
            "options": dict(self.options),
        }
