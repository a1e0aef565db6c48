"""Reference results from R (see README.md): each example's input series and published output."""

import csv
import json
from pathlib import Path

FOLDER = Path(__file__).parent


def series(name: str, column: str) -> list[float]:
    """One column of an example's input (``<name>.csv``) as floats."""
    with (FOLDER / f"{name}.csv").open(newline="") as file:
        return [float(row[column]) for row in csv.DictReader(file)]


def reference(name: str) -> dict:
    """The published R output an example is compared with (``<name>.json``)."""
    with (FOLDER / f"{name}.json").open() as file:
        reference: dict = json.load(file)
    return reference
