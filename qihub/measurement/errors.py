"""The one error the measurement layer raises for bad input."""

from __future__ import annotations


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
