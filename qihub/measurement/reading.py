"""What a chart says, in words: the variation and assurance icons, a short summary generated from
the result ("Special cause improvement since March 2024: 7 points above the mean"), and the
labels and number formats that the page, the table and the SVG share.

The wording follows NHS England's Making Data Count guidance on reading the icons.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from qihub.spc import Point, SPCResult

from .series import parse_date

CHART_NAMES = {
    "run": "run chart",
    "xmr": "XmR chart",
    "p": "p chart",
    "u": "u chart",
    "c": "c chart",
    "g": "g chart",
    "t": "t chart",
}
POINT_TYPE_LABELS = {
    "common_cause": "Common cause",
    "improvement": "Improvement",
    "concern": "Concern",
    "neutral_high": "Special cause (higher)",
    "neutral_low": "Special cause (lower)",
}
RULE_LABELS = {
    "outside_limits": "Outside the process limits",
    "trend": "Trend",
    "two_in_three": "Two of three near a limit",
    "shift": "Shift",
}
VARIATION_TITLES = {
    "common_cause": "Common cause variation",
    "improvement_high": "Special cause improvement (higher)",
    "improvement_low": "Special cause improvement (lower)",
    "concern_high": "Special cause concern (higher)",
    "concern_low": "Special cause concern (lower)",
    "neutral_high": "Special cause variation (higher)",
    "neutral_low": "Special cause variation (lower)",
}
VARIATION_TEXTS = {
    "common_cause": "No significant change: the latest point shows only the variation this "
    "process usually produces.",
    "improvement_high": "Special cause variation of an improving nature: the measure is "
    "significantly higher.",
    "improvement_low": "Special cause variation of an improving nature: the measure is "
    "significantly lower.",
    "concern_high": "Special cause variation of a concerning nature: the measure is "
    "significantly higher.",
    "concern_low": "Special cause variation of a concerning nature: the measure is "
    "significantly lower.",
    "neutral_high": "Special cause variation, neither improvement nor concern: the measure is "
    "significantly higher.",
    "neutral_low": "Special cause variation, neither improvement nor concern: the measure is "
    "significantly lower.",
}
ASSURANCE_TITLES = {
    "pass": "Consistently passing the target",
    "fail": "Consistently failing the target",
    "hit_and_miss": "Hit and miss the target",
}
ASSURANCE_TEXTS = {
    "pass": "The target lies outside the process limits, on the side you want: the process "
    "can be expected to meet it every time unless something changes.",
    "fail": "The target lies outside the process limits, on the wrong side: the process will "
    "not meet it unless the process itself changes.",
    "hit_and_miss": "The target lies between the process limits: the process will meet it "
    "some of the time and miss it some of the time, by chance alone.",
}


def sentence_case(text: str) -> str:
    """Capitalised to start a sentence, except chart names that are lower case by convention."""
    return text if text[:2] in ("p ", "u ", "c ", "g ", "t ") else text[:1].upper() + text[1:]


def centre_name(chart: str) -> str:
    """What the centre line is called on this chart."""
    return {"run": "median", "g": "median", "t": "centre line"}.get(chart, "mean")


def _decimals_of(number: float) -> int:
    """The decimals a data value was given with (at most 4)."""
    for decimals in range(4):
        if abs(round(number, decimals) - number) <= 1e-9 * max(1.0, abs(number)):
            return decimals
    return 4


@dataclass(frozen=True)
class Numbers:
    """How a chart's numbers are shown: p charts in per cent; values with the decimals they were
    given with; centres and limits with enough decimals for their size."""

    decimals: int
    percent: bool = False
    value_decimals: int = 0

    @classmethod
    def for_result(cls, result: SPCResult) -> Numbers:
        numbers = [
            abs(number)
            for point in result.points
            for number in (point.value, point.centre, point.lower_limit, point.upper_limit)
            if number is not None and math.isfinite(number)
        ]
        percent = result.chart == "p"
        value_decimals = max(
            (_decimals_of(point.value) for point in result.points if point.value is not None),
            default=0,
        )
        largest = max(numbers, default=0.0) * (100 if percent else 1)
        if largest == 0:
            return cls(1, percent, value_decimals)
        decimals = min(4, max(1, 2 - math.floor(math.log10(largest))))
        return cls(decimals, percent, value_decimals)

    def line(self, number: float | None) -> str:
        """A centre or limit: fixed decimals."""
        if number is None:
            return ""
        if self.percent:
            return f"{number * 100:,.{self.decimals}f}%"
        return f"{number:,.{self.decimals}f}"

    def value(self, number: float | None) -> str:
        """A data value, every one with the same decimals."""
        if number is None:
            return ""
        if self.percent:
            return self.line(number)
        return f"{number:,.{self.value_decimals}f}"

    def plain(self, number: float | None) -> str:
        """A number as the person typed it (targets, numerators)."""
        if number is None:
            return ""
        return f"{number:,.0f}" if float(number).is_integer() else f"{number:,g}"


@dataclass(frozen=True)
class Dates:
    """Point labels: ``March 2024`` for monthly dates, ``4 March 2024`` for others, the label as
    given when it is not an ISO date, and ``point 5`` when there is no date."""

    monthly: bool

    @classmethod
    def for_result(cls, result: SPCResult) -> Dates:
        parsed = [parse_date(point.date) for point in result.points if point.date]
        return cls(bool(parsed) and all(date is not None and date.day == 1 for date in parsed))

    def long(self, point: Point) -> str:
        date = parse_date(point.date)
        if date is None:
            return point.date or f"point {point.index + 1}"
        return _month_year(date, "%B") if self.monthly else _day_month_year(date, "%B")

    def at(self, point: Point) -> str:
        """``in March 2024``, ``on 4 March 2024``, ``at Week 12`` or ``at point 5``."""
        date = parse_date(point.date)
        if date is None:
            return f"at {self.long(point)}"
        return f"{'in' if self.monthly else 'on'} {self.long(point)}"

    def short(self, point: Point) -> str:
        date = parse_date(point.date)
        if date is None:
            return point.date or str(point.index + 1)
        return _month_year(date, "%b") if self.monthly else _day_month_year(date, "%b")


def _month_year(date: dt.date, month: str) -> str:
    return f"{date.strftime(month)} {date.year}"


def _day_month_year(date: dt.date, month: str) -> str:
    return f"{date.day} {date.strftime(month)} {date.year}"


@dataclass(frozen=True)
class Episode:
    """Consecutive special-cause points of one type (missing values skipped, within a segment)."""

    points: tuple[Point, ...]

    @property
    def point_type(self) -> str:
        return self.points[0].point_type or "common_cause"


def episodes(result: SPCResult) -> list[Episode]:
    """The runs of special-cause points, in time order."""
    found: list[Episode] = []
    current: list[Point] = []
    segment_of = {
        index: number
        for number, segment in enumerate(result.segments)
        for index in range(segment.start, segment.end + 1)
    }
    for point in result.points:
        if point.value is None:
            continue
        special = point.point_type not in (None, "common_cause")
        if current and (
            not special
            or point.point_type != current[-1].point_type
            or segment_of[point.index] != segment_of[current[-1].index]
        ):
            found.append(Episode(tuple(current)))
            current = []
        if special:
            current.append(point)
    if current:
        found.append(Episode(tuple(current)))
    return found


def _describe(episode: Episode, chart: str) -> str:
    points = episode.points
    count = len(points)
    above = sum(
        1 for p in points if p.value is not None and p.centre is not None and p.value > p.centre
    )
    side = "above" if above * 2 >= count else "below"
    rules = {point.rule for point in points}
    outside = sum(1 for point in points if point.rule == "outside_limits")
    if rules == {"trend"} and count > 1:
        first, last = points[0].value or 0.0, points[-1].value or 0.0
        return f"{count} points in a row {'rising' if last > first else 'falling'}"
    if count == 1 and outside:
        return f"a point {side} the {'upper' if side == 'above' else 'lower'} process limit"
    text = f"{_count(count, 'point')} {side} the {centre_name(chart)}"
    if outside:
        text += f", {outside} of them beyond the process limits" if count > 1 else ""
    elif rules == {"two_in_three"}:
        text += ", close to or beyond the process limit"
    return text


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _kind(point_type: str) -> str:
    return {"improvement": "improvement", "concern": "concern"}.get(point_type, "variation")


@dataclass(frozen=True)
class Reading:
    """A chart in words."""

    variation_title: str
    variation_text: str
    assurance_title: str | None
    assurance_text: str
    summary: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.summary)


def read(result: SPCResult) -> Reading:
    """Describe ``result`` in words: the icons and a summary of a few sentences."""
    numbers = Numbers.for_result(result)
    dates = Dates.for_result(result)
    observed = [point for point in result.points if point.value is not None]
    last = observed[-1]
    chart = result.chart
    summary: list[str] = []
    found = episodes(result)
    latest = found[-1] if found and found[-1].points[-1].index == last.index else None
    if latest is not None:
        first = latest.points[0]
        when = (
            f"at the latest point, {dates.long(first)}"
            if len(latest.points) == 1
            else f"since {dates.long(first)}"
        )
        summary.append(
            f"Special cause {_kind(latest.point_type)} {when}: {_describe(latest, chart)}."
        )
        earlier = found[:-1]
    elif chart == "run":
        summary.append(_runs_sentence(result))
        earlier = []
    else:
        summary.append(
            f"Common cause variation: the latest point, {dates.long(last)}, is "
            f"{numbers.value(last.value)} and no rule signals a change."
        )
        earlier = found
    if earlier:
        shown = earlier[-3:]
        parts = [
            f"{_kind(episode.point_type)} "
            + (
                dates.at(episode.points[0])
                if len(episode.points) == 1
                else f"from {dates.long(episode.points[0])} to {dates.long(episode.points[-1])}"
            )
            + f" ({_describe(episode, chart)})"
            for episode in shown
        ]
        more = len(earlier) - len(shown)
        summary.append(
            "Earlier special cause "
            + "; ".join(parts)
            + (f"; and {_count(more, 'earlier episode')}" if more else "")
            + "."
        )
    summary.append(_lines_sentence(result, numbers, dates))
    target = result.options.get("target")
    assurance_title = ASSURANCE_TITLES.get(result.assurance or "")
    if result.assurance is not None:
        assurance_text = ASSURANCE_TEXTS[result.assurance]
        summary.append(
            f"The target is {numbers.line(target) if numbers.percent else numbers.plain(target)}: "
            f"{assurance_title.lower() if assurance_title else ''}."
        )
    elif target is None:
        assurance_text = "No target was given, so there is no assurance icon."
    elif result.options.get("direction") == "neutral":
        assurance_text = (
            "No assurance icon: say whether higher or lower is better to compare the process "
            "limits with the target."
        )
    else:
        assurance_text = "No assurance icon: this chart has no process limits to compare."
    return Reading(
        variation_title=VARIATION_TITLES[result.variation],
        variation_text=VARIATION_TEXTS[result.variation],
        assurance_title=assurance_title,
        assurance_text=assurance_text,
        summary=tuple(summary),
    )


def _runs_sentence(result: SPCResult) -> str:
    segment = result.segments[-1]
    runs = segment.runs
    if not result.runs_signal:
        return "The runs analysis finds only random variation around the median."
    reasons = []
    if (
        runs.longest_run is not None
        and runs.longest_run_max is not None
        and runs.longest_run > runs.longest_run_max
    ):
        reasons.append(
            f"the longest run on one side of the median is {runs.longest_run} points "
            f"(more than {runs.longest_run_max} signals a shift)"
        )
    if (
        runs.crossings is not None
        and runs.crossings_min is not None
        and runs.crossings < runs.crossings_min
    ):
        reasons.append(
            f"the line crosses the median {_count(runs.crossings, 'time')} "
            f"(fewer than {runs.crossings_min} signals a change)"
        )
    if not reasons:
        return "The runs analysis finds non-random variation in an earlier segment."
    return "The runs analysis finds non-random variation: " + " and ".join(reasons) + "."


def _lines_sentence(result: SPCResult, numbers: Numbers, dates: Dates) -> str:
    segment = result.segments[-1]
    points = result.points[segment.start : segment.end + 1]
    last = next((p for p in reversed(points) if p.centre is not None), points[-1])
    prefix = ""
    if len(result.segments) > 1:
        start = result.points[segment.start]
        prefix = (
            f"The chart has {len(result.segments)} segments; since the latest rebase, at "
            f"{dates.long(start)}, "
        )
    else:
        prefix = "Over the whole chart, "
    centre = centre_name(result.chart)
    if last.centre is None:
        return prefix + "there are too few values for a centre line."
    text = prefix + f"the {centre} is {numbers.line(last.centre)}"
    if last.lower_limit is not None and last.upper_limit is not None:
        varying = (
            result.chart in ("p", "u")
            and len({p.upper_limit for p in points if p.upper_limit is not None}) > 1
        )
        text += (
            f" and the process limits {'at the latest point ' if varying else ''}are "
            f"{numbers.line(last.lower_limit)} to {numbers.line(last.upper_limit)}"
        )
        if varying:
            text += " (they vary with the denominator)"
    if segment.trial_limits:
        text += "; these are trial limits, resting on fewer than 13 points"
    return text + "."


def table_rows(
    result: SPCResult,
    *,
    numerators: Sequence[float | None] | None = None,
    denominators: Sequence[float | None] | None = None,
    annotations: Sequence[str] = (),
) -> list[dict[str, str]]:
    """The data table, one row a point, every cell already formatted."""
    numbers = Numbers.for_result(result)
    dates = Dates.for_result(result)
    rows = []
    for point in result.points:
        rows.append(
            {
                "number": str(point.index + 1),
                "date": dates.long(point) if point.date else "",
                "numerator": "" if numerators is None else numbers.plain(numerators[point.index]),
                "denominator": (
                    "" if denominators is None else numbers.plain(denominators[point.index])
                ),
                "value": numbers.value(point.value) if point.value is not None else "Missing",
                "centre": numbers.line(point.centre),
                "lower_limit": numbers.line(point.lower_limit),
                "upper_limit": numbers.line(point.upper_limit),
                "rule": RULE_LABELS.get(point.rule or "", ""),
                "point_type": POINT_TYPE_LABELS.get(point.point_type or "", ""),
                "annotation": annotations[point.index] if annotations else "",
            }
        )
    return rows
