"""Numbers and dates as people write them in a spreadsheet, read the same way for the CSV, the
XLSX upload, the CLI, the API and the /spc/ page.

Numbers: ``1234``, ``1,234`` and ``1,234.5`` (the comma separates thousands, the point is the
decimal point, as in the UK), ``73.7%`` (read as 73.7: a per cent sign is dropped), ``-2`` or
``−2``. A comma that cannot be a thousands separator (``73,7``, ``1.234,5``, ``1,23``) is
refused with a message saying how to write the number: a decimal comma cannot be told from a
thousands separator in ``1,234``, which is therefore always one thousand two hundred and
thirty-four (with a notice, when no number in the column has a decimal point to show which the
comma is).

Dates: ISO (``2024-03-01``), UK day/month/year (``01/03/2024``), and the months and days
Excel shows: ``Mar 2024``, ``March 2024``, ``Mar-24``, ``2024-03`` (each the first of the
month), ``1 Mar 2024``, ``01-Mar-2024``, ``01-Mar-24``. Any other label is kept as it is.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

from .errors import SeriesError

MISSING = frozenset({"", "na", "n/a", "null", "nan"})
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_MONTH_FORMATS = ("%b %Y", "%B %Y", "%b-%Y", "%B-%Y", "%b-%y", "%B-%y", "%b %y", "%Y-%m")
_DAY_FORMATS = ("%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%B-%Y", "%d-%b-%y", "%d %b %y")
_NAMED_DATE = re.compile(r"^(\d{1,2}[ -])?[A-Za-z]{3,9}[ -]\d{2}(\d{2})?$|^\d{4}-\d{1,2}$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_ONE_COMMA = re.compile(r"^[+-]?\d{1,3},\d{3}\s*%?$")
_SHOWN_CHARS = 40


def shown(cell: str) -> str:
    """A cell quoted for a message, cut short when it is long."""
    return repr(cell if len(cell) <= _SHOWN_CHARS else cell[:_SHOWN_CHARS] + "…")


def number_written(number: float | None) -> str:
    """The number as a person writes it, which :func:`read_number` reads back: ``800``,
    ``1,000``, ``5.5``, ``0.0001`` (no ".0", no exponent); None is empty."""
    if number is None:
        return ""
    return format(Decimal(repr(float(number))).normalize(), ",f")


def number_text(cell: str) -> tuple[str, bool]:
    """The cell as text :func:`float` reads, and whether it had a per cent sign.

    Raise :class:`SeriesError` for a comma that is not a thousands separator.
    """
    text = cell.strip().replace("\u2212", "-")
    percent = text.endswith("%")
    if percent:
        text = text[:-1].rstrip()
    if "," in text:
        if not _THOUSANDS.match(text):
            raise SeriesError(
                f"{shown(cell.strip())} has a comma that is not a thousands separator: write "
                "decimals with a point (73.7) and thousands with a comma or none (1,234 or 1234)"
            )
        text = text.replace(",", "")
    return text, percent


def is_ambiguous_comma(cell: str) -> bool:
    """Whether the comma in the cell could be a decimal comma: ``1,234`` (not ``1,234.5`` nor
    ``1,234,567``)."""
    return bool(_ONE_COMMA.match(cell.strip()))


def read_number(cell: str) -> float | None:
    """The number in a cell (None for a missing value); raise :class:`SeriesError` if it is not
    a finite number."""
    if cell.strip().lower() in MISSING:
        return None
    text, _ = number_text(cell)
    try:
        number = float(text)
    except ValueError:
        raise SeriesError(f"{shown(cell.strip())} is not a number") from None
    if not math.isfinite(number):
        raise SeriesError(f"{shown(cell.strip())} is not a finite number")
    return number


def is_number(cell: str) -> bool:
    """Whether the cell holds a number :func:`read_number` reads."""
    try:
        return read_number(cell) is not None
    except SeriesError:
        return False


def read_target(text: str, *, chart: str, p_in_percent: bool) -> float | None:
    """A target as the engine takes it; None when it is blank.

    ``95%`` is 95 per cent: on a p chart, whose values are proportions, 0.95; on any other chart
    95, in the units of the values (``73.7%`` in the data is 73.7). On a p chart a plain number
    is a percentage when ``p_in_percent`` (the /spc/ page: ``95``), else a proportion (the CLI
    and the API: ``0.95``).
    """
    if not text.strip():
        return None
    try:
        number_part, percent = number_text(text)
        number = float(number_part)
    except (SeriesError, ValueError):
        raise SeriesError(
            f"the target {shown(text.strip())} is not a number, like 95 or 95%", field="target"
        ) from None
    if not math.isfinite(number):
        raise SeriesError(f"the target {shown(text.strip())} is not finite", field="target")
    if chart == "p" and (percent or p_in_percent):
        return number / 100
    return number


def normalise_date(text: str) -> str | None:
    """The ISO date of a date written any of the ways above; any other label unchanged; None if
    empty."""
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
        pass
    if _NAMED_DATE.match(text):
        for form in _MONTH_FORMATS + _DAY_FORMATS:
            try:
                return dt.datetime.strptime(text, form).date().isoformat()
            except ValueError:
                continue
    return text


def parse_date(label: str | None) -> dt.date | None:
    """The date an ISO date label stands for, or None for any other label."""
    if not label:
        return None
    try:
        return dt.date.fromisoformat(label)
    except ValueError:
        return None


def is_date(cell: str) -> bool:
    """Whether the cell holds a date :func:`normalise_date` reads."""
    return parse_date(normalise_date(cell)) is not None
