"""A chart's downloads: the SVG as a file, a PNG of it, and the data with its lines as CSV."""

from __future__ import annotations

import csv
import io

import cairosvg
from django.utils.text import slugify

from qihub.core.exports import spreadsheet_text
from qihub.spc import SPCResult

from .reading.formats import Numbers
from .series import Series

#: The PNG is drawn at twice the SVG's size, sharp on high-density screens and in slides.
PNG_SCALE = 2


def filename(title: str, extension: str) -> str:
    """``a-e-four-hour-performance.svg``, or ``spc-chart.svg`` without a title."""
    return f"{slugify(title)[:60].strip('-') or 'spc-chart'}.{extension}"


def svg_to_png(svg: str) -> bytes:
    """Rasterise one of our own SVGs (never one a user supplied) with cairo."""
    png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=PNG_SCALE)
    return png


def _text_cell(text: str | None) -> str:
    return spreadsheet_text(text or "")


def _number_cell(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def result_csv(result: SPCResult, series: Series) -> str:
    """Every point with its centre, limits, rule and type, each number with the decimals the
    page and the chart show (numerators and denominators as given)."""
    ratio = series.denominators is not None
    numbers = Numbers.for_result(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "point",
            "date",
            *(["numerator", "denominator"] if ratio else []),
            "value",
            "centre",
            "lower_limit",
            "upper_limit",
            "lower_2sigma",
            "upper_2sigma",
            "rule",
            "point_type",
            "annotation",
        ]
    )
    for point in result.points:
        ratio_cells = (
            [
                _number_cell(series.values[point.index]),
                _number_cell(series.denominators[point.index]),
            ]
            if series.denominators is not None
            else []
        )
        writer.writerow(
            [
                point.index + 1,
                _text_cell(point.date),
                *ratio_cells,
                numbers.csv_value(point.value),
                numbers.csv_line(point.centre),
                numbers.csv_line(point.lower_limit),
                numbers.csv_line(point.upper_limit),
                numbers.csv_line(point.lower_2sigma),
                numbers.csv_line(point.upper_2sigma),
                point.rule or "",
                point.point_type or "",
                _text_cell(series.annotation(point.index)),
            ]
        )
    return buffer.getvalue()
