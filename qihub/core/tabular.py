"""Tables people hand over as files, read in one place for every upload: bytes and a file name
in, rows of cells out. The roster import and the SPC tool both read through it.

CSV: the encoding is found — UTF-8 with or without a byte-order mark, UTF-16 with or without
one, else Windows-1252 — and text that reads as another encoding (Shift-JIS, say) is refused
rather than read garbled. The delimiter is the comma, semicolon or tab the first non-blank line
has most of. Quoting is strict: a quote that is never closed is named with the row it opens on.

XLSX: the first worksheet, read-only, values only (a formula gives its last result); a caller
that asks for ``percents`` gets a number formatted as a percentage as the sheet shows it, text
such as ``73.7%``, rather than the 0.737 stored. A sheet
whose recorded size is wider or longer than the caller takes is refused before any row is read;
as a file's recorded size can be wrong, so is the first row that turns out too wide.

Rows are numbered as a spreadsheet shows them, from 1, blank rows included, so that a message
names the row a person sees. Problems are a :class:`TableError`: one line, without the file's
name, which the caller adds.
"""

import codecs
import csv
import datetime
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

#: The most columns a table may have; a sheet recorded as wider is refused unread.
MAX_COLUMNS = 1_000
DELIMITERS = (",", ";", "\t")
_ZIP_SIGNATURE = b"PK\x03\x04"
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BEYOND_ASCII_BYTE = re.compile(rb"[\x80-\xff]")
_ENCODING_SAMPLE_LINES = 500
# Older encodings a file that is neither UTF-8 nor Windows-1252 is likely to be in, each with
# the script of its letters (as their Unicode names begin).
_CJK = ("CJK UNIFIED IDEOGRAPH", "HIRAGANA", "KATAKANA", "HANGUL SYLLABLE")
_OLDER_ENCODINGS: list[tuple[str, tuple[str, ...]]] = [
    ("cp932", _CJK),
    ("euc_jp", _CJK),
    ("gbk", _CJK),
    ("big5", _CJK),
    ("cp949", _CJK),
    ("cp1251", ("CYRILLIC",)),
    ("koi8_r", ("CYRILLIC",)),
    ("cp1253", ("GREEK",)),
    ("cp1255", ("HEBREW",)),
    ("cp1256", ("ARABIC",)),
    ("cp874", ("THAI",)),
]
_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]+")


class TableError(ValueError):
    """The file cannot be read as a table. The message says why and, where it can, which row.

    ``row`` is that row (as a spreadsheet numbers it), or None. ``reason`` is set for CSV that
    breaks the quoting rules: the reason alone, for a caller that words the message its own way.
    """

    def __init__(self, message: str, *, row: int | None = None, reason: str | None = None):
        super().__init__(message)
        self.row = row
        self.reason = reason


def read_table(
    data: bytes,
    *,
    filename: str,
    max_rows: int,
    max_columns: int = MAX_COLUMNS,
    percents: bool = False,
) -> Iterator[tuple[int, Sequence[Any]]]:
    """The rows of a CSV or XLSX file (by its name), each with its number; CSV cells are text.

    ``max_rows`` is the most rows under a header that the caller takes; an XLSX sheet recorded as
    longer is refused before its rows are read (the caller counts the rows it keeps).
    ``percents``: XLSX percentage cells as the text the sheet shows (``73.7%``).
    """
    suffix = Path(filename).suffix.lower()
    if suffix == ".xls":
        raise TableError("old Excel (.xls) files cannot be read; save it as .xlsx or CSV")
    if suffix == ".xlsx":
        return xlsx_rows(data, max_rows=max_rows, max_columns=max_columns, percents=percents)
    if data.startswith(_ZIP_SIGNATURE):
        raise TableError(
            f"this is an Excel (XLSX) file named {suffix or 'without .xlsx'}; "
            "name it .xlsx or save it as CSV"
        )
    return csv_rows(decode_text(data), max_columns=max_columns)


# Text -----------------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """The text of a CSV file, in whichever of the encodings above it is in."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data, "utf-8-sig", "starts as UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", "starts as UTF-16")
    if byte_order := _utf16_without_bom(data):
        return _decode(data, byte_order, "looks like UTF-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise TableError(
            f"the file is not text in UTF-8 or Windows-1252 (byte {error.start + 1:,} cannot be "
            "read); save it as 'CSV UTF-8'"
        ) from None
    if _in_an_older_encoding(data):
        raise TableError(
            "the file is not text in UTF-8 or Windows-1252: it looks like text in an older "
            "encoding (such as Shift-JIS for Japanese, or Windows-1251 for Cyrillic), which "
            "would be read garbled; save it as 'CSV UTF-8'"
        )
    return text


def _decode(data: bytes, encoding: str, described: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise TableError(
            f"the file {described} text, but byte {error.start + 1:,} cannot be read as that; "
            "save it as 'CSV UTF-8'"
        ) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 without a byte-order mark, else None.

    Text in UTF-16 that is mostly ASCII, as a header row is, has a zero in every other byte: the
    second of each pair in little-endian order, the first in big-endian.
    """
    sample = data[:4096]
    if b"\x00" not in sample or len(sample) % 2:
        return None
    pairs = len(sample) // 2
    first, second = sample[0::2].count(0), sample[1::2].count(0)
    if second > pairs // 4 and first <= second // 10:
        return "utf-16-le"
    if first > pairs // 4 and second <= first // 10:
        return "utf-16-be"
    return None


def _in_an_older_encoding(data: bytes) -> bool:
    """Whether the text beyond ASCII reads as words of another script in an older encoding.

    Every byte decodes in Windows-1252 but five, so text in another encoding usually decodes
    too, as nonsense ("“c’†" for 田中 in Shift-JIS). Read in the encoding it is really in, such
    text is words of one script's letters standing apart from Latin letters (田中, Иван); read
    in another, it is letters among Latin ones ("Nъсez" for Núñez in Windows-1251). A word of two
    such letters is the least evidence taken, so that a lone "£" or "é" is never enough. Which
    of those encodings it is cannot be told this way (Cyrillic reads as Chinese in GBK, and
    Chinese as Cyrillic in Windows-1251), nor need it be. (A detector such as
    charset-normalizer guesses from letter frequencies, and on a roster's few names took
    "NÚÑEZ" and "Þórðarson" for other encodings.) Only the lines beyond ASCII are read, which
    keeps a large file quick.
    """
    sample = b"\n".join(itertools.islice(_lines_beyond_ascii(data), _ENCODING_SAMPLE_LINES))
    for encoding, script in _OLDER_ENCODINGS:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _written_in(text, script):
            return True
    return False


def _lines_beyond_ascii(data: bytes) -> Iterator[bytes]:
    """The lines that hold a byte beyond ASCII: where an encoding shows itself."""
    position = 0
    while match := _BEYOND_ASCII_BYTE.search(data, position):
        start = data.rfind(b"\n", 0, match.start()) + 1
        end = data.find(b"\n", match.start())
        position = len(data) if end == -1 else end
        yield data[start:position]


def _written_in(text: str, script: tuple[str, ...]) -> bool:
    """Whether every letter beyond ASCII is of `script`, in words apart from Latin letters."""
    words = 0
    for run in _BEYOND_ASCII.finditer(text):
        letters = [char for char in run.group() if unicodedata.category(char).startswith("L")]
        if not letters:
            continue  # punctuation and signs: any script has them
        if not all(unicodedata.name(char, "").startswith(script) for char in letters):
            return False
        start, end = run.span()
        if _is_latin_letter(text[start - 1 : start]) or _is_latin_letter(text[end : end + 1]):
            return False
        words += len(letters) >= 2
    return words > 0


def _is_latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def looks_binary(data: bytes) -> bool:
    """Whether the bytes are a spreadsheet or another binary file rather than text."""
    if data.startswith((_ZIP_SIGNATURE, _OLE2_SIGNATURE)):
        return True
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data)
    return b"\x00" in data and not utf16


# CSV ------------------------------------------------------------------------------------------


def csv_rows(text: str, *, max_columns: int = MAX_COLUMNS) -> Iterator[tuple[int, list[str]]]:
    """The rows of CSV text, each with its number; raise TableError naming a row that is wrong."""
    text = text.removeprefix("\ufeff")
    first_line = next((line for line in io.StringIO(text) if line.strip()), "")
    # Excel in some locales saves "CSV" with semicolons; HR systems sometimes export tabs.
    delimiter = max(DELIMITERS, key=lambda d: (first_line.count(d), d == ","))
    reader = csv.reader(
        _narrow_lines(io.StringIO(text, newline=""), delimiter, max_columns),
        delimiter=delimiter,
        strict=True,
    )
    row = 0
    try:
        for row, cells in enumerate(reader, start=1):
            yield row, cells
    except csv.Error as error:
        reason = (
            'a cell opens with a quote (") that is never closed'
            if str(error) == "unexpected end of data"
            else str(error)
        )
        raise TableError(
            f"row {row + 1:,} cannot be read as CSV ({reason})", row=row + 1, reason=reason
        ) from None


def _narrow_lines(lines: Iterable[str], delimiter: str, max_columns: int) -> Iterator[str]:
    """The lines, refusing one with more cells than a table may have before it is split.

    csv would otherwise build a list of every cell of a line of a million commas.
    """
    for number, line in enumerate(lines, start=1):
        if line.count(delimiter) >= max_columns:
            raise TableError(
                f"line {number:,} has more than {max_columns:,} cells; a table may have at most "
                f"{max_columns:,} columns"
            )
        yield line


# XLSX -----------------------------------------------------------------------------------------


def xlsx_rows(
    data: bytes, *, max_rows: int, max_columns: int = MAX_COLUMNS, percents: bool = False
) -> Iterator[tuple[int, Sequence[Any]]]:
    """The rows of an XLSX file's first sheet, each with its number, as they are read."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    if data.startswith(_OLE2_SIGNATURE):
        raise TableError(
            "the spreadsheet is password-protected or in the old .xls format; "
            "save it as .xlsx without a password, or as CSV"
        )
    if not data.startswith(_ZIP_SIGNATURE):
        raise TableError("this is not an XLSX spreadsheet (is it a CSV file named .xlsx?)")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl fails in many ways on a damaged file; all mean that
        raise _damaged(error) from error
    try:
        if not workbook.worksheets:
            raise TableError("the spreadsheet has no worksheet")
        sheet = workbook.worksheets[0]
        width, length = sheet.max_column or 0, sheet.max_row or 0
        if width > max_columns:
            raise TableError(
                f"the sheet is {width:,} columns wide (cells {sheet.calculate_dimension()}); at "
                f"most {max_columns:,} columns can be read: delete the columns beyond your "
                "table, or save it as CSV"
            )
        if length > max_rows + 1:
            raise TableError(
                f"the sheet is {length:,} rows long (cells {sheet.calculate_dimension()}); at "
                f"most {max_rows:,} rows under a header can be read"
            )
        # The recorded size can be wrong, and too small would cut rows off: read as they come.
        sheet.reset_dimensions()  # type: ignore[union-attr]
        for row, cells in enumerate(sheet.iter_rows(values_only=not percents), start=1):
            if percents:
                cells = tuple(_percent_as_shown(cell) for cell in cells)
            if len(cells) > max_columns:
                raise TableError(
                    f"row {row:,} has a cell in column {get_column_letter(len(cells))}; at most "
                    f"{max_columns:,} columns can be read: delete what is beyond your table, "
                    "or save it as CSV",
                    row=row,
                )
            yield row, cells
    except TableError:
        raise
    except Exception as error:
        raise _damaged(error) from error
    finally:
        workbook.close()


def _percent_as_shown(cell: Any) -> Any:
    """A cell's value; a number formatted as a percentage as text, ``73.7%`` for 0.737."""
    value = cell.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if "%" not in (cell.number_format or ""):
        return value
    percent = round(value * 100, 10)  # 0.071 * 100 is 7.1000000000000005
    return f"{int(percent) if float(percent).is_integer() else percent}%"


def _damaged(error: Exception) -> TableError:
    return TableError(
        f"the spreadsheet is damaged and cannot be read ({type(error).__name__}); "
        "open it in Excel and save it again"
    )


# Cells ----------------------------------------------------------------------------------------


def cell_text(cell: Any) -> str:
    """A cell as text: a date cell as an ISO date, a whole number without '.0', stripped."""
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        if cell.time() == datetime.time():
            return cell.date().isoformat()
        return cell.isoformat(sep=" ", timespec="seconds")
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()
