"""How a chart's names, numbers and dates are written, the same on the page, in the table and in
the SVG."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from qihub.spc import Point, SPCResult

from ..series import parse_date

CHART_NAMES = {
    "run": "run chart",
    "xmr": "XmR chart",
    "p": "p chart",
    "u": "u chart",
    "c": "c chart",
    "g": "g chart",
    "t": "t chart",
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

    def csv_line(self, number: float | None) -> str:
        """A centre or limit for a CSV file: the decimals shown, without a per cent sign or
        thousands separators (a p chart's proportion with two more decimals: 73.7% is 0.737)."""
        return _csv(number, self.decimals + 2 if self.percent else self.decimals)

    def csv_value(self, number: float | None) -> str:
        """A data value for a CSV file, with the decimals shown."""
        return _csv(number, self.decimals + 2 if self.percent else self.value_decimals)

    def plain(self, number: float | None) -> str:
        """A number as the person typed it (targets, numerators)."""
        if number is None:
            return ""
        return f"{number:,.0f}" if float(number).is_integer() else f"{number:,g}"


def _csv(number: float | None, decimals: int) -> str:
    if number is None:
        return ""
    text = f"{number:.{decimals}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text  # no "-0.0"


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
