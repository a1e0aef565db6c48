"""Checking rows: each row's cells become a person's field values, or problems naming the row,
the column and the reason."""

import datetime
import functools
import re
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from qihub.core.models import Person, StaffLevel, Team
from qihub.core.roster.columns import COLUMNS, LENGTHS, REQUIRED, shorten
from qihub.core.roster.report import RowError, shown

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d-%b-%Y", "%d %b %Y", "%Y-%m-%d %H:%M:%S"]
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


@functools.lru_cache(maxsize=65_536)
def parse_date(text: str) -> datetime.date:
    try:
        date = datetime.date.fromisoformat(text)
    except ValueError:
        for pattern in DATE_FORMATS:
            try:
                date = datetime.datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        else:
            raise ValueError(
                f"'{shorten(text)}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)"
            ) from None
    if not EARLIEST_YEAR <= date.year <= LATEST_YEAR:
        raise ValueError(f"'{shorten(text)}' is not a plausible date (check the year)")
    return date


def _level_key(name: str) -> str:
    return " ".join(name.lower().split())


def rows_listing(rows: list[int]) -> str:
    shown_rows = ", ".join(str(row) for row in rows[:5])
    return shown_rows + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")


class RowValidator:
    """Turns rows into person field values, collecting every problem with its row and column."""

    def __init__(self, *, rows: list[dict[str, str]], today: datetime.date) -> None:
        self.today = today
        self.teams = dict(Team.objects.values_list("code", "pk"))
        self.teams_any_case = {code.lower(): pk for code, pk in self.teams.items()}
        self.levels = {
            _level_key(name): pk for name, pk in StaffLevel.objects.values_list("name", "pk")
        }
        # Whose each email is: an employee number, or None and the id of a member of the public.
        self.email_owners: dict[str, tuple[str | None, int]] = {
            email.lower(): (number, pk)
            for email, number, pk in Person.objects.exclude(email="").values_list(
                "email", "employee_number", "pk"
            )
        }
        self.team_codes = {pk: code for code, pk in self.teams.items()}
        self.level_names = dict(StaffLevel.objects.values_list("pk", "name"))
        self.unidentified_rows: list[int] = []
        self.rows_by_number: dict[str, list[int]] = defaultdict(list)
        self.rows_by_email: dict[str, list[int]] = defaultdict(list)
        for record in rows:
            row = int(record["_row"])
            if number := (record.get("employee_number") or "").strip():
                self.rows_by_number[number].append(row)
            if email := (record.get("work_email") or "").strip().lower():
                self.rows_by_email[email].append(row)

    def show(self, attribute: str, value: Any) -> str:
        """Show a person's value in a report: teams by code, levels by name."""
        if attribute == "team_id" and value is not None:
            return self.team_codes.get(value, str(value))
        if attribute == "level_id" and value is not None:
            return self.level_names.get(value, str(value))
        return shown(value)

    def validate(self, record: dict[str, str]) -> tuple[dict[str, Any] | None, list[RowError]]:
        row = int(record["_row"])
        errors: list[RowError] = []

        def fail(column: str, reason: str) -> None:
            errors.append(RowError(row, column, reason))

        cells = {column: (record.get(column) or "").strip() for column in COLUMNS}
        for column, text in cells.items():
            if column in REQUIRED and not text:
                fail(column, "is required")
            elif column in LENGTHS and len(text) > LENGTHS[column]:
                fail(column, f"is longer than {LENGTHS[column]} characters ({len(text):,})")
            elif _CONTROL_CHARACTER.search(text):
                fail(column, "contains a control character (such as a line break)")
        for error in errors:
            # Checked no further: one clear reason per cell is enough.
            cells[error.column] = ""
            if error.column == "employee_number":
                self.unidentified_rows.append(row)
        number = cells["employee_number"]
        if number and len(self.rows_by_number[number]) > 1:
            fail(
                "employee_number",
                f"{number} is on more than one row (rows "
                f"{rows_listing(self.rows_by_number[number])}); none of them is imported",
            )
        email = cells["work_email"].lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                fail("work_email", f"'{shorten(cells['work_email'])}' is not an email address")
            else:
                owner = self.email_owners.get(email)
                if len(self.rows_by_email[email]) > 1:
                    fail(
                        "work_email",
                        f"{email} is on more than one row (rows "
                        f"{rows_listing(self.rows_by_email[email])}); none of them is imported",
                    )
                elif owner is not None and owner[0] != number:
                    fail(
                        "work_email",
                        f"{email} is already the work email of employee {owner[0]}"
                        if owner[0]
                        else f"{email} is already used by a member of the public "
                        f"(person #{owner[1]})",
                    )
        team_code = cells["team_code"]
        team_id = self.teams.get(team_code) or self.teams_any_case.get(team_code.lower())
        if team_code and team_id is None:
            fail("team_code", f"no team has the code '{shorten(team_code)}'")
        level_id = self.levels.get(_level_key(cells["staff_level"]))
        if cells["staff_level"] and level_id is None:
            fail("staff_level", f"'{shorten(cells['staff_level'])}' is not a staff level")
        dates: dict[str, datetime.date | None] = {"start_date": None, "leave_date": None}
        for column in dates:
            if cells[column]:
                try:
                    dates[column] = parse_date(cells[column])
                except ValueError as error:
                    fail(column, str(error))
        start, leave = dates["start_date"], dates["leave_date"]
        if start and leave and leave < start:
            fail("leave_date", f"{leave:%d/%m/%Y} is before the start date {start:%d/%m/%Y}")
        if errors:
            return None, errors
        return {
            "employee_number": number,
            "first_name": cells["first_name"],
            "last_name": cells["last_name"],
            "email": email,
            "team_id": team_id,
            "level_id": level_id,
            "job_title": cells["job_title"],
            "start_date": start,
            "leave_date": leave,
            # The leave date is the last day of employment: still active on that day.
            "is_active": leave is None or leave >= self.today,
        }, []
