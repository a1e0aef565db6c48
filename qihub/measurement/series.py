"""A measure's series as people hand it over: CSV text, read in one place for the CLI, the API
and the /spc/ page, so that every door gives the same answer and the same error message. An
uploaded file is CSV or XLSX (its first sheet), read by the shared tabular reader
(:mod:`qihub.core.tabular`).

The CSV has a header. Its columns, in any order, case and spacing ignored:

* ``value`` — the measure (every chart but p and u);
* ``numerator`` and ``denominator`` — for p and u charts;
* ``date`` — optional: ISO (2024-03-01) or UK (01/03/2024) dates become ISO dates; any other
  label (``Week 12``) is kept as it is;
* ``annotation`` — optional: a note on the point, such as a PDSA cycle, drawn on the chart.

Commas separate the cells; a header with more tabs (cells pasted from a spreadsheet) or
semicolons than commas switches to that separator. Blank lines are skipped. An empty cell,
``NA``, ``N/A``, ``null`` or ``NaN`` is a missing value, which the engine skips and reports.

Errors are :class:`SeriesError`, one line naming the row (as a spreadsheet numbers it, the
header being row 1: the line of the file unless a quoted cell spans lines) and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from qihub.core.tabular import (
    TableError,
    cell_text,
    csv_rows,
    decode_text,
    looks_binary,
    read_table,
)
from qihub.spc import SPCError

#: The most points one chart takes, wherever it comes from.
MAX_POINTS = 10_000
#: The most characters of CSV text one chart takes (10,000 rows with dates and notes fit).
MAX_CSV_CHARS = 1_000_000
RATIO_CHARTS = ("p", "u")
COLUMNS = ("date", "value", "numerator", "denominator", "annotation")
HEADER_HELP = (
    "value, or date,value, or date,numerator,denominator for p and u charts "
    "(annotation is optional)"
)
_MISSING = frozenset({"", "na", "n/a", "null", "nan"})
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_SHOWN_CHARS = 40


class SeriesError(ValueError):
    """Bad input, as one line naming where it is: ``row 5, column value: 'abc' is not a number``.

    ``row`` is the row of the CSV file (the header is row 1), ``column`` the column's name (or
    its number, counting from 1, in the header); either is None when it does not apply. ``field``
    is the engine's name for the input or option at fault (``values``, ``rebase``, …), if known.
    """

    def __init__(
        self,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        field: str | None = None,
    ):
        where = ", ".join(
            part
            for part in (
                f"row {row}" if row is not None else "",
                f"column {column}" if column is not None else "",
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.row = row
        self.column = column
        self.field = field


@dataclass(frozen=True)
class Series:
    """One measure's points in time order, ready for :func:`qihub.spc.analyse`.

    ``values`` are the numerators on p and u charts. ``rows`` holds each point's row in the CSV
    it was read from (None for a series that came as JSON arrays), so that the engine's errors,
    which name a position, can name the row instead.
    """

    values: tuple[float | None, ...]
    dates: tuple[str | None, ...] | None = None
    denominators: tuple[float | None, ...] | None = None
    annotations: tuple[str, ...] = ()
    rows: tuple[int, ...] | None = None

    def __len__(self) -> int:
        return len(self.values)

    def annotation(self, index: int) -> str:
        return self.annotations[index] if self.annotations else ""

    def explain(self, error: SPCError, *, chart: str) -> SeriesError:
        """The engine's error in the reader's terms: the row and column of a CSV series."""
        message = str(error)
        if self.rows is None or error.index is None or error.field not in _FIELD_COLUMNS:
            return SeriesError(message, field=error.field)
        index = error.index
        column = _FIELD_COLUMNS[error.field]
        if column == "value" and chart in RATIO_CHARTS:
            column = "numerator"
        number = (self.denominators if error.field == "denominators" else self.values) or ()
        shown = _shown_number(number[index]) if index < len(number) else "the value"
        message = message.replace(f"{error.field}[{index}]", shown, 1)
        return SeriesError(message, row=self.rows[index], column=column, field=error.field)


_FIELD_COLUMNS = {"values": "value", "denominators": "denominator", "dates": "date"}


def _shown_number(value: float | None) -> str:
    if value is None:
        return "the value"
    return f"{value:g}"


def _shown(cell: str) -> str:
    return repr(cell if len(cell) <= _SHOWN_CHARS else cell[:_SHOWN_CHARS] + "…")


def _number(cell: str, *, row: int, column: str) -> float | None:
    text = cell.strip()
    if text.lower() in _MISSING:
        return None
    try:
        number = float(text)
    except ValueError:
        raise SeriesError(f"{_shown(text)} is not a number", row=row, column=column) from None
    if not math.isfinite(number):
        raise SeriesError(f"{_shown(text)} is not a finite number", row=row, column=column)
    return number


def normalise_date(text: str) -> str | None:
    """ISO for ISO or UK (day/month/year) dates; any other label unchanged; None if empty."""
    text = text.strip()
    if not text:
        return None
    uk = _UK_DATE.match(text)
    try:
        if uk:
            day, month, year = (int(part) for part in uk.groups())
            return dt.date(year, month, day).isoformat()
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return text


def parse_date(label: str | None) -> dt.date | None:
    """The date an ISO date label stands for, or None for any other label."""
    if not label:
        return None
    try:
        return dt.date.fromisoformat(label)
    except ValueError:
        return None


def _header(cells: list[str], *, row: int, chart: str) -> list[str]:
    names = [cell.strip().lower() for cell in cells]
    while names and not names[-1]:
        names.pop()  # a spreadsheet's trailing separators
    for position, name in enumerate(names, start=1):
        if name in COLUMNS:
            continue
        if _looks_like_data(name):
            raise SeriesError(
                f"the first row must be a header naming the columns: {HEADER_HELP}", row=row
            )
        raise SeriesError(
            f"unknown column {_shown(cells[position - 1].strip())}; the columns are {HEADER_HELP}",
            row=row,
            column=str(position),
        )
    for name in set(names):
        if names.count(name) > 1:
            raise SeriesError(f"the column {name} appears more than once", row=row)
    present = set(names)
    ratio_columns = present & {"numerator", "denominator"}
    if chart not in RATIO_CHARTS and ratio_columns:
        raise SeriesError(
            "numerator and denominator columns are for p and u charts; choose one of those "
            "or give a value column",
            row=row,
        )
    if chart in RATIO_CHARTS:
        if not {"numerator", "denominator"} <= present:
            raise SeriesError(
                f"a {chart} chart needs numerator and denominator columns "
                "(date,numerator,denominator)",
                row=row,
            )
        if "value" in present:
            raise SeriesError(
                f"a {chart} chart takes numerator and denominator columns, not value", row=row
            )
    elif "value" not in present:
        raise SeriesError(
            f"the data needs a value column (value, or date,value); found {', '.join(names)}",
            row=row,
        )
    return names


def _looks_like_data(name: str) -> bool:
    """A first row of numbers or dates is data, not a header."""
    try:
        float(name)
    except ValueError:
        return parse_date(normalise_date(name)) is not None
    return True


def read_csv(text: str, *, chart: str) -> Series:
    """Read a CSV series for ``chart``; raise :class:`SeriesError` naming the row and column."""
    if len(text) > MAX_CSV_CHARS:
        raise _too_long()
    if not text.removeprefix("\ufeff").strip():
        raise SeriesError(f"there is no data: give a header ({HEADER_HELP}) and then the rows")
    names: list[str] | None = None
    values: list[float | None] = []
    denominators: list[float | None] = []
    dates: list[str | None] = []
    annotations: list[str] = []
    rows: list[int] = []
    try:
        for row, cells in csv_rows(text):
            if not any(cell.strip() for cell in cells):
                continue
            if names is None:
                names = _header(cells, row=row, chart=chart)
                continue
            if len(cells) > len(names) and not any(c.strip() for c in cells[len(names) :]):
                cells = cells[: len(names)]
            if len(cells) != len(names):
                raise SeriesError(
                    f"expected {len(names)} cells ({','.join(names)}), found {len(cells)}",
                    row=row,
                )
            if len(values) == MAX_POINTS:
                raise SeriesError(
                    f"more than {MAX_POINTS:,} rows of data; a chart takes at most "
                    f"{MAX_POINTS:,} points",
                    row=row,
                )
            record = dict(zip(names, cells, strict=True))
            value_column = "numerator" if chart in RATIO_CHARTS else "value"
            values.append(_number(record[value_column], row=row, column=value_column))
            if chart in RATIO_CHARTS:
                denominators.append(_number(record["denominator"], row=row, column="denominator"))
            if "date" in record:
                dates.append(normalise_date(record["date"]))
            annotations.append(" ".join(record.get("annotation", "").split()))
            rows.append(row)
    except TableError as error:
        if error.reason is None:
            raise SeriesError(str(error)) from None
        raise SeriesError(f"this is not valid CSV: {error.reason}", row=error.row) from None
    if names is None or not values:
        raise SeriesError("there are no rows of data under the header")
    return Series(
        values=tuple(values),
        dates=tuple(dates) if "date" in names else None,
        denominators=tuple(denominators) if chart in RATIO_CHARTS else None,
        annotations=tuple(annotations) if any(annotations) else (),
        rows=tuple(rows),
    )


def _too_long() -> SeriesError:
    return SeriesError(
        f"the data is longer than {MAX_CSV_CHARS:,} characters; "
        f"a chart takes at most {MAX_POINTS:,} points"
    )


def decode_upload(data: bytes) -> str:
    """The text of an uploaded CSV file, in any encoding the shared reader knows."""
    if looks_binary(data):
        raise SeriesError(
            "the file is not a CSV file (it looks like a spreadsheet or another binary file); "
            "save it as CSV and upload that"
        )
    try:
        return decode_text(data)
    except TableError as error:
        raise SeriesError(str(error)) from None


def upload_text(data: bytes, *, filename: str) -> str:
    """An uploaded file as CSV text for :func:`read_csv`: a CSV file decoded, or the first sheet
    of an XLSX file written out as CSV (date cells as ISO dates, short rows filled out)."""
    if Path(filename).suffix.lower() not in (".xlsx", ".xls"):
        return decode_upload(data)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    width = 0
    try:
        for _, cells in read_table(data, filename=filename, max_rows=MAX_POINTS):
            texts = [cell_text(cell) for cell in cells]
            if not width and any(texts):
                width = len(texts)  # the header's
            writer.writerow(texts + [""] * (width - len(texts)) if any(texts) else [])
            if buffer.tell() > MAX_CSV_CHARS:
                raise _too_long()
    except TableError as error:
        raise SeriesError(str(error)) from None
    return buffer.getvalue()


def write_csv(series: Series) -> str:
    """The series as CSV text that :func:`read_csv` reads back to the same series."""
    ratio = series.denominators is not None
    header = (["date"] if series.dates is not None else []) + (
        ["numerator", "denominator"] if ratio else ["value"]
    )
    if series.annotations:
        header.append("annotation")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for index, value in enumerate(series.values):
        row: list[str] = []
        if series.dates is not None:
            row.append(series.dates[index] or "")
        row.append(_cell(value))
        if series.denominators is not None:
            row.append(_cell(series.denominators[index]))
        if series.annotations:
            row.append(series.annotations[index])
        writer.writerow(row)
    return buffer.getvalue()


def _cell(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)
