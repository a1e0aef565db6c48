"""Which of the pasted columns is the date and which the value.

A header that names its columns ``date`` and ``value`` (or ``numerator`` and ``denominator``
for p and u charts) says which is which. Otherwise, as when cells come straight from a
spreadsheet (``Month``, ``4-hour %``, ``Attendances``), the columns are guessed, and the person
can choose others:

* the date: a column headed ``date``; else the first column whose every cell is a date; else
  the first headed like one (``Month``, ``Week``, ``Period``…), whose labels are kept;
* the value: a column headed ``value``; else, of the columns whose every cell is a number, the
  one whose heading shares most words with the chart's title, else the first; else the first
  column left (whose cells that are not numbers the reader then names).

Any other column is left out, except ``annotation``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qihub.core.tabular import TableError, csv_rows

from .cells import MISSING, is_date, is_number, normalise_date, parse_date, shown
from .errors import SeriesError

RATIO_CHARTS = ("p", "u")
COLUMNS = ("date", "value", "numerator", "denominator", "annotation")
HEADER_HELP = (
    "value, or date,value, or date,numerator,denominator for p and u charts "
    "(annotation is optional)"
)
_DATE_WORDS = frozenset({"date", "day", "week", "month", "quarter", "year", "period", "time"})
_TITLE_STOP_WORDS = frozenset({"a", "an", "and", "by", "for", "in", "of", "per", "the", "to"})
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class PastedTable:
    """Pasted or uploaded CSV text as rows of cells: the header and the rows under it, each
    with its row number as a spreadsheet shows it (blank rows skipped)."""

    header_row: int
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]

    @property
    def signature(self) -> str:
        """The header in one line, so that a choice of columns is applied to the same header."""
        return "\t".join(self.header)


@dataclass(frozen=True)
class Columns:
    """The columns a series is read from, by their heading in ``header``.

    ``value`` is None on p and u charts, which read ``numerator`` and ``denominator``.
    ``guessed`` is whether the header does not say which is which (the page then shows the
    choice).
    """

    header: tuple[str, ...]
    date: str | None
    value: str | None
    annotation: str | None
    guessed: bool

    def name(self, heading: str) -> str:
        """A column as a message names it: a column of the standard format by its own name."""
        return heading.lower() if heading.lower() in COLUMNS else heading


def read_pasted(text: str) -> PastedTable:
    """The header and rows of CSV text; raise :class:`SeriesError` if it has none."""
    if not text.removeprefix("\ufeff").strip():
        raise SeriesError(f"there is no data: give a header ({HEADER_HELP}) and then the rows")
    header: tuple[str, ...] | None = None
    header_row = 0
    rows: list[tuple[int, tuple[str, ...]]] = []
    try:
        for row, cells in csv_rows(text):
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header, header_row = _header(cells, row=row), row
            else:
                rows.append((row, tuple(cells)))
    except TableError as error:
        if error.reason is None:
            raise SeriesError(str(error)) from None
        raise SeriesError(f"this is not valid CSV: {error.reason}", row=error.row) from None
    if header is None or not rows:
        raise SeriesError("there are no rows of data under the header")
    return PastedTable(header_row=header_row, header=header, rows=tuple(rows))


def _header(cells: list[str], *, row: int) -> tuple[str, ...]:
    names = [cell.strip() for cell in cells]
    while names and not names[-1]:
        names.pop()  # a spreadsheet's trailing separators
    if any(_looks_like_data(name) for name in names):
        raise SeriesError(
            f"the first row must be a header naming the columns: {HEADER_HELP}", row=row
        )
    names = [name or f"column {position}" for position, name in enumerate(names, start=1)]
    seen: set[str] = set()
    for name in names:
        if name.lower() in seen:
            raise SeriesError(f"the column {name} appears more than once", row=row)
        seen.add(name.lower())
    return tuple(names)


def _looks_like_data(name: str) -> bool:
    """A first row of numbers or dates is data, not a header."""
    try:
        float(name)
    except ValueError:
        return parse_date(normalise_date(name)) is not None
    return True


def choose_columns(
    table: PastedTable,
    *,
    chart: str,
    date: str | None = None,
    value: str | None = None,
    title: str = "",
) -> Columns:
    """The columns to read: ``date`` and ``value`` as chosen (a heading of the table; ``""``
    for no date column), guessed where None. Raise :class:`SeriesError` if there is none to
    chart."""
    header = table.header
    by_key = {name.lower(): name for name in header}
    row = table.header_row
    # A choice made for another header (the data was changed since) is guessed again.
    date = date if date is None or date == "" or date in header else None
    value = value if value in header else None
    if chart in RATIO_CHARTS:
        if not {"numerator", "denominator"} <= by_key.keys():
            raise SeriesError(
                f"a {chart} chart needs numerator and denominator columns "
                "(date,numerator,denominator)",
                row=row,
            )
        if "value" in by_key:
            raise SeriesError(
                f"a {chart} chart takes numerator and denominator columns, not value", row=row
            )
        value = None
    elif value is None and "value" not in by_key and {"numerator", "denominator"} & by_key.keys():
        raise SeriesError(
            "numerator and denominator columns are for p and u charts; choose one of those "
            "or give a value column",
            row=row,
        )
    guessed = False
    taken = {"numerator", "denominator"} if chart in RATIO_CHARTS else set()
    if chart not in RATIO_CHARTS and value is None:
        value = by_key.get("value")
    if date is None:
        date = by_key.get("date")
        if date is None:
            date = _guess_date(table, excluded=taken | {(value or "").lower()})
            guessed = guessed or date is not None
    date = date or None
    if chart not in RATIO_CHARTS and value is None:
        value = _guess_value(table, excluded=taken | {(date or "").lower()}, title=title)
        guessed = True
        if value is None:
            raise SeriesError(
                f"the data needs a value column (value, or date,value); found {', '.join(header)}",
                row=row,
            )
    if date is not None and date == value:
        raise SeriesError(
            f"the column {shown(date)} cannot be both the date and the value: choose another "
            "for one of them"
        )
    used = {(date or "").lower(), (value or "").lower()}
    annotation = by_key.get("annotation") if "annotation" not in used else None
    ignored = set(by_key) - used - taken - {"annotation"}
    return Columns(
        header=header,
        date=date,
        value=value,
        annotation=annotation,
        guessed=guessed or bool(ignored),
    )


def _cells(table: PastedTable, position: int) -> list[str]:
    return [
        cells[position].strip()
        for _, cells in table.rows
        if position < len(cells) and cells[position].strip().lower() not in MISSING
    ]


def _candidates(table: PastedTable, excluded: set[str]) -> list[tuple[int, str]]:
    return [
        (position, name)
        for position, name in enumerate(table.header)
        if name.lower() not in excluded and name.lower() != "annotation"
    ]


def _guess_date(table: PastedTable, *, excluded: set[str]) -> str | None:
    candidates = _candidates(table, excluded)
    for position, name in candidates:
        cells = _cells(table, position)
        if cells and not all(map(is_number, cells)) and all(map(is_date, cells)):
            return name
    for _, name in candidates:
        if _words(name) & _DATE_WORDS:
            return name
    return None


def _guess_value(table: PastedTable, *, excluded: set[str], title: str) -> str | None:
    candidates = _candidates(table, excluded)
    numeric = [
        name
        for position, name in candidates
        if (cells := _cells(table, position)) and all(map(is_number, cells))
    ]
    if not numeric:
        # The first column left, so that a message names the cell that is not a number.
        return candidates[0][1] if candidates else None
    wanted = _words(title) - _TITLE_STOP_WORDS
    return max(numeric, key=lambda name: len(_words(name) & wanted))


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text)}
