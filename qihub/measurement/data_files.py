"""A measure's data as files: CSV (safe to open in a spreadsheet) and JSON, for its page's
downloads and the API's public read."""

from __future__ import annotations

import csv
import io
from typing import Any

from qihub.core.exports import spreadsheet_text
from qihub.measurement.models import Measure


def _number(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def measure_description(measure: Measure) -> dict[str, Any]:
    return {
        "slug": measure.slug,
        "name": measure.name,
        "definition": measure.definition,
        "unit": measure.unit,
        "data_type": measure.data_type,
        "chart": measure.chart,
        "direction": measure.direction,
        "target_value": measure.target_value,
        "target_date": measure.target_date.isoformat() if measure.target_date else None,
        "baseline_points": measure.baseline_points,
    }


def measure_data(measure: Measure) -> dict[str, Any]:
    """The measure, its points, its rebases and its annotations, as JSON-ready data."""
    return {
        "measure": measure_description(measure),
        "data": [
            {
                "period": period.isoformat(),
                "value": value,
                "numerator": numerator,
                "denominator": denominator,
            }
            for period, value, numerator, denominator in measure.data_points.order_by(
                "period"
            ).values_list("period", "value", "numerator", "denominator")
        ],
        "rebases": [
            {"period": rebase.period.isoformat(), "reason": rebase.reason}
            for rebase in measure.rebases.order_by("period")
        ],
        "annotations": [
            {"period": note.period.isoformat(), "text": note.text}
            for note in measure.annotations.order_by("period", "pk")
        ],
    }


def measure_data_csv(measure: Measure) -> str:
    """One row a period, in the columns the upload reads back (period and value, or period,
    numerator and denominator, with the proportion or rate after them), and the period's
    annotations; text cells are escaped so that no spreadsheet runs them as a formula."""
    notes: dict[Any, list[str]] = {}
    for note in measure.annotations.order_by("period", "pk"):
        notes.setdefault(note.period, []).append(note.text)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    ratio = measure.is_ratio
    writer.writerow(
        ["period", "numerator", "denominator", measure.data_type, "annotation"]
        if ratio
        else ["period", "value", "annotation"]
    )
    rows = measure.data_points.order_by("period").values_list(
        "period", "value", "numerator", "denominator"
    )
    for period, value, numerator, denominator in rows:
        numbers = (
            [_number(numerator), _number(denominator), _number(numerator / denominator)]
            if ratio
            else [_number(value)]
        )
        note = spreadsheet_text("; ".join(notes.get(period, [])))
        writer.writerow([period.isoformat(), *numbers, note])
    return buffer.getvalue()


def measure_file_name(measure: Measure, extension: str) -> str:
    return f"{measure.slug}-data.{extension}"
