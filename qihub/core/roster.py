"""The staff roster import: CSV or XLSX from an HR system into people, by employee number.

Every row is validated on its own; a bad row is reported (row number, column, reason) and
nothing of it is written, while the good rows are created or updated. With `full=True` the file
is the whole roster, so active staff missing from it become leavers. Re-importing the same file
changes nothing. The columns are documented in docs/roster-import.md.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from qihub.core.audit import audit_log
from qihub.core.models import Person, PersonKind, RosterImport, StaffLevel, Team

COLUMNS = [
    "employee_number",
    "first_name",
    "last_name",
    "work_email",
    "team_code",
    "staff_level",
    "job_title",
    "start_date",
    "leave_date",
]
REQUIRED = ["employee_number", "first_name", "last_name", "work_email", "team_code", "staff_level"]
FIELDS = [
    "first_name",
    "last_name",
    "email",
    "team_id",
    "level_id",
    "job_title",
    "start_date",
    "leave_date",
    "is_active",
]
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
BATCH_SIZE = 500


class RosterFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, missing columns)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.column}: {self.reason}"


@dataclass
class RosterReport:
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    leavers: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def bad_rows(self) -> int:
        return len({error.row for error in self.errors})

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        return (
            f"{self.rows} rows read: {len(self.created)} people {verb} added, "
            f"{len(self.updated)} {verb} updated, {self.unchanged} unchanged, "
            f"{len(self.leavers)} {verb} marked as leavers; {self.bad_rows} rows had errors."
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "leavers": self.leavers,
            "errors": [
                {"row": error.row, "column": error.column, "reason": error.reason}
                for error in self.errors
            ],
            "dry_run": self.dry_run,
        }


def _normalise_header(name: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name or "").strip().lower()).strip("_")


def read_roster(file: IO[bytes], *, filename: str) -> tuple[int, Iterator[dict[str, str]]]:
    """Open a CSV or XLSX roster; return the number of data rows and an iterator of rows.

    Each row is a dict of the known columns (as text, stripped) plus `_row`, its row number in
    the file as a spreadsheet would show it (the header is row 1).
    """
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        raw = file.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        table: list[list[Any]] = list(csv.reader(io.StringIO(text, newline="")))
    elif suffix == ".xlsx":
        table = _read_xlsx(file)
    else:
        raise RosterFileError(f"{filename}: the roster must be a .csv or .xlsx file.")
    if not table or not any(str(cell or "").strip() for cell in table[0]):
        raise RosterFileError(f"{filename}: the first row must be a header naming the columns.")
    header = [_normalise_header(cell) for cell in table[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise RosterFileError(
            f"{filename}: the header lacks the column(s) {', '.join(missing)}; "
            f"expected {', '.join(COLUMNS)}."
        )
    positions = {column: header.index(column) for column in COLUMNS if column in header}
    body = [row for row in table[1:] if any(str(cell or "").strip() for cell in row)]

    def rows() -> Iterator[dict[str, str]]:
        for number, row in enumerate(table[1:], start=2):
            if not any(str(cell or "").strip() for cell in row):
                continue
            record = {"_row": str(number)}
            for column, position in positions.items():
                cell = row[position] if position < len(row) else None
                record[column] = _cell_text(cell)
            yield record

    return len(body), rows()


def _read_xlsx(file: IO[bytes]) -> list[list[Any]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as error:
        raise RosterFileError(f"The spreadsheet cannot be read: {error}") from error
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


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


def _parse_date(text: str) -> datetime.date:
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


class _Validator:
    """Turns rows into person field values, collecting every problem with its row and column."""

    def __init__(self, *, today: datetime.date) -> None:
        self.today = today
        self.teams = {team.code.lower(): team.pk for team in Team.objects.only("pk", "code")}
        self.levels = {level.name.lower(): level.pk for level in StaffLevel.objects.all()}
        self.emails = {
            email.lower(): number
            for email, number in Person.objects.exclude(email="").values_list(
                "email", "employee_number"
            )
        }
        self.seen_numbers: dict[str, int] = {}
        self.seen_emails: dict[str, int] = {}

    def validate(self, record: dict[str, str]) -> tuple[dict[str, Any] | None, list[RowError]]:
        row = int(record["_row"])
        errors: list[RowError] = []

        def fail(column: str, reason: str) -> None:
            errors.append(RowError(row, column, reason))

        for column in REQUIRED:
            if not record.get(column):
                fail(column, "is required")
        number = record.get("employee_number", "")
        if number:
            if len(number) > 30:
                fail("employee_number", "is longer than 30 characters")
            elif number in self.seen_numbers:
                fail("employee_number", f"{number} is also on row {self.seen_numbers[number]}")
            else:
                self.seen_numbers[number] = row
        for column in ("first_name", "last_name"):
            if len(record.get(column, "")) > 100:
                fail(column, "is longer than 100 characters")
        if len(record.get("job_title", "")) > 200:
            fail("job_title", "is longer than 200 characters")
        email = record.get("work_email", "").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                fail("work_email", f"'{record['work_email']}' is not an email address")
            else:
                owner = self.emails.get(email, number)
                if owner != number:
                    fail("work_email", f"{email} already belongs to someone else")
                elif email in self.seen_emails:
                    fail("work_email", f"{email} is also on row {self.seen_emails[email]}")
                else:
                    self.seen_emails[email] = row
        team_id = self.teams.get(record.get("team_code", "").lower())
        if record.get("team_code") and team_id is None:
            fail("team_code", f"no team has the code '{record['team_code']}'")
        level_id = self.levels.get(record.get("staff_level", "").lower())
        if record.get("staff_level") and level_id is None:
            fail("staff_level", f"'{record['staff_level']}' is not a staff level")
        dates: dict[str, datetime.date | None] = {"start_date": None, "leave_date": None}
        for column in dates:
            if record.get(column):
                try:
                    dates[column] = _parse_date(record[column])
                except ValueError as error:
                    fail(column, str(error))
        start, leave = dates["start_date"], dates["leave_date"]
        if start and leave and leave < start:
            fail("leave_date", "is before the start date")
        if errors:
            return None, errors
        return {
            "employee_number": number,
            "first_name": record["first_name"],
            "last_name": record["last_name"],
            "email": email,
            "team_id": team_id,
            "level_id": level_id,
            "job_title": record.get("job_title", ""),
            "start_date": start,
            "leave_date": leave,
            "is_active": leave is None or leave > self.today,
        }, []


def roster_import(
    *,
    rows: Iterable[dict[str, str]],
    full: bool,
    dry_run: bool,
    source_name: str,
    actor: Any = None,
    progress: Callable[[int], object] | None = None,
) -> RosterReport:
    """Validate every row, then write the good ones (and leavers, for a full roster) at once."""
    today = timezone.localdate()
    report = RosterReport(dry_run=dry_run)
    validator = _Validator(today=today)
    existing = {person.employee_number: person for person in Person.objects.filter(kind="staff")}
    to_create: list[Person] = []
    to_update: list[Person] = []
    for record in rows:
        report.rows += 1
        values, errors = validator.validate(record)
        if progress is not None:
            progress(1)
        if values is None:
            report.errors.extend(errors)
            continue
        number = values.pop("employee_number")
        person = existing.get(number)
        if person is None:
            to_create.append(Person(kind=PersonKind.STAFF, employee_number=number, **values))
            report.created.append(number)
        elif any(getattr(person, name) != values[name] for name in FIELDS):
            for name in FIELDS:
                setattr(person, name, values[name])
            to_update.append(person)
            report.updated.append(number)
        else:
            report.unchanged += 1
    leavers: list[Person] = []
    if full:
        # A number that was in the file, even on a bad row, is not a leaver.
        for number, person in existing.items():
            if person.is_active and number not in validator.seen_numbers:
                person.is_active = False
                person.leave_date = person.leave_date or today
                leavers.append(person)
                report.leavers.append(number or "")
    if dry_run:
        return report
    with transaction.atomic():
        Person.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        now = timezone.now()
        for person in to_update + leavers:
            person.updated_at = now
        Person.objects.bulk_update(to_update, [*FIELDS, "updated_at"], batch_size=BATCH_SIZE)
        Person.objects.bulk_update(
            leavers, ["is_active", "leave_date", "updated_at"], batch_size=BATCH_SIZE
        )
        applied = RosterImport.objects.create(
            source_name=source_name[:255],
            full_roster=full,
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
            rows=report.rows,
            created_count=len(report.created),
            updated_count=len(report.updated),
            leaver_count=len(report.leavers),
            error_count=report.bad_rows,
            report=report.as_dict(),
        )
        audit_log(
            action="qihub.core.roster.import",
            instance=applied,
            user=actor,
            data={
                "file": source_name,
                "created": len(report.created),
                "updated": len(report.updated),
                "leavers": len(report.leavers),
                "bad_rows": report.bad_rows,
            },
        )
    return report
