"""The SVG: well-formed, accessible, Making Data Count colours, rebase breaks, escaped text."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest

from qihub.measurement.downloads import filename, result_csv, svg_to_png
from qihub.measurement.reading import data_table
from qihub.measurement.render import COLOURS, MARKER_LIMIT, NARROW, render_svg
from qihub.measurement.series import Series
from qihub.spc import analyse

SVG = "{http://www.w3.org/2000/svg}"
# Steady around 10, then a high point, a low point: with "increase", improvement then concern.
STEADY = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 10]


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  (our own output, parsed to check it is well-formed)


def _points(root: ET.Element) -> dict[str, list[ET.Element]]:
    found: dict[str, list[ET.Element]] = {}
    for element in root.iter():
        for cls in (element.get("class") or "").split():
            if cls.startswith("spc-point--"):
                found.setdefault(cls.removeprefix("spc-point--"), []).append(element)
    return found


def test_accessible_svg_with_title_and_description() -> None:
    result = analyse([*STEADY, 20], direction="increase")

    svg = render_svg(result, title="Falls per 1,000 bed days", id_prefix="chart")
    root = _tree(svg)

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-title"
    assert root.get("aria-describedby") == "chart-desc"
    assert root.get("viewBox", "").startswith("0 0 960 ")
    assert root.get("width") == "100%" and root.get("height") is None
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == "chart-title"
    assert title.text == "Falls per 1,000 bed days: XmR chart of 14 points; higher is better"
    assert desc is not None and desc.get("id") == "chart-desc"
    assert desc.text is not None and desc.text.startswith("Special cause improvement at the latest")


def test_a_long_title_is_wrapped_in_full_on_a_phone() -> None:
    title = "Emergency admissions over 65 who fall on a ward in their first 72 hours, per 1,000"
    root = _tree(render_svg(analyse(STEADY), title=title, layout=NARROW))
    texts = root.iter(f"{SVG}text")
    bold = [text.text or "" for text in texts if text.get("font-weight") == "bold"]
    lines = [line for line in bold if line in title]
    assert " ".join(lines) == title and len(lines) > 2


def test_a_download_has_a_fixed_size() -> None:
    root = _tree(render_svg(analyse(STEADY), responsive=False))

    assert root.get("width") == "960"
    assert root.get("viewBox") == f"0 0 960 {root.get('height')}"


@pytest.mark.parametrize(
    ("values", "direction", "expected"),
    [
        ([*STEADY, 20], "increase", {"common_cause": 13, "improvement": 1}),
        ([*STEADY, 0], "increase", {"common_cause": 13, "concern": 1}),
        ([*STEADY, 20], "decrease", {"common_cause": 13, "concern": 1}),
        (
            [*STEADY, 20, 10, 0],
            "neutral",
            {"common_cause": 14, "neutral_high": 1, "neutral_low": 1},
        ),
    ],
)
def test_points_take_the_colour_of_their_type(
    values: list[float], direction: str, expected: dict[str, int]
) -> None:
    points = _points(_tree(render_svg(analyse(values, direction=direction))))

    assert {kind: len(elements) for kind, elements in points.items()} == expected
    for kind, elements in points.items():
        assert {element.get("fill") for element in elements} == {COLOURS[kind]}
    assert COLOURS["common_cause"] == "#768692"  # grey
    assert COLOURS["improvement"] == "#005eb8"  # blue
    assert COLOURS["concern"] == "#d5681b"  # orange
    assert COLOURS["neutral_high"] == COLOURS["neutral_low"] == "#704c9c"  # purple


def test_special_cause_points_differ_in_shape_not_only_colour() -> None:
    points = _points(_tree(render_svg(analyse([*STEADY, 20, 10, 0], direction="increase"))))

    assert points["improvement"][0].tag == f"{SVG}circle"
    assert points["concern"][0].tag == f"{SVG}polygon"
    neutral = _points(_tree(render_svg(analyse([*STEADY, 20]))))
    assert neutral["neutral_high"][0].tag == f"{SVG}rect"


def _paths(root: ET.Element, cls: str) -> list[str]:
    return [
        element.get("d", "")
        for element in root.iter(f"{SVG}path")
        if cls in (element.get("class") or "").split()
    ]


def test_a_rebase_breaks_every_line() -> None:
    result = analyse([*STEADY, 20, 21, 19, 20, 21, 19, 20], rebase=[13])

    root = _tree(render_svg(result))

    centres = _paths(root, "spc-centre")
    assert len(centres) == 2
    assert all(path.count("M") == 1 for path in centres)
    assert len(_paths(root, "spc-data")) == 2
    assert len(_paths(root, "spc-limit")) == 4
    rebase = [line for line in root.iter(f"{SVG}line") if line.get("class") == "spc-rebase"]
    assert len(rebase) == 1
    # The two centre lines do not meet: the first ends left of the rebase, the second starts right.
    first_end = float(re.findall(r"H([\d.]+)", centres[0])[-1])
    second_start = float(re.match(r"M([\d.]+)", centres[1]).group(1))  # type: ignore[union-attr]
    assert first_end < float(rebase[0].get("x1", 0)) < second_start


def test_a_missing_value_breaks_the_data_line() -> None:
    root = _tree(render_svg(analyse([*STEADY[:6], None, *STEADY[6:]])))

    (data,) = _paths(root, "spc-data")
    assert data.count("M") == 2


def test_limits_that_vary_with_the_denominator_step() -> None:
    result = analyse([4, 6, 5, 7, 5, 6], chart="p", denominators=[10, 20, 10, 40, 10, 20])

    upper = _paths(_tree(render_svg(result)), "spc-limit")[0]

    assert "V" in upper


def test_a_run_chart_has_a_median_and_no_limits() -> None:
    root = _tree(render_svg(analyse(STEADY, chart="run")))

    assert _paths(root, "spc-centre")
    assert not _paths(root, "spc-limit")
    assert "Median" in ET.tostring(root, encoding="unicode")


def test_target_line_and_icons() -> None:
    result = analyse([*STEADY, 20], direction="increase", target=30)

    root = _tree(render_svg(result))
    classes = [element.get("class") or "" for element in root.iter()]

    assert "spc-target" in classes
    assert "spc-icon spc-icon--variation spc-icon--improvement_high" in classes
    assert "spc-icon spc-icon--assurance spc-icon--fail" in classes
    svg = ET.tostring(root, encoding="unicode")
    assert "Special cause improvement (higher)" in svg
    assert "Consistently failing the target" in svg
    no_target = [
        element.get("class") or "" for element in _tree(render_svg(analyse(STEADY))).iter()
    ]
    assert not any("spc-icon--assurance" in cls for cls in no_target)
    assert "spc-target" not in no_target


def test_text_is_escaped() -> None:
    note = '<script>alert("x")</script> & PDSA 1'
    values = [*STEADY]
    svg = render_svg(
        analyse(values, dates=[f"<b>{i}</b>" for i in range(len(values))]),
        title="Falls & <harm>",
        annotations=["", "", note, *[""] * (len(values) - 3)],
    )

    assert "<script>" not in svg and "<b>" not in svg and "<harm>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; PDSA 1" in svg
    root = _tree(svg)
    annotation = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "spc-annotation")
    assert annotation.findtext(f"{SVG}title") == note
    assert root.findtext(f"{SVG}title", "").startswith("Falls & <harm>")


def test_long_annotations_are_shortened_on_the_chart_only() -> None:
    note = "PDSA cycle 3: a new discharge checklist on every ward in the medical division"
    root = _tree(render_svg(analyse(STEADY), annotations=[note, *[""] * 12], layout=NARROW))

    annotation = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "spc-annotation")
    assert annotation.findtext(f"{SVG}title") == note
    assert (annotation.findtext(f"{SVG}text") or "").endswith("…")


def test_many_points_draw_only_special_cause_markers() -> None:
    values = [float(i % 5) for i in range(MARKER_LIMIT + 100)]
    values[-1] = 50.0

    points = _points(_tree(render_svg(analyse(values))))

    assert "common_cause" not in points
    assert len(points["neutral_high"]) == 1


def test_a_single_point_and_equal_values_still_draw() -> None:
    _tree(render_svg(analyse([5.0], chart="run")))
    _tree(render_svg(analyse([5.0, 5.0, 5.0])))
    _tree(render_svg(analyse([5.0, 5.0, 5.0]), layout=NARROW))


def test_png_and_csv_downloads() -> None:
    result = analyse([4, 5, 6], chart="p", denominators=[10, 10, 10], dates=["=cmd", "b", "c"])
    series = Series(
        values=(4.0, 5.0, 6.0), denominators=(10.0, 10.0, 10.0), annotations=("@x", "", "")
    )

    assert svg_to_png(render_svg(result, responsive=False)).startswith(b"\x89PNG\r\n\x1a\n")
    lines = result_csv(result, series).splitlines()
    assert lines[0] == (
        "point,date,numerator,denominator,value,centre,lower_limit,upper_limit,"
        "lower_2sigma,upper_2sigma,rule,point_type,annotation"
    )
    # Rounded as shown: 40.0% is 0.400 (issue 10, §3).
    assert lines[1].startswith("1,'=cmd,4,10,0.400,0.500,")
    assert lines[1].endswith(",,common_cause,'@x")
    assert filename("A&E: 4-hour performance", "png") == "ae-4-hour-performance.png"
    assert filename("", "csv") == "spc-chart.csv"


def test_the_csv_download_has_the_precision_the_table_shows() -> None:
    values = (5.6, 5.9, 5.4, 5.8, 5.7, 5.5, 4.9, 5.0, 4.8, 4.9, 4.7, 4.8, 4.6)
    series = Series(values=values)
    result = analyse(list(values))
    table = data_table(result, series)

    rows = list(csv.DictReader(io.StringIO(result_csv(result, series))))

    assert result.points[0].centre == 5.199999999999999
    for row, cells in zip(rows, table.rows, strict=True):
        shown = {cell.label: cell.text for cell in cells}
        assert row["value"] == shown["Value"]
        assert row["centre"] == shown["Mean"] == "5.20"
        assert row["lower_limit"] == shown["Lower limit"]
        assert row["upper_limit"] == shown["Upper limit"]
    assert rows[0]["upper_2sigma"] == "5.64"
