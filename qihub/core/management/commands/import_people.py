import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize
from tqdm import tqdm

from qihub.core.roster import RosterError, read_roster, roster_import

# The exit status when the import ran but some rows were skipped, so a scheduled import can
# alert someone; a file that cannot be imported at all exits with 1.
ROW_ERRORS_EXIT_STATUS = 3
LISTED_PER_SECTION = 50


class Command(BaseCommand):
    help = (
        "Import the staff roster from a CSV or XLSX file exported by the HR system "
        "(columns: docs/roster-import.md). Exits with 1 if the file cannot be imported and "
        f"with {ROW_ERRORS_EXIT_STATUS} if some rows had errors (the others were imported)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--full",
            action="store_true",
            help="The file is the whole roster: mark active staff missing from it as leavers.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        # The bar goes to the raw error stream: Django's wrapper would end each redraw with a
        # newline. The report goes to standard output.
        bar_stream = options.get("stderr") or sys.stderr
        try:
            with path.open("rb") as file:
                roster = read_roster(file, filename=path.name)
            with tqdm(
                total=len(roster.rows),
                unit=" rows",
                file=bar_stream,
                disable=options["verbosity"] == 0,
                leave=False,
            ) as bar:
                report = roster_import(
                    rows=roster.rows,
                    full=options["full"],
                    dry_run=options["dry_run"],
                    source_name=path.name,
                    ignored_columns=roster.ignored_columns,
                    progress=bar.update,
                )
        except RosterError as error:
            raise CommandError(str(error)) from error
        limit = None if options["verbosity"] > 1 else LISTED_PER_SECTION
        for line in report.lines(limit=limit):
            self.stdout.write(line)
        sections = (report.errors, report.created, report.updated, report.leavers)
        if limit is not None and any(len(section) > limit for section in sections):
            self.stdout.write(f"(Lists show the first {limit} of each; -v 2 lists everything.)")
        if report.errors:
            raise CommandError(
                f"Skipped {report.bad_rows:,} row{pluralize(report.bad_rows)} with errors; "
                "see the report above.",
                returncode=ROW_ERRORS_EXIT_STATUS,
            )
