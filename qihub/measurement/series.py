"""A measure's series as people hand it over: CSV text, read in one place for the CLI, the API
and the /spc/ page, so that every door gives the same answer and the same error message. An
uploaded file is CSV or XLSX (its first sheet), read by the shared tabular reader
(:mod:`qihub.core.tabular`).

The CSV has a header. Its columns, in any order, case and spacing ignored:

* ``value`` — the measure (every chart but p and u);
* ``numerator`` and ``denominator`` — for p and u charts;
* ``date`` — optional: ISO (2024-03-01), UK (01/03/2024) or month (Mar 2024) dates become ISO
  dates; any other label (``Week 12``) is kept as it is;
* ``annotation`` — optional: a note on the point, such as a PDSA cycle, drawn on the chart.

A header with other names (``Month``, ``4-hour %``) has its date and value columns guessed or
chosen (:mod:`qihub.measurement.columns`); numbers may have thousands separators and per cent
signs (:mod:`qihub.measurement.cells`). Points whose every date is a date are put in date
order, with a notice saying how many rows moved; two points with one date are refused, except
on g and t charts (two events can fall on one day).

Commas separate the cells; a header with more tabs (cells pasted from a spreadsheet) or
semicolons than commas switches to that separator. Blank lines are skipped. An empty cell,
``NA``, ``N/A``, ``null`` or ``NaN`` is a missing value, which the engine skips and reports.

Errors are :class:`SeriesError`, one line naming the row (as a spreadsheet numbers it, the
header being row 1: the line of the file unless a quoted cell spans lines) and the column.
"""

from __future__ import annotations

import bisect
import csv
import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from qihub.core.tabular import (
    TableError,
    cell_text,
    decode_text,
    looks_binary,
    read_table,
)
from qihub.spc import SPCError

from .cells import is_ambiguous_comma, normalise_date, parse_date, read_number
from .columns import (
    COLUMNS,
    HEADER_HELP,
    RATIO_CHARTS,
    Columns,
    PastedTable,
    choose_columns,
    read_pasted,
)
from .errors import SeriesError

__all__ = [
    "COLUMNS",
    "HEADER_HELP",
    "MAX_CSV_CHARS",
    "MAX_POINTS",
    "RATIO_CHARTS",
    "Series",
    "SeriesError",
    "normalise_date",
    "parse_date",
    "read_csv",
    "read_series",
    "upload_text",
    "write_csv",
]

#: The most points one chart takes, wherever it comes from.
MAX_POINTS = 10_000
#: The most characters of CSV text one chart takes (10,000 rows with dates and notes fit).
MAX_CSV_CHARS = 1_000_000
#: Charts of events, where two points may share a date.
_EVENT_CHARTS = ("g", "t")
_ROWS_NAMED = 3
_T = TypeVar("_T")


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
    #: The headings the values and dates were read from, for messages.
    value_column: str = "value"
    date_column: str = "date"
    #: What the reader did to the data that the person should know (rows put in date order).
    notices: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.values)

    def annotation(self, index: int) -> str:
        return self.annotations[index] if self.annotations else ""

    def explain(self, error: SPCError, *, chart: str) -> SeriesError:
        """The engine's error in the reader's terms: the row and column of a CSV series."""
        message = str(error)
        if self.rows is None or error.index is None or error.field not in _FIELDS:
            return SeriesError(message, field=error.field)
        index = error.index
        column = {
            "values": "numerator" if chart in RATIO_CHARTS else self.value_column,
            "denominators": "denominator",
            "dates": self.date_column,
        }[error.field]
        number = (self.denominators if error.field == "denominators" else self.values) or ()
        shown = _shown_number(number[index]) if index < len(number) else "the value"
        message = message.replace(f"{error.field}[{index}]", shown, 1)
        return SeriesError(message, row=self.rows[index], column=column, field=error.field)


_FIELDS = ("values", "denominators", "dates")


def _shown_number(value: float | None) -> str:
    if value is None:
        return "the value"
    return f"{value:g}"


def read_csv(
    text: str,
    *,
    chart: str,
    date_column: str | None = None,
    value_column: str | None = None,
    title: str = "",
) -> Series:
    """Read a CSV series for ``chart``; raise :class:`SeriesError` naming the row and column.

    ``date_column`` and ``value_column`` choose the columns by their heading (``""`` for no
    dates); where None they are guessed, the value preferring a heading like ``title``.
    """
    if len(text) > MAX_CSV_CHARS:
        raise _too_long()
    table = read_pasted(text)
    columns = choose_columns(table, chart=chart, date=date_column, value=value_column, title=title)
    return read_series(table, columns, chart=chart)


def read_series(table: PastedTable, columns: Columns, *, chart: str) -> Series:
    """The series in ``columns`` of ``table``, in date order when every date is a date."""
    width = len(table.header)
    if len(table.rows) > MAX_POINTS:
        raise SeriesError(
            f"more than {MAX_POINTS:,} rows of data; a chart takes at most {MAX_POINTS:,} points",
            row=table.rows[MAX_POINTS][0],
        )
    position = {name: index for index, name in enumerate(table.header)}
    ratio = chart in RATIO_CHARTS
    # choose_columns gives a value column on every chart but p and u.
    value_at = _position(table, "numerator") if ratio else position[columns.value or ""]
    value_name = "numerator" if ratio else columns.name(columns.value or "")
    denominator_at = _position(table, "denominator") if ratio else None
    date_at = None if columns.date is None else position[columns.date]
    annotation_at = None if columns.annotation is None else position[columns.annotation]
    values: list[float | None] = []
    denominators: list[float | None] = []
    dates: list[str | None] = []
    annotations: list[str] = []
    rows: list[int] = []
    for row, cells in table.rows:
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]
        if len(cells) != width:
            quotes = (
                "; a cell with a comma in it, such as 1,234, needs quotes around it"
                if len(cells) > width
                else ""
            )
            raise SeriesError(
                f"expected {width} cells ({','.join(columns.name(h) for h in table.header)}), "
                f"found {len(cells)}{quotes}",
                row=row,
            )
        values.append(_number(cells[value_at], row=row, column=value_name))
        if denominator_at is not None:
            denominators.append(_number(cells[denominator_at], row=row, column="denominator"))
        if date_at is not None:
            dates.append(normalise_date(cells[date_at]))
        annotations.append("" if annotation_at is None else " ".join(cells[annotation_at].split()))
        rows.append(row)
    series = Series(
        values=tuple(values),
        dates=tuple(dates) if date_at is not None else None,
        denominators=tuple(denominators) if ratio else None,
        annotations=tuple(annotations) if any(annotations) else (),
        rows=tuple(rows),
        value_column=value_name,
        date_column=columns.name(columns.date or "date"),
        notices=() if ratio else _comma_notice(table, value_at, value_name),
    )
    return _in_date_order(series, chart=chart)


def _comma_notice(table: PastedTable, position: int, column: str) -> tuple[str, ...]:
    """A notice when the column's commas could be decimal points: every number with one has
    one comma and three digits after it (``1,234``), and no number has a decimal point."""
    cells = [(row, cells[position].strip()) for row, cells in table.rows]
    if any("." in cell for _, cell in cells):
        return ()
    row, cell = next(((row, cell) for row, cell in cells if is_ambiguous_comma(cell)), (0, ""))
    if not cell:
        return ()
    return (
        f"numbers in column {column} such as {cell} (row {row}) were read with the comma "
        f"separating thousands ({read_number(cell):g}); if your commas are decimal points, "
        "write them as points",
    )


def _position(table: PastedTable, key: str) -> int:
    return [name.lower() for name in table.header].index(key)


def _number(cell: str, *, row: int, column: str) -> float | None:
    try:
        return read_number(cell)
    except SeriesError as error:
        raise SeriesError(str(error), row=row, column=column) from None


def _in_date_order(series: Series, *, chart: str) -> Series:
    """The series sorted by date, with a notice naming the rows that moved, when every date is
    a date; two points with one date refused but on g and t charts."""
    parsed = [parse_date(date) for date in series.dates or ()]
    if not parsed or None in parsed:
        return series
    rows = series.rows or tuple(range(1, len(series) + 1))
    days = [date.toordinal() for date in parsed if date is not None]
    if chart not in _EVENT_CHARTS:
        first_row: dict[int, int] = {}
        for day, row, label in zip(days, rows, series.dates or (), strict=True):
            if day in first_row:
                raise SeriesError(
                    f"the date {label} is on row {first_row[day]} too: each date is one point, "
                    "so remove or combine the repeated row",
                    row=row,
                    column=series.date_column,
                )
            first_row[day] = row
    order = sorted(range(len(days)), key=days.__getitem__)
    if order == list(range(len(days))):
        return series
    moved = [rows[index] for index in sorted(_moved(days))]
    named = ", ".join(str(row) for row in moved[:_ROWS_NAMED])
    more = f" and {len(moved) - _ROWS_NAMED:,} more" if len(moved) > _ROWS_NAMED else ""
    notice = (
        f"the dates were not in order: {len(moved):,} row{'s' if len(moved) > 1 else ''} "
        f"(row{'s' if len(moved) > 1 else ''} {named}{more}) moved to put the points in date "
        "order; check that is what you meant"
    )

    return replace(
        series,
        values=_reorder(series.values, order),
        dates=_reorder(series.dates, order) if series.dates is not None else None,
        denominators=(
            _reorder(series.denominators, order) if series.denominators is not None else None
        ),
        annotations=_reorder(series.annotations, order) if series.annotations else (),
        rows=_reorder(rows, order),
        notices=(*series.notices, notice),
    )


def _reorder(items: tuple[_T, ...], order: list[int]) -> tuple[_T, ...]:
    return tuple(items[index] for index in order)


def _moved(keys: list[int]) -> set[int]:
    """The fewest positions to move for ``keys`` to be in order: those outside a longest
    non-decreasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []  # the smallest last key of a subsequence of each length
    tail_at: list[int] = []
    previous = [-1] * len(keys)
    for index, key in enumerate(keys):
        length = bisect.bisect_right(tails, key)
        if length == len(tails):
            tails.append(key)
            tail_at.append(index)
        else:
            tails[length] = key
            tail_at[length] = index
        previous[index] = tail_at[length - 1] if length else -1
    kept: set[int] = set()
    index = tail_at[-1] if tail_at else -1
    while index != -1:
        kept.add(index)
        index = previous[index]
    return set(range(len(keys))) - kept


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
    of an XLSX file written out as CSV (date cells as ISO dates, percentage cells as shown,
    ``73.7%``, short rows filled out)."""
    if Path(filename).suffix.lower() not in (".xlsx", ".xls"):
        return decode_upload(data)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    width = 0
    try:
        for _, cells in read_table(data, filename=filename, max_rows=MAX_POINTS, percents=True):
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
