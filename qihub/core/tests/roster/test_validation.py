"""Checking rows: each kind of bad cell is named by row and column, and nothing of it is written."""

import pytest

from qihub.core.models import Person, PersonKind
from qihub.core.tests.factories import PersonFactory, StaffFactory
from qihub.core.tests.roster_helpers import csv_bytes, roster_row, run_import


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
