"""`qihub import-people FILE [--full] [--dry-run]`: the roster import from the command line."""

import io
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from qihub.__main__ import main
from qihub.core.models import Person, RosterImport
from qihub.core.tests.factories import StaffFactory
from qihub.core.tests.roster_helpers import csv_bytes, roster_row


@pytest.fixture
def roster_file(tmp_path):
    def write(rows, name="roster.csv"):
        path = tmp_path / name
        path.write_bytes(csv_bytes(rows))
        return path

    return write


def _run(*args, verbosity=1):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", *map(str, args), stdout=out, stderr=err, verbosity=verbosity)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_and_prints_the_report_apart_from_the_progress_bar(org, roster_file):
    path = roster_file([roster_row("E000001"), roster_row("E000002", first_name="Tom")])
    out, err = _run(path)
    assert out.splitlines() == [
        "People added: 2",
        "  Row 2: E000001 Priya Patel",
        "  Row 3: E000002 Tom Patel",
        "2 rows read: 2 added, 0 updated, 0 unchanged; 0 rows with errors were skipped.",
    ]
    assert "\r" not in out
    assert "0/2" in err  # the bar, drawn on the error stream
    assert Person.objects.filter(employee_number__in=["E000001", "E000002"]).count() == 2
    assert RosterImport.objects.get().source_name == "roster.csv"


def test_quiet_runs_draw_no_bar(org, roster_file):
    out, err = _run(roster_file([roster_row("E000001")]), verbosity=0)
    assert err == ""
    assert "1 row read: 1 added" in out


def test_a_dry_run_says_what_would_change_and_changes_nothing(org, roster_file):
    StaffFactory.create(employee_number="E000009")
    out, _ = _run(roster_file([roster_row("E000001")]), "--dry-run", "--full")
    assert "People who would be added: 1" in out
    assert "Would be marked as leavers: 1" in out
    assert "E000009" in out
    assert out.rstrip().endswith("Dry run: nothing was changed.")
    assert not Person.objects.filter(employee_number="E000001").exists()
    assert Person.objects.get(employee_number="E000009").is_active
    assert not RosterImport.objects.exists()


def test_full_marks_leavers(org, roster_file):
    StaffFactory.create(employee_number="E000009")
    out, _ = _run(roster_file([roster_row("E000001")]), "--full")
    assert "Marked as leavers: 1" in out
    assert not Person.objects.get(employee_number="E000009").is_active


def test_row_errors_are_reported_the_good_rows_imported_and_the_exit_status_says_so(
    org, roster_file
):
    path = roster_file([roster_row("E000001"), roster_row("E000002", team_code="T9")])
    out = io.StringIO()
    with pytest.raises(CommandError, match="Skipped 1 row with errors") as raised:
        call_command("import_people", str(path), stdout=out, stderr=io.StringIO())
    assert raised.value.returncode == 3
    assert "Row 3, team_code: no team has the code 'T9'" in out.getvalue()
    assert Person.objects.filter(employee_number="E000001").exists()
    assert not Person.objects.filter(employee_number="E000002").exists()


def test_long_lists_are_cut_short_unless_asked_for(org, roster_file):
    path = roster_file([roster_row(f"E{n:06d}") for n in range(1, 61)])
    out, _ = _run(path, "--dry-run")
    assert "  … and 10 more." in out
    assert "-v 2 lists everything" in out
    out, _ = _run(path, "--dry-run", verbosity=2)
    assert "E000060" in out
    assert "more." not in out


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("roster.txt", b"hello", "the roster must be a .csv or .xlsx file"),
        ("roster.csv", b"", "roster.csv: the file is empty."),
        ("roster.xlsx", b"PK\x03\x04nonsense", "the spreadsheet is damaged"),
        ("roster.csv", b"name,email\r\nA,a@b.example\r\n", "missing: employee_number"),
    ],
)
def test_a_bad_file_is_a_command_error(org, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError, match=message) as raised:
        _run(path)
    assert raised.value.returncode == 1


def test_a_missing_file_is_a_command_error(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        _run(tmp_path / "nowhere.csv")


def test_the_qihub_command_runs_it_as_import_people(org, roster_file, monkeypatch, capsys):
    path = roster_file([roster_row("E000001"), roster_row("E000002", staff_level="Boss")])
    monkeypatch.setattr(sys, "argv", ["qihub", "import-people", str(path), "--dry-run"])
    # A command run from the command line closes the database connection when it ends, which
    # would end the test's transaction with it.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 3
    captured = capsys.readouterr()
    assert "Row 3, staff_level: 'Boss' is not a staff level" in captured.out
    assert "CommandError: Skipped 1 row with errors" in captured.err
    assert not Person.objects.exists()
