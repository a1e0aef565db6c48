"""What an import did, or would do: the people added, updated and made leavers, and the rows with
problems; as text (the command line), as a dict (the import's record), as data to keep and read
back (an upload's report), and as CSV to download."""

import csv
import dataclasses
import datetime
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.template.defaultfilters import pluralize

from qihub.core.exports import spreadsheet_text

REPORT_CSV_COLUMNS = [
    "row",
    "employee_number",
    "name",
    "outcome",
    "column",
    "old",
    "new",
    "reason",
]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.column}: {self.reason}"


@dataclass(frozen=True)
class FieldChange:
    column: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.column}: {self.old} → {self.new}"


@dataclass(frozen=True)
class PersonChange:
    """One person added, updated or made a leaver; `row` is None for a leaver (not in the file)."""

    employee_number: str
    name: str
    row: int | None = None
    fields: tuple[FieldChange, ...] = ()

    def __str__(self) -> str:
        where = f"Row {self.row}: " if self.row is not None else ""
        changes = "; ".join(str(change) for change in self.fields)
        return f"{where}{self.employee_number} {self.name}" + (f" ({changes})" if changes else "")


@dataclass
class RosterReport:
    rows: int = 0
    created: list[PersonChange] = field(default_factory=list)
    updated: list[PersonChange] = field(default_factory=list)
    unchanged: int = 0
    leavers: list[PersonChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    full: bool = False

    @property
    def bad_rows(self) -> int:
        return len({error.row for error in self.errors})

    @property
    def changes(self) -> int:
        return len(self.created) + len(self.updated) + len(self.leavers)

    def summary(self) -> str:
        would = "would be " if self.dry_run else ""
        leavers = f", {len(self.leavers):,} {would}marked as leavers" if self.full else ""
        return (
            f"{self.rows:,} row{pluralize(self.rows)} read: {len(self.created):,} {would}added, "
            f"{len(self.updated):,} {would}updated, {self.unchanged:,} unchanged{leavers}; "
            f"{self.bad_rows:,} row{pluralize(self.bad_rows)} with errors "
            f"{would or pluralize(self.bad_rows, 'was ,were ')}skipped."
        )

    def lines(self, *, limit: int | None = None) -> Iterator[str]:
        """The report as text: each section lists up to `limit` entries, then the summary."""
        sections: list[tuple[str, Sequence[object]]] = [
            ("Problems (nothing from a row with a problem is written)", self.errors),
            ("People added" if not self.dry_run else "People who would be added", self.created),
            ("People updated" if not self.dry_run else "People who would be updated", self.updated),
            (
                "Marked as leavers" if not self.dry_run else "Would be marked as leavers",
                self.leavers,
            ),
        ]
        for title, entries in sections:
            if not entries:
                continue
            yield f"{title}: {len(entries):,}"
            for entry in entries[:limit]:
                yield f"  {entry}"
            if limit is not None and len(entries) > limit:
                yield f"  … and {len(entries) - limit:,} more."
        for note in self.notes:
            yield f"Note: {note}"
        yield self.summary()
        if self.dry_run:
            yield "Dry run: nothing was changed."

    def as_dict(self) -> dict[str, Any]:
        def changed(entries: list[PersonChange]) -> list[dict[str, Any]]:
            return [
                {
                    "employee_number": entry.employee_number,
                    "row": entry.row,
                    "changes": [
                        {"column": change.column, "old": change.old, "new": change.new}
                        for change in entry.fields
                    ],
                }
                for entry in entries
            ]

        return {
            "rows": self.rows,
            "created": [entry.employee_number for entry in self.created],
            "updated": changed(self.updated),
            "unchanged": self.unchanged,
            "leavers": changed(self.leavers),
            "errors": [
                {"row": error.row, "column": error.column, "reason": error.reason}
                for error in self.errors[:1000]
            ],
            "error_count": len(self.errors),
            "notes": self.notes,
            "dry_run": self.dry_run,
            "full": self.full,
        }

    def to_data(self) -> dict[str, Any]:
        """Everything in the report, as JSON can hold it; :meth:`from_data` reads it back."""
        return dataclasses.asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "RosterReport":
        def people(entries: list[dict[str, Any]]) -> list[PersonChange]:
            return [
                PersonChange(
                    entry["employee_number"],
                    entry["name"],
                    entry["row"],
                    tuple(FieldChange(**change) for change in entry["fields"]),
                )
                for entry in entries
            ]

        return cls(
            **{
                **data,
                "created": people(data["created"]),
                "updated": people(data["updated"]),
                "leavers": people(data["leavers"]),
                "errors": [RowError(**error) for error in data["errors"]],
            }
        )

    def as_csv(self) -> str:
        """Every problem and every change, one a line, safe to open in a spreadsheet."""
        would = "would be " if self.dry_run else ""
        lines: list[list[Any]] = [
            [error.row, "", "", "not imported", error.column, "", "", error.reason]
            for error in self.errors
        ]
        for outcome, entries in (("added", self.created), ("updated", self.updated)):
            for entry in entries:
                start = [entry.row, entry.employee_number, entry.name, would + outcome]
                changes = [[*start, c.column, c.old, c.new, ""] for c in entry.fields]
                lines += changes or [[*start, "", "", "", ""]]
        for entry in self.leavers:
            start = ["", entry.employee_number, entry.name, f"{would}marked as a leaver"]
            lines += [[*start, c.column, c.old, c.new, ""] for c in entry.fields]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(REPORT_CSV_COLUMNS)
        writer.writerows([spreadsheet_text(str(cell)) for cell in line] for line in lines)
        return buffer.getvalue()


def shown(value: Any) -> str:
    """A person's value as a report shows it."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
