"""Reading a roster file (CSV or XLSX): its header matched to the columns, its rows as records."""

import codecs
import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from qihub.core.roster.columns import COLUMNS, REQUIRED, shorten
from qihub.core.roster.errors import RosterFileError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURE = b"PK\x03\x04"


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
    if suffix == ".xls":
        raise RosterFileError(
            f"{filename}: old Excel (.xls) files cannot be read; save it as .xlsx or CSV."
        )
    if suffix not in (".csv", ".xlsx"):
        raise RosterFileError(f"{filename}: the roster must be a .csv or .xlsx file.")
    raw = file.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise RosterFileError(
            f"{filename}: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB."
        )
    if not raw.strip():
        raise RosterFileError(f"{filename}: the file is empty.")
    table = _csv_table(raw, filename) if suffix == ".csv" else _xlsx_table(raw, filename)
    return _roster_from_table(table, filename)


def _csv_table(raw: bytes, filename: str) -> Iterator[list[str]]:
    if raw.startswith(_ZIP_SIGNATURE):
        raise RosterFileError(
            f"{filename}: this is an Excel (XLSX) file named .csv; name it .xlsx or save it as CSV."
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError as error:
                raise RosterFileError(
                    f"{filename}: the file is not text in UTF-8 or Windows-1252 "
                    f"(byte {error.start + 1} cannot be read); save it as 'CSV UTF-8'."
                ) from error
    first_line = text.split("\n", 1)[0]
    # Excel in some locales saves "CSV" with semicolons; HR systems sometimes export tabs.
    delimiter = max([",", ";", "\t"], key=lambda d: (first_line.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    row = 0
    try:
        for row, cells in enumerate(reader, start=1):  # noqa: B007 - reported on error
            yield cells
    except csv.Error as error:
        raise RosterFileError(
            f"{filename}: row {row + 1} cannot be read as CSV ({error})."
        ) from error


def _xlsx_table(raw: bytes, filename: str) -> Iterator[Sequence[Any]]:
    from openpyxl import load_workbook

    if raw.startswith(_OLE2_SIGNATURE):
        raise RosterFileError(
            f"{filename}: the spreadsheet is password-protected or in the old .xls format; "
            "save it as .xlsx without a password, or as CSV."
        )
    if not raw.startswith(_ZIP_SIGNATURE):
        raise RosterFileError(
            f"{filename}: this is not an XLSX spreadsheet (is it a CSV file named .xlsx?)."
        )
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise RosterFileError(f"{filename}: the spreadsheet has no worksheet.")
            sheet = workbook.worksheets[0]
            # A file's recorded dimensions can be wrong; without this rows could be cut off.
            sheet.reset_dimensions()  # type: ignore[union-attr]
            rows = list(sheet.iter_rows(values_only=True))
        finally:
            workbook.close()
    except RosterFileError:
        raise
    except Exception as error:  # openpyxl fails in many ways on a damaged file; all mean that
        raise RosterFileError(
            f"{filename}: the spreadsheet is damaged and cannot be read "
            f"({type(error).__name__}); open it in Excel and save it again."
        ) from error
    yield from rows


def _normalise_header(name: Any) -> str:
    words = re.sub(r"[^a-z0-9]+", "_", str(name or "").strip().lower()).strip("_")
    return words.replace("e_mail", "email")


def _is_blank(cells: Sequence[Any]) -> bool:
    return not any(cell is not None and str(cell).strip() for cell in cells)


def _roster_from_table(table: Iterable[Sequence[Any]], filename: str) -> RosterFile:
    numbered = enumerate(table, start=1)
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
            record[column] = _cell_text(cells[position]) if position < len(cells) else ""
        records.append(record)
    return RosterFile(rows=records, ignored_columns=ignored)


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()
