"""The summary: a few sentences generated from the result, such as "Special cause improvement
since March 2024: 7 points above the mean."."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.defaultfilters import pluralize

from qihub.spc import Point, SPCResult

from .formats import Dates, Numbers, centre_name
from .icons import ASSURANCE_TITLES, VARIATION_TEXTS, VARIATION_TITLES, assurance_text

#: The summary names at most this many earlier episodes of special cause, the latest ones.
EARLIER_SHOWN = 3


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


def read(result: SPCResult) -> Reading:
    """Describe ``result`` in words: the icons and a summary of a few sentences."""
    numbers = Numbers.for_result(result)
    dates = Dates.for_result(result)
    latest, earlier = _latest_sentence(result, numbers, dates)
    summary = [latest]
    if earlier:
        summary.append(_earlier_sentence(earlier, result.chart, dates))
    summary.append(_lines_sentence(result, numbers, dates))
    if result.assurance is not None:
        summary.append(_target_sentence(result, numbers))
    return Reading(
        variation_title=VARIATION_TITLES[result.variation],
        variation_text=VARIATION_TEXTS[result.variation],
        assurance_title=ASSURANCE_TITLES.get(result.assurance or ""),
        assurance_text=assurance_text(result),
        summary=tuple(summary),
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{pluralize(number)}"


def _kind(point_type: str) -> str:
    return {"improvement": "improvement", "concern": "concern"}.get(point_type, "variation")


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


def _latest_sentence(
    result: SPCResult, numbers: Numbers, dates: Dates
) -> tuple[str, list[Episode]]:
    """The sentence on the latest point, and the episodes of special cause before it."""
    last = [point for point in result.points if point.value is not None][-1]
    found = episodes(result)
    if found and found[-1].points[-1].index == last.index:
        latest = found[-1]
        first = latest.points[0]
        when = (
            f"at the latest point, {dates.long(first)}"
            if len(latest.points) == 1
            else f"since {dates.long(first)}"
        )
        sentence = f"Special cause {_kind(latest.point_type)} {when}: "
        return sentence + f"{_describe(latest, result.chart)}.", found[:-1]
    if result.chart == "run":
        return _runs_sentence(result), []
    return (
        f"Common cause variation: the latest point, {dates.long(last)}, is "
        f"{numbers.value(last.value)} and no rule signals a change.",
        found,
    )


def _earlier_sentence(earlier: list[Episode], chart: str, dates: Dates) -> str:
    shown = earlier[-EARLIER_SHOWN:]
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
    return (
        "Earlier special cause "
        + "; ".join(parts)
        + (f"; and {_count(more, 'earlier episode')}" if more else "")
        + "."
    )


def _runs_sentence(result: SPCResult) -> str:
    runs = result.segments[-1].runs
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
    if len(result.segments) > 1:
        prefix = (
            f"The chart has {len(result.segments)} segments; since the latest rebase, at "
            f"{dates.long(result.points[segment.start])}, "
        )
    else:
        prefix = "Over the whole chart, "
    if last.centre is None:
        return prefix + "there are too few values for a centre line."
    text = prefix + f"the {centre_name(result.chart)} is {numbers.line(last.centre)}"
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


def _target_sentence(result: SPCResult, numbers: Numbers) -> str:
    target = result.options.get("target")
    shown = numbers.line(target) if numbers.percent else numbers.plain(target)
    return f"The target is {shown}: {ASSURANCE_TITLES[result.assurance or ''].lower()}."
