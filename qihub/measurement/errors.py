"""The measurement layer's errors: `SeriesError` for a series that cannot be read or charted,
`MeasurementError` for a measure or data action the rules do not allow."""

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


class MeasurementError(Exception):
    """A measure or data action the rules do not allow; ``code`` names the rule, ``field`` the
    input at fault (if one is), for callers that show it next to that input."""

    def __init__(self, message: str, *, code: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


AUDIT_ACTIONS = {
    "qihub.measurement.measure.create": "Create a measure",
    "qihub.measurement.measure.update": "Change a measure",
    "qihub.measurement.datapoint.record": "Record a data point",
    "qihub.measurement.datapoint.correct": "Correct a data point",
    "qihub.measurement.upload.import": "Import a measure's data from a file",
    "qihub.measurement.token.create": "Create an integration token",
    "qihub.measurement.token.update": "Change an integration token's name or measures",
    "qihub.measurement.token.revoke": "Revoke an integration token",
}
