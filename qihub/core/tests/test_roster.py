"""The staff roster import: validation, matching, leavers, dry runs, file formats, bad files."""

import datetime
import io
import threading
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from qihub.core import roster
from qihub.core.demo import _structure_build
from qihub.core.models import Person, PersonKind, RosterImport, StaffLevel, Team
from qihub.core.roster import (
    COLUMN_GUIDE,
    COLUMNS,
    MAX_ROWS,
    RosterError,
    RosterFileError,
    RosterReport,
    read_roster,
    roster_import,
)
from qihub.core.tests.factories import PersonFactory, StaffFactory, StaffLevelFactory, TeamFactory
from qihub.core.tests.roster_helpers import (
    TODAY,
    csv_bytes,
    roster_row,
    run_import,
    xlsx_bytes,
)

DOCS = Path(__file__).resolve().parents[3] / "docs"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("qihub.core.roster.timezone.localdate", lambda: TODAY)


@pytest.fixture
def org(db):
    """Two teams and two staff levels, as the roster names them."""
    return {
        "teams": [TeamFactory.create(code="T0001"), TeamFactory.create(code="T0002")],
        "levels": [
            StaffLevelFactory.create(name="Front-line clinical", position=4),
            StaffLevelFactory.create(name="Senior leader", position=2),
        ],
    }


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def _staff(number: str) -> Person:
    return Person.objects.get(employee_number=number)


def _team_and_level(number: str) -> tuple[str, str]:
    return Person.objects.values_list("team__code", "level__name").get(employee_number=number)


# Creating and updating --------------------------------------------------------------------


def test_good_rows_create_staff_with_every_field(org):
    report = run_import(
        csv_bytes(
            [
                roster_row("E000001", work_email="Priya.Patel@Trust.Example"),
                roster_row(
                    "E000002",
                    first_name="Tom",
                    last_name="Baker",
                    team_code="T0002",
                    staff_level="senior LEADER",
                    job_title="",
                    start_date="01/02/2019",
                ),
            ]
        )
    )
    assert report.errors == []
    assert [change.employee_number for change in report.created] == ["E000001", "E000002"]
    priya, tom = _staff("E000001"), _staff("E000002")
    assert priya.kind == PersonKind.STAFF
    assert (priya.first_name, priya.last_name) == ("Priya", "Patel")
    assert priya.email == "priya.patel@trust.example"
    assert _team_and_level("E000001") == ("T0001", "Front-line clinical")
    assert priya.job_title == "Staff nurse"
    assert priya.start_date == datetime.date(2020, 1, 6)
    assert priya.leave_date is None
    assert priya.is_active
    assert _team_and_level("E000002") == ("T0002", "Senior leader")
    assert tom.job_title == ""
    assert tom.start_date == datetime.date(2019, 2, 1)


def test_rows_update_people_matched_by_employee_number_and_report_what_changed(org):
    run_import(csv_bytes([roster_row("E000001"), roster_row("E000002")]))
    report = run_import(
        csv_bytes(
            [
                roster_row("E000001", team_code="T0002", job_title="Ward manager"),
                roster_row("E000002"),
            ]
        )
    )
    assert report.created == []
    assert report.unchanged == 1
    [change] = report.updated
    assert change.employee_number == "E000001"
    assert change.row == 2
    assert [(field.column, field.old, field.new) for field in change.fields] == [
        ("team_code", "T0001", "T0002"),
        ("job_title", "Staff nurse", "Ward manager"),
    ]
    assert str(change) == (
        "Row 2: E000001 Priya Patel (team_code: T0001 → T0002; "
        "job_title: Staff nurse → Ward manager)"
    )
    assert _team_and_level("E000001") == ("T0002", "Front-line clinical")
    assert _staff("E000001").job_title == "Ward manager"
    assert Person.objects.filter(kind=PersonKind.STAFF).count() == 2


def test_reimporting_the_same_file_writes_nothing(org):
    data = csv_bytes([roster_row(f"E{n:06d}") for n in range(1, 6)])
    run_import(data, full=True)
    before = dict(Person.objects.values_list("employee_number", "updated_at"))
    imports = RosterImport.objects.count()
    with CaptureQueriesContext(connection) as queries:
        report = run_import(data, full=True)
    assert _writes(queries) == []
    assert (report.unchanged, report.changes, report.errors) == (5, 0, [])
    assert dict(Person.objects.values_list("employee_number", "updated_at")) == before
    assert RosterImport.objects.count() == imports


def test_an_applied_import_is_recorded_and_audited(org, qi_team_user):
    run_import(csv_bytes([roster_row("E000001")]), actor=qi_team_user, filename="may.csv")
    applied = RosterImport.objects.get()
    assert applied.source_name == "may.csv"
    assert applied.imported_by == qi_team_user
    assert (applied.rows, applied.created_count, applied.error_count) == (1, 1, 0)
    assert applied.report["created"] == ["E000001"]
    entry = ModelLogEntry.objects.get(action="qihub.core.roster.import")
    assert entry.user_id == qi_team_user.pk
    assert entry.data["created"] == 1


# Bad rows ---------------------------------------------------------------------------------


def test_a_bad_row_is_reported_by_row_and_column_and_nothing_of_it_is_written(org):
    report = run_import(
        csv_bytes(
            [
                roster_row("E000001"),
                roster_row("E000002", team_code="T9999", start_date="31/02/2020"),
                roster_row("E000003"),
            ]
        )
    )
    assert [str(error) for error in report.errors] == [
        "Row 3, team_code: no team has the code 'T9999'",
        "Row 3, start_date: '31/02/2020' is not a date (use YYYY-MM-DD or DD/MM/YYYY)",
    ]
    assert report.bad_rows == 1
    assert set(Person.objects.values_list("employee_number", flat=True)) == {"E000001", "E000003"}


@pytest.mark.parametrize(
    ("overrides", "column", "reason"),
    [
        ({"employee_number": ""}, "employee_number", "is required"),
        ({"first_name": " "}, "first_name", "is required"),
        ({"last_name": ""}, "last_name", "is required"),
        ({"work_email": ""}, "work_email", "is required"),
        ({"team_code": ""}, "team_code", "is required"),
        ({"staff_level": ""}, "staff_level", "is required"),
        ({"employee_number": "E" * 31}, "employee_number", "is longer than 30 characters (31)"),
        ({"first_name": "A" * 101}, "first_name", "is longer than 100 characters (101)"),
        ({"last_name": "B" * 10_000}, "last_name", "is longer than 100 characters (10,000)"),
        ({"job_title": "C" * 201}, "job_title", "is longer than 200 characters (201)"),
        (
            {"work_email": "a" * 250 + "@trust.example"},
            "work_email",
            "is longer than 254 characters (264)",
        ),
        ({"work_email": "not-an-email"}, "work_email", "'not-an-email' is not an email address"),
        ({"first_name": "Pri\x00ya"}, "first_name", "contains a control character"),
        ({"last_name": "Pa\ntel"}, "last_name", "contains a control character"),
        ({"team_code": "X1"}, "team_code", "no team has the code 'X1'"),
        ({"staff_level": "Chief"}, "staff_level", "'Chief' is not a staff level"),
        ({"start_date": "2020-13-01"}, "start_date", "'2020-13-01' is not a date"),
        ({"leave_date": "soon"}, "leave_date", "'soon' is not a date"),
        ({"start_date": "01/01/0202"}, "start_date", "is not a plausible date (check the year)"),
        (
            {"start_date": "2021-06-01", "leave_date": "2021-05-31"},
            "leave_date",
            "31/05/2021 is before the start date 01/06/2021",
        ),
    ],
)
def test_each_kind_of_bad_cell_is_named(org, overrides, column, reason):
    report = run_import(csv_bytes([roster_row("E000001", **overrides)]))
    [error] = report.errors
    assert (error.row, error.column) == (2, column)
    assert reason in error.reason
    assert not Person.objects.exists()


def test_a_huge_cell_is_reported_shortened(org):
    report = run_import(csv_bytes([roster_row(team_code="T" * 5_000)]))
    [error] = report.errors
    assert error.column == "team_code"
    assert len(error.reason) < 80


def test_an_employee_number_on_two_rows_rejects_both(org):
    report = run_import(
        csv_bytes(
            [
                roster_row("E000001", work_email="one@trust.example"),
                roster_row("E000002"),
                roster_row("E000001", work_email="two@trust.example"),
            ]
        )
    )
    assert [(error.row, error.column) for error in report.errors] == [
        (2, "employee_number"),
        (4, "employee_number"),
    ]
    assert "E000001 is on more than one row (rows 2, 4)" in report.errors[0].reason
    assert list(Person.objects.values_list("employee_number", flat=True)) == ["E000002"]


def test_an_email_on_two_rows_rejects_both(org):
    report = run_import(
        csv_bytes(
            [
                roster_row("E000001", work_email="same@trust.example"),
                roster_row("E000002", work_email="SAME@trust.example"),
            ]
        )
    )
    assert [(error.row, error.column) for error in report.errors] == [
        (2, "work_email"),
        (3, "work_email"),
    ]
    assert not Person.objects.exists()


def test_an_email_another_member_of_staff_has_is_refused(org):
    StaffFactory.create(employee_number="E000009", email="Taken@Trust.example")
    report = run_import(csv_bytes([roster_row("E000001", work_email="taken@trust.example")]))
    [error] = report.errors
    assert error.column == "work_email"
    assert error.reason == "taken@trust.example is already the work email of employee E000009"
    assert not Person.objects.filter(employee_number="E000001").exists()


def test_an_email_a_member_of_the_public_has_is_refused(org):
    patient = PersonFactory.create(kind=PersonKind.PATIENT, email="pat@example.org")
    report = run_import(csv_bytes([roster_row("E000001", work_email="pat@example.org")]))
    [error] = report.errors
    assert error.reason == (
        f"pat@example.org is already used by a member of the public (person #{patient.pk})"
    )
    patient.refresh_from_db()
    assert patient.kind == PersonKind.PATIENT
    assert patient.employee_number is None


def test_a_person_keeps_their_own_email_in_any_case(org):
    StaffFactory.create(employee_number="E000001", email="priya@trust.example")
    report = run_import(csv_bytes([roster_row("E000001", work_email="Priya@Trust.Example")]))
    assert report.errors == []


# Leavers ----------------------------------------------------------------------------------


def test_a_full_roster_makes_absent_active_staff_leavers(org):
    run_import(csv_bytes([roster_row(f"E{n:06d}") for n in range(1, 5)]))
    already_left = StaffFactory.create(
        employee_number="E000099", is_active=False, leave_date=datetime.date(2024, 1, 31)
    )
    patient = PersonFactory.create(kind=PersonKind.PATIENT)
    report = run_import(csv_bytes([roster_row("E000001"), roster_row("E000002")]), full=True)
    assert sorted(change.employee_number for change in report.leavers) == ["E000003", "E000004"]
    assert [str(field) for field in report.leavers[0].fields] == [
        "active: yes → no",
        f"leave_date: (blank) → {TODAY.isoformat()}",
    ]
    leaver = _staff("E000003")
    assert (leaver.is_active, leaver.leave_date) == (False, TODAY)
    assert _staff("E000001").is_active
    already_left.refresh_from_db()
    assert already_left.leave_date == datetime.date(2024, 1, 31)
    patient.refresh_from_db()
    assert patient.is_active
    assert RosterImport.objects.latest("imported_at").leaver_count == 2


def test_a_partial_roster_makes_no_leavers(org):
    run_import(csv_bytes([roster_row("E000001"), roster_row("E000002")]))
    report = run_import(csv_bytes([roster_row("E000001")]))
    assert report.leavers == []
    assert _staff("E000002").is_active


def test_someone_on_a_bad_row_of_a_full_roster_is_not_a_leaver(org):
    run_import(csv_bytes([roster_row("E000001"), roster_row("E000002")]))
    report = run_import(
        csv_bytes([roster_row("E000001"), roster_row("E000002", team_code="GONE")]), full=True
    )
    assert report.bad_rows == 1
    assert report.leavers == []
    assert _staff("E000002").is_active


def test_a_full_roster_with_a_row_missing_its_number_makes_no_leavers(org):
    run_import(csv_bytes([roster_row("E000001"), roster_row("E000002")]))
    report = run_import(
        csv_bytes([roster_row("E000001"), roster_row("", work_email="who@trust.example")]),
        full=True,
    )
    assert report.leavers == []
    assert (
        "No one was marked as a leaver: rows 3 have no usable employee number" in (report.notes[0])
    )
    assert _staff("E000002").is_active


def test_an_empty_full_roster_is_refused(org):
    StaffFactory.create(employee_number="E000001")
    with pytest.raises(RosterFileError, match="would make every member of staff a leaver"):
        run_import(csv_bytes([]), full=True)
    assert _staff("E000001").is_active


def test_a_leaver_who_never_started_leaves_on_their_start_date(org):
    start = TODAY + datetime.timedelta(days=30)
    StaffFactory.create(employee_number="E000007", start_date=start)
    run_import(csv_bytes([roster_row("E000001")]), full=True)
    person = _staff("E000007")
    assert (person.is_active, person.leave_date) == (False, start)


def test_a_leaver_who_comes_back_is_active_again(org):
    run_import(csv_bytes([roster_row("E000001", leave_date="2025-03-31")]))
    assert not _staff("E000001").is_active
    report = run_import(csv_bytes([roster_row("E000001", start_date="2026-04-01")]))
    [change] = report.updated
    assert {field.column: (field.old, field.new) for field in change.fields} == {
        "start_date": ("2020-01-06", "2026-04-01"),
        "leave_date": ("2025-03-31", "(blank)"),
        "active": ("no", "yes"),
    }
    person = _staff("E000001")
    assert (person.is_active, person.leave_date) == (True, None)


@pytest.mark.parametrize(
    ("leave_date", "active"),
    [
        (TODAY - datetime.timedelta(days=1), False),
        (TODAY, True),  # the leave date is the last working day
        (TODAY + datetime.timedelta(days=60), True),
    ],
)
def test_staff_stay_active_until_their_leave_date(org, leave_date, active):
    run_import(csv_bytes([roster_row("E000001", leave_date=leave_date.isoformat())]))
    person = _staff("E000001")
    assert (person.is_active, person.leave_date) == (active, leave_date)


# Dry runs ---------------------------------------------------------------------------------


def test_a_dry_run_reports_what_would_change_and_writes_nothing(org):
    run_import(csv_bytes([roster_row("E000001"), roster_row("E000002")]))
    data = csv_bytes(
        [
            roster_row("E000001", job_title="Matron"),
            roster_row("E000003"),
            roster_row("BAD", team_code="?"),
        ]
    )
    before = list(
        Person.objects.values_list("employee_number", "job_title", "is_active", "updated_at")
    )
    with CaptureQueriesContext(connection) as queries:
        preview = run_import(data, full=True, dry_run=True)
    assert _writes(queries) == []
    assert (
        list(Person.objects.values_list("employee_number", "job_title", "is_active", "updated_at"))
        == before
    )
    assert RosterImport.objects.count() == 1
    assert preview.dry_run
    assert preview.summary() == (
        "3 rows read: 1 would be added, 1 would be updated, 0 unchanged, "
        "1 would be marked as leavers; 1 row with errors would be skipped."
    )
    assert list(preview.lines())[-1] == "Dry run: nothing was changed."
    applied = run_import(data, full=True)
    for report in (preview, applied):
        assert [change.employee_number for change in report.created] == ["E000003"]
        assert [change.employee_number for change in report.updated] == ["E000001"]
        assert [change.employee_number for change in report.leavers] == ["E000002"]
        assert report.bad_rows == 1


# File formats -----------------------------------------------------------------------------


def test_a_csv_with_a_byte_order_mark_and_spreadsheet_style_headers_is_read(org):
    header = "\ufeffEmployee Number,First name,LAST NAME,Work e-mail,Team code,Staff level\r\n"
    data = (header + "E000001,Priya,Patel,p@trust.example,T0001,Front-line clinical\r\n").encode()
    report = run_import(data)
    assert report.errors == []
    assert _staff("E000001").first_name == "Priya"


def test_a_windows_1252_csv_is_read(org):
    data = csv_bytes(
        [roster_row("E000001", first_name="Zoë", last_name="O’Brien")], encoding="cp1252"
    )
    run_import(data)
    person = _staff("E000001")
    assert (person.first_name, person.last_name) == ("Zoë", "O’Brien")


def test_a_utf16_csv_is_read(org):
    run_import(csv_bytes([roster_row("E000001", first_name="Siân")], encoding="utf-16"))
    assert _staff("E000001").first_name == "Siân"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files_are_read(org, delimiter):
    lines = [
        delimiter.join(
            ["employee_number", "first_name", "last_name", "work_email", "team_code", "staff_level"]
        ),
        delimiter.join(
            ["E000001", "Priya", "Patel", "p@trust.example", "T0001", "Front-line clinical"]
        ),
    ]
    run_import("\n".join(lines).encode())
    assert _staff("E000001").email == "p@trust.example"


def test_blank_lines_are_skipped_and_row_numbers_are_as_in_the_file(org):
    first = csv_bytes([roster_row("E000001")])
    second = csv_bytes([roster_row("E000002", team_code="NOPE")]).split(b"\r\n", 1)[1]
    report = run_import(b"\r\n" + first + b"\r\n,,,\r\n" + second)
    # Row 1 is blank, the header is row 2, then a person, a blank line, an empty row.
    assert [(error.row, error.column) for error in report.errors] == [(6, "team_code")]
    assert [change.row for change in report.created] == [3]


def test_unknown_columns_are_ignored_and_named(org):
    data = csv_bytes([roster_row("E000001")], columns=[*COLUMNS, "Leaving date", "Pay band"])
    report = run_import(data)
    assert report.notes == ["Columns ignored (not known): Leaving date, Pay band."]
    assert report.errors == []
    assert RosterImport.objects.get().report["notes"] == report.notes


def test_an_xlsx_roster_with_date_and_number_cells_is_read(org):
    data = xlsx_bytes(
        [
            [
                "Employee number",
                "First name",
                "Last name",
                "Work email",
                "Team code",
                "Staff level",
                "Start date",
                "Leave date",
            ],
            [
                1234,
                "Priya",
                "Patel",
                "p@trust.example",
                "T0001",
                "Front-line clinical",
                datetime.datetime(2019, 4, 1),
                None,
            ],
            [
                5678.0,
                "Tom",
                "Baker",
                "t@trust.example",
                "T0002",
                "Senior leader",
                datetime.date(2018, 1, 2),
                "31/12/2025",
            ],
            [None, None, None],
            ["E3", "Ann", "Lee", "a@trust.example", "T0404", "Senior leader", "2018-01-02", None],
        ]
    )
    report = run_import(data, filename="Roster.XLSX")
    assert [str(error) for error in report.errors] == [
        "Row 5, team_code: no team has the code 'T0404'"
    ]
    priya, tom = _staff("1234"), _staff("5678")
    assert priya.start_date == datetime.date(2019, 4, 1)
    assert tom.leave_date == datetime.date(2025, 12, 31)
    assert not tom.is_active


def test_the_documentation_describes_every_column():
    guide = (DOCS / "roster-import.md").read_text()
    for column in COLUMN_GUIDE:
        assert f"| `{column.name}` | {'yes' if column.required else 'no'} |" in guide


def test_the_sample_rosters_import_into_the_demo_organisation(db):
    _structure_build()
    reports = {}
    for name in ("sample-roster.csv", "sample-roster.xlsx"):
        Person.objects.filter(kind=PersonKind.STAFF).delete()
        report = run_import((DOCS / name).read_bytes(), filename=name)
        assert report.errors == [], name
        assert report.notes == [], name
        assert len(report.created) == report.rows >= 10
        reports[name] = sorted(
            Person.objects.filter(kind=PersonKind.STAFF).values_list(
                "employee_number",
                "first_name",
                "last_name",
                "email",
                "team__code",
                "level__name",
                "job_title",
                "start_date",
                "leave_date",
                "is_active",
            )
        )
    assert reports["sample-roster.csv"] == reports["sample-roster.xlsx"]


# Bad files --------------------------------------------------------------------------------


def _corrupt_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "not xml at all")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("roster.txt", b"anything", "the roster must be a .csv or .xlsx file"),
        ("roster", b"anything", "the roster must be a .csv or .xlsx file"),
        ("roster.xls", b"\xd0\xcf\x11\xe0", "old Excel (.xls) files cannot be read"),
        ("roster.csv", b"", "the file is empty"),
        ("roster.csv", b"\r\n  \r\n", "the file is empty"),
        ("roster.csv", b",,,\r\n,,\r\n", "the file is empty"),
        (
            "roster.csv",
            b"employee_number,first_name,last_name\r\nE1,A,B\r\n",
            "missing: work_email, team_code, staff_level (found: employee_number, first_name, "
            "last_name)",
        ),
        (
            "roster.csv",
            b"E000001,Priya,Patel,p@trust.example,T0001,Front-line clinical\r\n",
            "the first row must name the columns; missing: employee_number",
        ),
        (
            "roster.csv",
            (",".join([*COLUMNS, "Employee Number"]) + "\r\n").encode(),
            "the column employee_number appears more than once",
        ),
        ("roster.csv", b"\x81\x8d\x8f\x90\x9d", "not text in UTF-8 or Windows-1252"),
        ("roster.csv", xlsx_bytes([COLUMNS]), "this is an Excel (XLSX) file named .csv"),
        ("roster.xlsx", csv_bytes([]), "this is not an XLSX spreadsheet"),
        ("roster.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "password-protected"),
        ("roster.xlsx", b"PK\x03\x04 truncated", "the spreadsheet is damaged"),
        ("roster.xlsx", _corrupt_xlsx(), "the spreadsheet is damaged"),
        ("roster.xlsx", xlsx_bytes([]), "the file is empty"),
        (
            "roster.csv",
            csv_bytes([]) + b'E1,"' + b"x" * 200_000 + b'"\r\n',
            "row 2 cannot be read as CSV (field larger than field limit",
        ),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message(db, filename, data, message):
    with pytest.raises(RosterFileError) as raised:
        read_roster(io.BytesIO(data), filename=filename)
    assert message in str(raised.value)
    assert str(raised.value).startswith(filename)


def test_a_file_with_too_many_rows_is_refused(db):
    data = csv_bytes([]) + b"E,F,L,e@x.example,T,S\n" * (MAX_ROWS + 1)
    with pytest.raises(RosterFileError, match="more than 200,000 rows"):
        read_roster(io.BytesIO(data), filename="big.csv")


# All or nothing ---------------------------------------------------------------------------


def test_a_failure_while_writing_leaves_nothing_written(org):
    run_import(csv_bytes([roster_row("E000001")]))
    data = csv_bytes([roster_row("E000001", job_title="Matron"), roster_row("E000002")])
    real_update_rows = roster._update_rows

    def fail_after_writing(*args, **kwargs):
        real_update_rows(*args, **kwargs)
        raise IntegrityError("duplicate key value violates unique constraint")

    with (
        mock.patch.object(roster, "_update_rows", side_effect=fail_after_writing),
        pytest.raises(RosterError, match="Someone else changed the people"),
    ):
        run_import(data)
    assert list(Person.objects.values_list("employee_number", "job_title")) == [
        ("E000001", "Staff nurse")
    ]
    assert RosterImport.objects.count() == 1


def test_roster_import_takes_rows_from_any_source(org):
    """The demo feeds rows straight in, without a file."""
    report = roster_import(
        rows=[{"_row": "7", **roster_row("E000001")}],
        full=False,
        dry_run=False,
        source_name="demo roster",
    )
    assert [change.row for change in report.created] == [7]


def _on_own_connection(work: Callable[[], Any]) -> Any:
    """Run `work` in a thread with its own connection, which commits, and return its result."""
    result: list[Any] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as error:  # re-raised in the test's thread
            failure.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time anyway"
)
def test_two_imports_at_once_run_one_after_the_other(db):
    """Two imports of the same new people at the same moment: neither fails, none is doubled.

    The imports must see each other's commits, so everything here runs on connections of its
    own, outside the test's transaction, and cleans up after itself. (A transactional test
    would flush the whole database, Wagtail's site included, under the tests that follow.)
    """
    rows = [
        {
            "_row": str(n + 1),
            **roster_row(f"C{n:06d}", team_code="TCONC", staff_level="Concurrency level"),
        }
        for n in range(1, 301)
    ]
    numbers = [row["employee_number"] for row in rows]
    start = threading.Barrier(2)

    def setup() -> tuple[Team, StaffLevel]:
        return (
            TeamFactory.create(code="TCONC"),
            StaffLevelFactory.create(name="Concurrency level", position=999),
        )

    def import_at_once() -> RosterReport:
        start.wait()
        return roster_import(rows=rows, full=False, dry_run=False, source_name="same.csv")

    def outcome() -> tuple[int, int]:
        return (
            Person.objects.filter(employee_number__in=numbers).count(),
            RosterImport.objects.filter(source_name="same.csv").count(),
        )

    def cleanup() -> None:
        Person.objects.filter(employee_number__in=numbers).delete()
        imports = RosterImport.objects.filter(source_name="same.csv")
        ModelLogEntry.objects.filter(
            action="qihub.core.roster.import",
            object_id__in=[str(pk) for pk in imports.values_list("pk", flat=True)],
        ).delete()
        imports.delete()
        service = team.service
        team.delete()
        service.delete()
        service.directorate.delete()
        level.delete()

    team, level = _on_own_connection(setup)
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(_on_own_connection, import_at_once) for _ in range(2)]
            reports = [future.result() for future in futures]
        assert sorted((len(report.created), report.unchanged) for report in reports) == [
            (0, 300),
            (300, 0),
        ]
        assert _on_own_connection(outcome) == (300, 1)
    finally:
        _on_own_connection(cleanup)
