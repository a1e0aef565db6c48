"""`qihub spc`: CSV in, the JSON document out; bad input gets one line and a non-zero exit."""

import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from qihub.core.tests.roster_helpers import xlsx_bytes
from qihub.spc import analyse

QIHUB = Path(sys.executable).parent / "qihub"
VALUES = [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 12]


def _spc(*args: str) -> dict:
    out = StringIO()
    call_command("spc", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def series_csv(tmp_path: Path) -> Path:
    path = tmp_path / "series.csv"
    dates = [f"2024-{month:02d}-01" for month in range(1, 12)]
    path.write_text(
        "date,value\n" + "".join(f"{d},{v}\n" for d, v in zip(dates, VALUES, strict=True))
    )
    return path


def test_prints_the_engines_document(series_csv: Path) -> None:
    document = _spc(str(series_csv), "--direction=increase", "--target=8")

    expected = analyse(
        VALUES,
        dates=[f"2024-{month:02d}-01" for month in range(1, 12)],
        direction="increase",
        target=8,
    ).to_dict()
    assert document == expected
    assert document["points"][-1]["point_type"] == "improvement"
    assert document["variation"] == "improvement_high"


def test_every_option(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "date,numerator,denominator\n"
        + "".join(f"2024-01-{day:02d},{40 + day % 5},{100 + day}\n" for day in range(1, 21))
    )

    document = _spc(
        str(path),
        "--chart=p",
        "--no-screen",
        "--baseline=8",
        "--rebase=10,15",
        "--direction=decrease",
        "--target=0.3",
        "--shift-points=6",
        "--trend-points=6",
        "--two-in-three=legacy",
        "--laney",
    )

    assert document["options"] == {
        "chart": "p",
        "screen": False,
        "baseline": 8,
        "rebase": [10, 15],
        "direction": "decrease",
        "target": 0.3,
        "shift_points": 6,
        "trend_points": 6,
        "two_in_three": "legacy",
        "laney": True,
    }
    assert [segment["start"] for segment in document["segments"]] == [0, 10, 15]


RANGE = "the engine takes numbers between 1e-100 and 1e100 in size, or 0"


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("5\n6\n", [], "row 1: the first row must be a header"),
        ("value\n5\nfive\n", [], "row 3, column value: 'five' is not a number"),
        ("value\n5\n-1\n", ["--chart=c"], "row 3, column value: -1 is negative"),
        ("value\n5\n6\n", ["--rebase=5"], "rebase position 5 is outside 1..1"),
        ("value\n5\n6\n", ["--baseline=1"], "baseline must be an integer of at least 2"),
        ("value\n5\n6\n", ["--laney"], "laney applies to p and u charts only"),
        ("value\n5\n6\n", ["--chart=z"], "argument --chart: invalid choice: 'z'"),
        ("value\n5\n6\n", ["--rebase=a"], "argument --rebase: 'a' is not a list"),
        (
            "value\n1e308\n-1e308\n1e308\n-1e308\n",
            [],
            f"row 2, column value: 1e+308 is too large: {RANGE}",
        ),
        ("value\n1\n5e-324\n", [], f"row 3, column value: 4.94066e-324 is too close to 0: {RANGE}"),
        ("value\n1e308\n1\n", ["--chart=t"], f"row 2, column value: 1e+308 is too large: {RANGE}"),
        (
            "numerator,denominator\n1,5e-324\n",
            ["--chart=u"],
            f"row 2, column denominator: 4.94066e-324 is too close to 0: {RANGE}",
        ),
        (
            "value\n5\n6\n",
            ["--direction=increase", "--target=-1e308"],
            f"target is too large: {RANGE}; got -1e+308",
        ),
        (
            "value\n5\n6\n",
            [f"--shift-points={2**63}"],
            "shift_points must be an integer of at most 9223372036854775807; "
            "got 9223372036854775808",
        ),
        (
            "value\n5\n6\n",
            [f"--baseline={2**64}"],
            "baseline must be an integer of at most 9223372036854775807",
        ),
        ("value\n5\n6\n", ["--rebase=²"], "argument --rebase: '²' is not a list of 0-based"),
    ],
)
def test_bad_input_is_a_command_error(
    tmp_path: Path, content: str, args: list[str], message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)

    with pytest.raises(CommandError, match=re.escape(message)):
        _spc(str(path), *args)


def test_shell_refuses_an_extreme_value_in_one_line() -> None:
    run = _run("-", stdin="value\n1e308\n-1e308\n")

    assert run.returncode == 1
    assert run.stderr == (
        "CommandError: row 2, column value: 1e+308 is too large: the engine takes numbers "
        "between 1e-100 and 1e100 in size, or 0\n"
    )


def test_a_missing_file_is_a_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read the file"):
        _spc(str(tmp_path / "nowhere.csv"))


def _run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(QIHUB), "spc", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QIHUB_SECRET_KEY": "cli-test-" + "k" * 40},
        check=False,
    )


def test_shell_reads_stdin_and_prints_json() -> None:
    run = _run("--direction", "increase", "-", stdin="value\n" + "\n".join(map(str, VALUES)))

    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["variation"] == "improvement_high"


@pytest.mark.parametrize(
    ("args", "stdin", "line", "code"),
    [
        ([], "value\n5\nfive\n", "CommandError: row 3, column value: 'five' is not a number", 1),
        ([], "5\n6\n", "CommandError: row 1: the first row must be a header", 1),
        (["--chart", "q"], "value\n5\n", "CommandError: argument --chart: invalid choice", 2),
        (
            ["--target", "high"],
            "value\n5\n",
            "CommandError: argument --target: the target 'high' is not a number, like 95 or 95%",
            2,
        ),
    ],
)
def test_shell_errors_are_one_line_and_exit_non_zero(
    args: list[str], stdin: str, line: str, code: int
) -> None:
    run = _run(*args, stdin=stdin)

    assert run.returncode == code
    assert run.stdout == ""
    assert run.stderr.startswith(line)
    assert run.stderr.count("\n") == 1, run.stderr
    assert "Traceback" not in run.stderr


EXCEL = "Month\tAttendances\t4-hour %\nFeb 2024\t1,301\t75.1%\nJan 2024\t1,234\t73.7%\n"


def test_cells_pasted_from_excel_with_a_target_in_per_cent(tmp_path: Path) -> None:
    path = tmp_path / "ed.tsv"
    path.write_text(EXCEL)

    document = _spc(str(path), "--value-column=4-hour %", "--target=95%")

    assert [point["value"] for point in document["points"]] == [73.7, 75.1]
    assert [point["date"] for point in document["points"]] == ["2024-01-01", "2024-02-01"]
    assert document["options"]["target"] == 95
    assert document["warnings"][0].startswith("the dates were not in order: 1 row")
    assert _spc(str(path))["points"][0]["value"] == 1234  # guessed: the first numbers
    assert _spc(str(path), "--date-column=")["points"][0]["date"] is None


def test_a_p_chart_target_in_per_cent_is_a_proportion(series_csv: Path) -> None:
    path = series_csv.with_name("p.csv")
    path.write_text("numerator,denominator\n40,100\n45,100\n")

    assert _spc(str(path), "--chart=p", "--target=95%")["options"]["target"] == 0.95


def test_an_xlsx_file_is_read_as_the_page_reads_an_upload(tmp_path: Path) -> None:
    path = tmp_path / "ed.xlsx"
    path.write_bytes(
        xlsx_bytes([["Month", "4-hour %"], ["Feb 2024", "75.1%"], ["Jan 2024", "73.7%"]])
    )

    document = _spc(str(path))

    assert [point["value"] for point in document["points"]] == [73.7, 75.1]
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(CommandError, match=r"old.xls: old Excel \(.xls\) files cannot be read"):
        _spc(str(tmp_path / "old.xls"))
