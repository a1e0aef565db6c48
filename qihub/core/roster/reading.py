"""Reading a roster file (CSV or XLSX, through the shared tabular reader): its header matched to
the columns, its rows as records."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from qihub.core.roster.columns import COLUMNS, REQUIRED, shorten
from qihub.core.roster.errors import RosterFileError
from qihub.core.tabular import TableError, cell_text, read_table

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000


@dataclass
class RosterFile:
    """A roster read from a file: its rows (dicts of known columns plus `_row`)."""

    rows: list[dict[str, str]]
    ignored_columns: list[str] = field(default_factory=list)


def read_roster(file: IO[bytes], *, filename: str) -> RosterFile:
    """Read a CSV or XLSX roster; raise RosterFileError, naming what is wrong, if it cannot.

    The header is the first non-empty row; column names are matched in any case, with spaces or
    punctuation for underscores. Row numbers are as a spreadsheet shows them (the header is
    usually row 1). Unknown columns are ignored and named in the report.
    """
    suffix = Path(filename).suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xls"):
        raise RosterFileError(f"{filename}: the roster must be a .csv or .xlsx file.")
    raw = file.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise RosterFileError(
            f"{filename}: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB."
        )
    if not raw.strip():
        raise RosterFileError(f"{filename}: the file is empty.")
    try:
        return _roster_from_table(read_table(raw, filename=filename, max_rows=MAX_ROWS), filename)
    except TableError as error:
        raise RosterFileError(f"{filename}: {error}.") from error


def _normalise_header(name: Any) -> str:
    words = re.sub(r"[^a-z0-9]+", "_", str(name or "").strip().lower()).strip("_")
    return words.replace("e_mail", "email")


def _is_blank(cells: Sequence[Any]) -> bool:
    return not any(cell is not None and str(cell).strip() for cell in cells)


def _roster_from_table(table: Iterable[tuple[int, Sequence[Any]]], filename: str) -> RosterFile:
    numbered = iter(table)
    header: Sequence[Any] | None = None
    for _, cells in numbered:
        if not _is_blank(cells):
            header = cells
            break
    if header is None:
        raise RosterFileError(f"{filename}: the file is empty.")
    names = [_normalise_header(cell) for cell in header]
    positions: dict[str, int] = {}
    for position, name in enumerate(names):
        if name in positions and name in COLUMNS:
            raise RosterFileError(f"{filename}: the column {name} appears more than once.")
        positions.setdefault(name, position)
    missing = [column for column in REQUIRED if column not in positions]
    if missing:
        found = ", ".join(shorten(str(cell or "")) for cell in header[:12] if cell is not None)
        raise RosterFileError(
            f"{filename}: the first row must name the columns; missing: {', '.join(missing)} "
            f"(found: {found}). Expected: {', '.join(COLUMNS)}."
        )
    ignored = [
        shorten(str(cell).strip())
        for cell, name in zip(header, names, strict=True)
        if name and name not in COLUMNS
    ]
    known = [(column, positions[column]) for column in COLUMNS if column in positions]
    records: list[dict[str, str]] = []
    for number, cells in numbered:
        if _is_blank(cells):
            continue
        if len(records) == MAX_ROWS:
            raise RosterFileError(f"{filename}: the file has more than {MAX_ROWS:,} rows.")
        record = {"_row": str(number)}
        for column, position in known:
            record[column] = cell_text(cells[position]) if position < len(cells) else ""
        records.append(record)
    return RosterFile(rows=records, ignored_columns=ignored)
