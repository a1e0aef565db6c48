"""A measure's data from a CSV or XLSX file: read through the shared tabular reader, previewed
(what each row would do), then imported row by row. A row with a problem writes nothing and is
named in the report with its problem; every other row is recorded (each in its own transaction,
through :func:`~qihub.measurement.services.data.datapoint_record`), so uploading the same file
again changes nothing.

The file has a header row naming its columns, in any order and case: ``period`` (or ``date``),
then ``value``, or ``numerator`` and ``denominator`` for a proportion or a rate, and optionally
``reason`` (why a row corrects a value already recorded). Other columns, such as the
``annotation`` column of the measure's own CSV download, are ignored and named in the report.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from qihub.core.audit import audit_log
from qihub.core.exports import spreadsheet_text
from qihub.core.roster.validation import parse_date
from qihub.core.tabular import TableError, cell_text, read_table
from qihub.measurement.errors import MeasurementError
from qihub.measurement.models import DataPoint, DataSource, DataUpload, Measure
from qihub.measurement.permissions import measure_can_record
from qihub.measurement.services.data import PointValues, datapoint_check, datapoint_record

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
#: How long a previewed file is kept for its Import button.
PREVIEW_KEPT_FOR = dt.timedelta(hours=1)
PERIOD_ALIASES = ("period", "date")
_SHOWN_CHARS = 40


class RowOutcome(StrEnum):
    ADDED = "added"
    CORRECTED = "corrected"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass(frozen=True)
class UploadRow:
    """What one row of the file did (or, in a preview, would do)."""

    row: int
    period: str
    outcome: str
    message: str = ""
    old: str = ""
    new: str = ""

    def __str__(self) -> str:
        if self.outcome == RowOutcome.ERROR:
            return f"Row {self.row}: {self.message}"
        change = f": {self.old} → {self.new}" if self.old else f": {self.new}"
        return f"Row {self.row}, {self.period}{change}"


@dataclass
class UploadReport:
    rows: list[UploadRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    imported: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    def of(self, outcome: str) -> list[UploadRow]:
        return [row for row in self.rows if row.outcome == outcome]

    @property
    def errors(self) -> list[UploadRow]:
        return self.of(RowOutcome.ERROR)

    @property
    def changes(self) -> int:
        return self.count(RowOutcome.ADDED) + self.count(RowOutcome.CORRECTED)

    def summary(self) -> str:
        would = "" if self.imported else "would be "
        errors = self.count(RowOutcome.ERROR)
        return (
            f"{len(self.rows):,} row{pluralize(len(self.rows))} read: "
            f"{self.count(RowOutcome.ADDED):,} {would}added, "
            f"{self.count(RowOutcome.CORRECTED):,} {would}corrected, "
            f"{self.count(RowOutcome.UNCHANGED):,} unchanged; {errors:,} "
            f"row{pluralize(errors)} with problems {would or pluralize(errors, 'was ,were ')}"
            "skipped."
        )

    def to_data(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> UploadReport:
        return cls(
            rows=[UploadRow(**row) for row in data["rows"]],
            notes=list(data["notes"]),
            imported=data["imported"],
        )

    def as_csv(self) -> str:
        """Every row's outcome, safe to open in a spreadsheet."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["row", "period", "outcome", "old", "new", "problem"])
        for row in self.rows:
            writer.writerow(
                [
                    row.row,
                    *(spreadsheet_text(text) for text in (row.period, row.outcome)),
                    *(spreadsheet_text(text) for text in (row.old, row.new, row.message)),
                ]
            )
        return buffer.getvalue()


@dataclass(frozen=True)
class _Row:
    row: int
    period: dt.date | None
    shown_period: str
    values: PointValues | None
    reason: str
    problem: str = ""


def _shown(cell: Any) -> str:
    text = cell_text(cell)
    return repr(text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…")


def _header_name(cell: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "_", cell_text(cell).lower()).strip("_")


def _columns(measure: Measure, header: Sequence[Any]) -> tuple[dict[str, int], list[str]]:
    """Where each column the measure needs is, and the columns ignored."""
    wanted = ["numerator", "denominator"] if measure.is_ratio else ["value"]
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for position, cell in enumerate(header):
        name = _header_name(cell)
        if not name:
            continue
        key = "period" if name in PERIOD_ALIASES else name
        if key in ("period", "reason", *wanted) and key not in positions:
            positions[key] = position
        else:
            ignored.append(cell_text(cell))
    missing = [name for name in ("period", *wanted) if name not in positions]
    if missing:
        kind = "a numerator and a denominator" if measure.is_ratio else "a value"
        raise MeasurementError(
            f"The first row must name the columns: period and {' and '.join(wanted)} "
            f"({measure.name} takes {kind} for each period). Missing: {', '.join(missing)}.",
            code="bad_header",
        )
    return positions, ignored


def _period(cell: Any) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = cell_text(cell)
    if not text:
        raise ValueError("the period is empty: give its date, such as 2024-03-01")
    return parse_date(text)


def _number(cell: Any, name: str) -> float:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    text = cell_text(cell)
    if not text:
        raise ValueError(f"the {name} is empty: give a number")
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise ValueError(f"the {name} {_shown(cell)} is not a number") from None


def _read_row(measure: Measure, number: int, cells: Sequence[Any], at: dict[str, int]) -> _Row:
    def cell(name: str) -> Any:
        position = at.get(name)
        return cells[position] if position is not None and position < len(cells) else None

    shown_period = cell_text(cell("period"))
    reason = cell_text(cell("reason"))
    try:
        period = _period(cell("period"))
    except ValueError as error:
        return _Row(number, None, shown_period, None, reason, str(error))
    try:
        names = ("numerator", "denominator") if measure.is_ratio else ("value",)
        numbers = {name: _number(cell(name), name) for name in names}
        values = datapoint_check(measure=measure, period=period, **numbers)
    except ValueError as error:
        return _Row(number, period, period.isoformat(), None, reason, str(error))
    except MeasurementError as error:
        return _Row(number, period, period.isoformat(), None, reason, error.message)
    return _Row(number, period, period.isoformat(), values, reason)


def _read(measure: Measure, data: bytes, file_name: str) -> tuple[list[_Row], list[str]]:
    if Path(file_name).suffix.lower() not in (".csv", ".xlsx", ".xls"):
        raise MeasurementError("Upload a .csv or .xlsx file.", code="bad_file")
    if len(data) > MAX_FILE_BYTES:
        raise MeasurementError(
            f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.", code="bad_file"
        )
    if not data.strip():
        raise MeasurementError("The file is empty.", code="bad_file")
    rows: list[_Row] = []
    positions: dict[str, int] | None = None
    notes: list[str] = []
    try:
        for number, cells in read_table(data, filename=file_name, max_rows=MAX_ROWS):
            if not any(cell_text(cell) for cell in cells):
                continue
            if positions is None:
                positions, ignored = _columns(measure, cells)
                if ignored:
                    notes.append(f"Columns ignored: {', '.join(ignored)}.")
                continue
            if len(rows) == MAX_ROWS:
                raise MeasurementError(
                    f"The file has more than {MAX_ROWS:,} rows of data.", code="bad_file"
                )
            rows.append(_read_row(measure, number, cells, positions))
    except TableError as error:
        raise MeasurementError(f"{file_name}: {error}.", code="bad_file") from None
    if not rows:
        raise MeasurementError("There are no rows of data under the header.", code="bad_file")
    return _without_repeats(rows), notes


def _without_repeats(rows: list[_Row]) -> list[_Row]:
    """A period given twice is a problem on every row that gives it: which one is right?"""
    where: dict[dt.date, list[int]] = defaultdict(list)
    for row in rows:
        if row.period is not None:
            where[row.period].append(row.row)
    result = []
    for row in rows:
        numbers = where.get(row.period) if row.period is not None else None
        if numbers and len(numbers) > 1 and not row.problem:
            listed = ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
            row = dataclasses.replace(
                row, problem=f"the period {row.shown_period} is on rows {listed}: give it once"
            )
        result.append(row)
    return result


def _plan(measure: Measure, rows: Iterable[_Row], *, reason: str) -> Iterator[UploadRow]:
    periods = [row.period for row in rows if row.period is not None]
    existing = {
        point.period: PointValues.of(point)
        for point in DataPoint.objects.filter(measure=measure, period__in=periods)
    }
    for row in rows:
        if row.problem or row.values is None:
            yield UploadRow(row.row, row.shown_period, RowOutcome.ERROR, row.problem)
            continue
        old = existing.get(row.period) if row.period else None
        if old is None:
            yield UploadRow(row.row, row.shown_period, RowOutcome.ADDED, new=str(row.values))
        elif old == row.values:
            yield UploadRow(row.row, row.shown_period, RowOutcome.UNCHANGED, new=str(row.values))
        else:
            yield UploadRow(
                row.row,
                row.shown_period,
                RowOutcome.CORRECTED,
                message="" if (row.reason or reason) else "needs a reason to correct it",
                old=str(old),
                new=str(row.values),
            )


def _check(measure: Measure, by: Any) -> None:
    if not measure_can_record(user=by, obj=measure):
        raise MeasurementError(f"You may not upload data for {measure.name}.", code="forbidden")


def data_upload_preview(*, measure: Measure, by: Any, file_name: str, data: bytes) -> DataUpload:
    """Read the file and keep it with a report of what each row would do; nothing is recorded.

    A file that cannot be read at all (not CSV or XLSX, no header, the wrong columns) raises a
    MeasurementError and keeps nothing.
    """
    _check(measure, by)
    data_uploads_forget()
    rows, notes = _read(measure, data, file_name)
    report = UploadReport(rows=list(_plan(measure, rows, reason="")), notes=notes)
    return DataUpload.objects.create(
        measure=measure,
        uploaded_by=by,
        source_name=Path(file_name).name[:255],
        data=data,
        report=report.to_data(),
    )


def data_upload_import(*, upload: DataUpload, by: Any, reason: str = "") -> UploadReport:
    """Record every good row of the previewed file; ``reason`` covers each correction whose row
    gives none. Pressing Import twice imports once: the second press gets the first's report."""
    measure = upload.measure
    _check(measure, by)
    with transaction.atomic():
        upload = DataUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.imported_at is not None and upload.report is not None:
            return UploadReport.from_data(upload.report)
        if upload.data is None:
            raise MeasurementError(
                "This preview has expired: upload the file again.", code="expired"
            )
        data = bytes(upload.data)
    rows, notes = _read(measure, data, upload.source_name)
    reason = reason.strip()
    report = UploadReport(notes=notes, imported=True)
    for row, planned in zip(rows, _plan(measure, rows, reason=reason), strict=True):
        if planned.outcome == RowOutcome.ERROR:
            report.rows.append(planned)
            continue
        assert row.period is not None and row.values is not None
        try:
            recorded = datapoint_record(
                measure=measure,
                period=row.period,
                value=row.values.value,
                numerator=row.values.numerator,
                denominator=row.values.denominator,
                by=by,
                source=DataSource.UPLOAD,
                via=upload.source_name[:100],
                reason=row.reason or reason,
            )
        except MeasurementError as error:
            report.rows.append(
                UploadRow(row.row, row.shown_period, RowOutcome.ERROR, error.message)
            )
            continue
        outcome = {"created": RowOutcome.ADDED}.get(recorded.outcome, recorded.outcome)
        report.rows.append(
            UploadRow(
                row.row,
                row.shown_period,
                outcome,
                old=str(recorded.old) if recorded.old else "",
                new=str(row.values),
            )
        )
    with transaction.atomic():
        DataUpload.objects.filter(pk=upload.pk).update(
            imported_at=timezone.now(), data=None, report=report.to_data()
        )
        audit_log(
            action="qihub.measurement.upload.import",
            instance=measure,
            user=by,
            data={
                "file": upload.source_name,
                "added": report.count(RowOutcome.ADDED),
                "corrected": report.count(RowOutcome.CORRECTED),
                "unchanged": report.count(RowOutcome.UNCHANGED),
                "errors": report.count(RowOutcome.ERROR),
            },
        )
    return report


def data_uploads_forget() -> int:
    """Drop previews' files once they are too old to import, and uploads a day old."""
    now = timezone.now()
    DataUpload.objects.filter(
        imported_at__isnull=True, uploaded_at__lt=now - PREVIEW_KEPT_FOR, data__isnull=False
    ).update(data=None)
    deleted, _ = DataUpload.objects.filter(uploaded_at__lt=now - dt.timedelta(days=1)).delete()
    return deleted
