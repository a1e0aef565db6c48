"""Building roster files for the roster import tests."""

import csv
import datetime
import io
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from qihub.core.models import Person
from qihub.core.roster import COLUMNS, RosterReport, read_roster, roster_import

TODAY = datetime.date(2026, 5, 4)
UPLOAD_URL = "/admin/roster/upload/"
DOCS = Path(__file__).resolve().parents[3] / "docs"


def roster_row(number: str = "E000001", **overrides: str) -> dict[str, str]:
    row = {
        "employee_number": number,
        "first_name": "Priya",
        "last_name": "Patel",
        "work_email": f"{number.lower()}@trust.example",
        "team_code": "T0001",
        "staff_level": "Front-line clinical",
        "job_title": "Staff nurse",
        "start_date": "2020-01-06",
        "leave_date": "",
    }
    row.update(overrides)
    return row


def csv_bytes(
    rows: list[dict[str, str]], *, columns: list[str] | None = None, encoding: str = "utf-8"
) -> bytes:
    columns = columns or COLUMNS
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return text.getvalue().encode(encoding)


def new_people_csv() -> bytes:
    """A roster of two people no factory makes (factories number staff E000001 on), one bad."""
    return csv_bytes([roster_row("N000001"), roster_row("N000002", team_code="T404")])


def uploaded_file(data: bytes, name: str = "roster.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_bytes(table: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for cells in table:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(
    data: bytes,
    *,
    filename: str = "roster.csv",
    full: bool = False,
    dry_run: bool = False,
    actor: Any = None,
) -> RosterReport:
    roster = read_roster(io.BytesIO(data), filename=filename)
    return roster_import(
        rows=roster.rows,
        full=full,
        dry_run=dry_run,
        source_name=filename,
        actor=actor,
        ignored_columns=roster.ignored_columns,
    )


def staff(number: str) -> Person:
    return Person.objects.get(employee_number=number)


def team_and_level(number: str) -> tuple[str, str]:
    return Person.objects.values_list("team__code", "level__name").get(employee_number=number)


def writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
