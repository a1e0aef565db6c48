from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from qihub.core.roster import RosterFileError, read_roster, roster_import


class Command(BaseCommand):
    help = (
        "Import the staff roster from a CSV or XLSX file exported by the HR system "
        "(columns: docs/roster-import.md)."
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
        try:
            with path.open("rb") as file:
                total, rows = read_roster(file, filename=path.name)
                with tqdm(total=total, unit="row", disable=options["verbosity"] == 0) as bar:
                    report = roster_import(
                        rows=rows,
                        full=options["full"],
                        dry_run=options["dry_run"],
                        source_name=path.name,
                        progress=bar.update,
                    )
        except RosterFileError as error:
            raise CommandError(str(error)) from error
        for row_error in report.errors:
            self.stderr.write(str(row_error))
        self.stdout.write(report.summary())
        if report.dry_run:
            self.stdout.write("Dry run: nothing was changed.")
