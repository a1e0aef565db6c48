"""The report: its summary, kept as data and read back, and as CSV to download."""

import csv
import io
import json

import pytest

from qihub.core.roster import FieldChange, PersonChange, RosterReport, RowError

REPORT = RosterReport(
    rows=4,
    created=[PersonChange("E1", "Priya Patel", 2)],
    updated=[PersonChange("E2", "Tom Baker", 3, (FieldChange("team_code", "T1", "T2"),))],
    unchanged=1,
    leavers=[
        PersonChange(
            "E9",
            "@Lee Left",
            None,
            (
                FieldChange("active", "yes", "no"),
                FieldChange("leave_date", "(blank)", "2026-05-04"),
            ),
        )
    ],
    errors=[RowError(5, "team_code", "no team has the code '=X'")],
    notes=["Columns ignored (not known): Pay band."],
    full=True,
)


@pytest.mark.parametrize(
    ("rows", "bad", "dry_run", "summary"),
    [
        (
            1,
            1,
            False,
            "1 row read: 0 added, 0 updated, 0 unchanged; 1 row with errors was skipped.",
        ),
        (2, 2, False, "2 rows read: 0 added, 0 updated, 0 unchanged; 2 rows with errors were "),
        (
            0,
            0,
            True,
            "0 rows read: 0 would be added, 0 would be updated, 0 unchanged; 0 rows with ",
        ),
    ],
)
def test_the_summary_counts_in_words(rows, bad, dry_run, summary):
    errors = [RowError(row, "team_code", "no team") for row in range(2, 2 + bad)]
    report = RosterReport(rows=rows, errors=errors, dry_run=dry_run)
    assert report.summary().startswith(summary)


def test_a_report_kept_as_data_reads_back_as_it_was():
    assert RosterReport.from_data(json.loads(json.dumps(REPORT.to_data()))) == REPORT


def test_the_csv_has_every_problem_and_change_and_runs_no_formula():
    rows = list(csv.reader(io.StringIO(REPORT.as_csv())))
    assert rows == [
        ["row", "employee_number", "name", "outcome", "column", "old", "new", "reason"],
        ["5", "", "", "not imported", "team_code", "", "", "no team has the code '=X'"],
        ["2", "E1", "Priya Patel", "added", "", "", "", ""],
        ["3", "E2", "Tom Baker", "updated", "team_code", "T1", "T2", ""],
        ["", "E9", "'@Lee Left", "marked as a leaver", "active", "yes", "no", ""],
        ["", "E9", "'@Lee Left", "marked as a leaver", "leave_date", "(blank)", "2026-05-04", ""],
    ]
