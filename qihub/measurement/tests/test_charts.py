"""The charting layer's API: a series in, one chart with its drawings, reading, table, icons and
downloads out, the same for every page that shows a series."""

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from qihub.measurement.charts import (
    Chart,
    ChartOptions,
    Series,
    SeriesError,
    chart_download,
    chart_series,
)
from qihub.spc import analyse

STEADY = (10.0, 11.0, 9.0, 10.0, 11.0, 9.0, 10.0, 11.0, 9.0, 10.0, 11.0, 9.0, 10.0)
MONTHS = tuple(f"{2023 + i // 12}-{i % 12 + 1:02d}-01" for i in range(14))


def _falls(**options: object) -> Chart:
    return chart_series(
        Series(values=(*STEADY, 20.0), dates=MONTHS, annotations=("",) * 13 + ("New <beds>",)),
        ChartOptions(direction="decrease", **options),  # type: ignore[arg-type]
        title="Falls on ward 7",
        unit="falls per 1,000 bed days",
        html_id="falls",
    )


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  (our own output, parsed to check it is well-formed)


def test_a_series_becomes_a_chart_with_everything_a_page_shows() -> None:
    chart = _falls(target=12)

    assert chart.result.variation == "concern_high"
    assert chart.reading.summary[0] == (
        "Special cause concern at the latest point, February 2024: "
        "a point above the upper process limit."
    )
    wide, narrow = _tree(chart.svg_wide), _tree(chart.svg_narrow)
    assert wide.get("aria-labelledby") == "falls-wide-title"
    assert narrow.get("aria-describedby") == "falls-narrow-desc"
    assert wide.get("viewBox", "").startswith("0 0 960 ")
    assert narrow.get("viewBox", "").startswith("0 0 340 ")
    assert wide.findtext("{http://www.w3.org/2000/svg}title") == (
        "Falls on ward 7: XmR chart of 14 points, values in falls per 1,000 bed days; "
        "lower is better"
    )
    columns = [column.label for column in chart.table.columns]
    assert columns == [
        "Point",
        "Date",
        "Value (falls per 1,000 bed days)",
        "Mean",
        "Lower limit",
        "Upper limit",
        "Rule",
        "Type",
        "Note",
    ]
    last = {cell.label: cell.text for cell in chart.table.rows[-1]}
    assert last["Date"] == "February 2024" and last["Value (falls per 1,000 bed days)"] == "20"
    assert last["Type"] == "Concern" and last["Note"] == "New <beds>"


def test_the_table_has_the_columns_its_chart_needs() -> None:
    run = chart_series(Series(values=STEADY), ChartOptions(chart="run"))
    ratio = chart_series(
        Series(values=(4.0, 5.0, 6.0), denominators=(10.0, 10.0, 12.0)), ChartOptions(chart="p")
    )

    assert [column.label for column in run.table.columns] == ["Point", "Value", "Median"]
    assert [column.label for column in ratio.table.columns][:4] == [
        "Point",
        "Numerator",
        "Denominator",
        "Value",
    ]
    assert [cell.text for cell in ratio.table.rows[2]][:4] == ["3", "6", "12", "50.0%"]


def test_icons_stand_alone_for_a_summary_table() -> None:
    with_target = _falls(target=12)
    without = _falls()

    variation, assurance = with_target.icons
    assert (variation.kind, variation.value) == ("variation", "concern_high")
    assert variation.title == "Special cause concern (higher)"
    icon = _tree(variation.svg)
    assert icon.get("role") == "img" and icon.get("aria-label") == variation.title
    assert icon.get("width") == icon.get("height") == "48"
    assert (assurance.value, assurance.title) == ("hit_and_miss", "Hit and miss the target")
    assert _tree(assurance.svg).get("aria-label") == "Hit and miss the target"
    assert [icon.kind for icon in without.icons] == ["variation"]


def test_bad_input_is_one_line_naming_what_is_wrong() -> None:
    with pytest.raises(SeriesError, match="negative"):
        chart_series(Series(values=(1.0, -1.0, 2.0)), ChartOptions(chart="c"))
    with pytest.raises(ValueError, match="the result has 3 points and the series 2"):
        Chart(series=Series(values=(1.0, 2.0)), result=analyse([1, 2, 3]))
    with pytest.raises(ValueError, match="heading_level is 6"):
        Chart(series=Series(values=(1.0, 2.0)), result=analyse([1, 2]), heading_level=6)


def test_a_chart_does_not_change_once_made() -> None:
    chart = _falls()

    with pytest.raises(dataclasses.FrozenInstanceError):
        chart.title = "Other"  # type: ignore[misc]
    assert chart.svg_wide is chart.svg_wide  # drawn once, when first shown


@pytest.mark.parametrize(
    ("kind", "content_type", "start"),
    [
        ("png", "image/png", b"\x89PNG\r\n\x1a\n"),
        ("svg", "image/svg+xml; charset=utf-8", b'<svg xmlns="http://www.w3.org/2000/svg"'),
        ("csv", "text/csv; charset=utf-8", b"point,date,value,centre,lower_limit,upper_limit"),
    ],
)
def test_downloads_are_files_named_after_the_title(
    kind: str, content_type: str, start: bytes
) -> None:
    response = chart_download(_falls(), kind)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="falls-on-ward-7.{kind}"'
    assert response.content.startswith(start)


def test_a_downloaded_svg_has_a_fixed_size_and_a_bad_format_is_refused() -> None:
    svg = _tree(chart_download(_falls(), "svg").content.decode())
    refused = chart_download(_falls(), "gif")

    assert svg.get("width") == "960" and svg.get("aria-labelledby") == "falls-title"
    assert refused.status_code == 400
    assert refused.content.decode() == "Choose a download: png, svg or csv."
