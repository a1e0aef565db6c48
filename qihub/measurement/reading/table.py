"""The data as a table: one row a point, every cell already formatted, and the columns a chart
needs (no limits on a run chart, numerators and denominators on p and u charts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qihub.spc import SPCResult

from ..series import Series
from .formats import Dates, Numbers, centre_name

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


def table_rows(
    result: SPCResult,
    *,
    numerators: Sequence[float | None] | None = None,
    denominators: Sequence[float | None] | None = None,
    annotations: Sequence[str] = (),
    latest: int | None = None,
) -> list[dict[str, str]]:
    """The data table, one row a point, every cell already formatted; only the ``latest``
    points when it is given (formatted as in the whole table)."""
    numbers = Numbers.for_result(result)
    dates = Dates.for_result(result)
    rows = []
    points = result.points
    if latest is not None:
        points = points[max(len(points) - latest, 0) :]
    for point in points:
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


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class Cell:
    """One cell, with its column's label for the responsive table's per-cell heading."""

    label: str
    text: str
    numeric: bool


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]


def _columns(result: SPCResult, series: Series, unit: str) -> list[Column]:
    columns = [Column("number", "Point")]
    if series.dates is not None:
        columns.append(Column("date", "Date"))
    if series.denominators is not None:
        columns += [
            Column("numerator", "Numerator", True),
            Column("denominator", "Denominator", True),
        ]
    columns += [
        Column("value", f"Value ({unit})" if unit else "Value", True),
        Column("centre", centre_name(result.chart).capitalize(), True),
    ]
    if result.chart != "run":
        columns += [
            Column("lower_limit", "Lower limit", True),
            Column("upper_limit", "Upper limit", True),
            Column("rule", "Rule"),
            Column("point_type", "Type"),
        ]
    if series.annotations:
        columns.append(Column("annotation", "Note"))
    return columns


def data_table(
    result: SPCResult, series: Series, *, unit: str = "", latest: int | None = None
) -> Table:
    """The table of ``series`` analysed as ``result``; ``unit`` names what a value counts. With
    ``latest``, only that many of the latest points."""
    ratio = series.denominators is not None
    rows = table_rows(
        result,
        numerators=series.values if ratio else None,
        denominators=series.denominators,
        annotations=series.annotations,
        latest=latest,
    )
    columns = tuple(_columns(result, series, unit))
    return Table(
        columns=columns,
        rows=tuple(
            tuple(Cell(column.label, row[column.key], column.numeric) for column in columns)
            for row in rows
        ),
    )
