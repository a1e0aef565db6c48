import argparse
import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qihub.measurement.analysis import ChartOptions, analyse_series
from qihub.measurement.series import SeriesError, read_csv
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
            "file", nargs="?", default="-", help="CSV file to read; - (the default) reads stdin"
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
        parser.add_argument("--target", type=float, metavar="T")
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
                with open(name, encoding="utf-8-sig", newline="") as file:
                    text = file.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{name}: cannot read the file: {error}") from None
        chart_options = ChartOptions(
            chart=options["chart"],
            screen=options["screen"],
            baseline=options["baseline"],
            rebase=options["rebase"],
            direction=options["direction"],
            target=options["target"],
            shift_points=options["shift_points"],
            trend_points=options["trend_points"],
            two_in_three=options["two_in_three"],
            laney=options["laney"],
        )
        try:
            result = analyse_series(read_csv(text, chart=chart_options.chart), chart_options)
        except SeriesError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(result.to_dict(), indent=2, allow_nan=False))
