"""The roster import: creating and updating people, leavers, dry runs, all or nothing."""

import datetime
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from unittest import mock

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from qihub.core.models import Person, PersonKind, RosterImport, StaffLevel, Team
from qihub.core.roster import RosterError, RosterFileError, RosterReport, roster_import, services
from qihub.core.tests.factories import PersonFactory, StaffFactory, StaffLevelFactory, TeamFactory
from qihub.core.tests.roster_helpers import (
    TODAY,
    csv_bytes,
    roster_row,
    run_import,
    staff,
    team_and_level,
    writes,
)

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
    priya, tom = staff("E000001"), staff("E000002")
    assert priya.kind == PersonKind.STAFF
    assert (priya.first_name, priya.last_name) == ("Priya", "Patel")
    assert priya.email == "priya.patel@trust.example"
    assert team_and_level("E000001") == ("T0001", "Front-line clinical")
    assert priya.job_title == "Staff nurse"
    assert priya.start_date == datetime.date(2020, 1, 6)
    assert priya.leave_date is None
    assert priya.is_active
    assert team_and_level("E000002") == ("T0002", "Senior leader")
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
    assert team_and_level("E000001") == ("T0002", "Front-line clinical")
    assert staff("E000001").job_title == "Ward manager"
    assert Person.objects.filter(kind=PersonKind.STAFF).count() == 2


def test_reimporting_the_same_file_writes_nothing(org):
    data = csv_bytes([roster_row(f"E{n:06d}") for n in range(1, 6)])
    run_import(data, full=True)
    before = dict(Person.objects.values_list("employee_number", "updated_at"))
    imports = RosterImport.objects.count()
    with CaptureQueriesContext(connection) as queries:
        report = run_import(data, full=True)
    assert writes(queries) == []
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
    leaver = staff("E000003")
    assert (leaver.is_active, leaver.leave_date) == (False, TODAY)
    assert staff("E000001").is_active
    already_left.refresh_from_db()
    assert already_left.leave_date == datetime.date(2024, 1, 31)
    patient.refresh_from_db()
    assert patient.is_active
    assert RosterImport.objects.latest("imported_at").leaver_count == 2


def test_a_partial_roster_makes_no_leavers(org):
    run_import(csv_bytes([roster_row("E000001"), roster_row("E000002")]))
    report = run_import(csv_bytes([roster_row("E000001")]))
    assert report.leavers == []
    assert staff("E000002").is_active


def test_someone_on_a_bad_row_of_a_full_roster_is_not_a_leaver(org):
    run_import(csv_bytes([roster_row("E000001"), roster_row("E000002")]))
    report = run_import(
        csv_bytes([roster_row("E000001"), roster_row("E000002", team_code="GONE")]), full=True
    )
    assert report.bad_rows == 1
    assert report.leavers == []
    assert staff("E000002").is_active


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
    assert staff("E000002").is_active


def test_an_empty_full_roster_is_refused(org):
    StaffFactory.create(employee_number="E000001")
    with pytest.raises(RosterFileError, match="would make every member of staff a leaver"):
        run_import(csv_bytes([]), full=True)
    assert staff("E000001").is_active


def test_a_leaver_who_never_started_leaves_on_their_start_date(org):
    start = TODAY + datetime.timedelta(days=30)
    StaffFactory.create(employee_number="E000007", start_date=start)
    run_import(csv_bytes([roster_row("E000001")]), full=True)
    person = staff("E000007")
    assert (person.is_active, person.leave_date) == (False, start)


def test_a_leaver_who_comes_back_is_active_again(org):
    run_import(csv_bytes([roster_row("E000001", leave_date="2025-03-31")]))
    assert not staff("E000001").is_active
    report = run_import(csv_bytes([roster_row("E000001", start_date="2026-04-01")]))
    [change] = report.updated
    assert {field.column: (field.old, field.new) for field in change.fields} == {
        "start_date": ("2020-01-06", "2026-04-01"),
        "leave_date": ("2025-03-31", "(blank)"),
        "active": ("no", "yes"),
    }
    person = staff("E000001")
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
    person = staff("E000001")
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
    assert writes(queries) == []
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


# All or nothing ---------------------------------------------------------------------------


def test_a_failure_while_writing_leaves_nothing_written(org):
    run_import(csv_bytes([roster_row("E000001")]))
    data = csv_bytes([roster_row("E000001", job_title="Matron"), roster_row("E000002")])
    real_update_rows = services._update_rows

    def fail_after_writing(*args, **kwargs):
        real_update_rows(*args, **kwargs)
        raise IntegrityError("duplicate key value violates unique constraint")

    with (
        mock.patch.object(services, "_update_rows", side_effect=fail_after_writing),
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
