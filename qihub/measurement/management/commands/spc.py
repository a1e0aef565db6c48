import argparse
import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qihub.measurement.analysis import ChartOptions, analyse_series, spc_document
from qihub.measurement.cells import read_target
from qihub.measurement.series import SeriesError, read_csv, upload_text
from qihub.spc import CHARTS


def _positions(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of 0-based positions such as 12,24"
        ) from None


def _one_line_errors(parser: CommandParser) -> None:
    """From a shell, a bad option gets one line on stderr (not argparse's usage block)."""

    def error(message: str) -> NoReturn:
        if not parser.called_from_command_line:
            raise CommandError(f"Error: {message}")
        parser.exit(2, f"CommandError: {message} (see qihub spc --help)\n")

    parser.error = error  # type: ignore[method-assign]


class Command(BaseCommand):
    help = (
        "Analyse a series as an SPC chart (Making Data Count) and print the JSON document. "
        "Reads CSV with a header: value, or date,value, or date,numerator,denominator for p and "
        "u charts. See docs/spc.md."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        _one_line_errors(parser)
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            default="-",
            help="CSV or XLSX file to read (an XLSX file's first sheet); - (the default) reads "
            "CSV from stdin",
        )
        parser.add_argument("--chart", choices=CHARTS, default="xmr", help="default: xmr")
        parser.add_argument(
            "--no-screen",
            dest="screen",
            action="store_false",
            help="do not screen large moving ranges (reproduces the MDC Excel tool)",
        )
        parser.add_argument(
            "--baseline", type=int, metavar="N", help="fix the limits on the first N points"
        )
        parser.add_argument(
            "--rebase",
            type=_positions,
            default=(),
            metavar="I,J,…",
            help="0-based positions where a new segment (new mean and limits) starts",
        )
        parser.add_argument(
            "--direction", choices=("increase", "decrease", "neutral"), default="neutral"
        )
        parser.add_argument(
            "--target",
            metavar="T",
            default="",
            help="for the assurance icon; 95%% is 0.95 on a p chart, 95 on any other",
        )
        parser.add_argument(
            "--date-column",
            metavar="HEADING",
            help="the column of dates, by its heading; an empty string for none (default: guessed)",
        )
        parser.add_argument(
            "--value-column",
            metavar="HEADING",
            help="the column of values, by its heading (default: guessed)",
        )
        parser.add_argument("--shift-points", type=int, default=7, metavar="N")
        parser.add_argument("--trend-points", type=int, default=7, metavar="N")
        parser.add_argument("--two-in-three", choices=("current", "legacy"), default="current")
        parser.add_argument(
            "--laney", action="store_true", help="Laney's p′ and u′ charts (large denominators)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        try:
            if name == "-":
                text = sys.stdin.read()
            else:
                with open(name, "rb") as file:
                    data = file.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{name}: cannot read the file: {error}") from None
        if name != "-":
            # As the /spc/ page reads an upload: CSV in any encoding it knows, or XLSX.
            try:
                text = upload_text(data, filename=name)
            except SeriesError as error:
                raise CommandError(f"{name}: {error}") from None
        try:
            target = read_target(options["target"], chart=options["chart"], p_in_percent=False)
        except SeriesError as error:
            raise CommandError(f"argument --target: {error}", returncode=2) from None
        chart_options = ChartOptions(
            chart=options["chart"],
            screen=options["screen"],
            baseline=options["baseline"],
            rebase=options["rebase"],
            direction=options["direction"],
            target=target,
            shift_points=options["shift_points"],
            trend_points=options["trend_points"],
            two_in_three=options["two_in_three"],
            laney=options["laney"],
        )
        try:
            series = read_csv(
                text,
                chart=chart_options.chart,
                date_column=options["date_column"],
                value_column=options["value_column"],
            )
            result = analyse_series(series, chart_options)
        except SeriesError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(spc_document(series, result), indent=2, allow_nan=False))
