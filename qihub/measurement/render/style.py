"""The chart's colours, type and the two layouts it is drawn in."""

from __future__ import annotations

from dataclasses import dataclass

COLOURS = {
    "common_cause": "#768692",
    "improvement": "#005eb8",
    "concern": "#d5681b",
    "neutral_high": "#704c9c",
    "neutral_low": "#704c9c",
}
TEXT = "#212b32"
SECONDARY = "#4c6272"
GRID = "#d8dde0"
TARGET = "#d5281b"
DATA_LINE = "#768692"
FONT = "Frutiger W01, Arial, Helvetica, sans-serif"
#: The space around the drawing, in SVG units.
MARGIN = 12.0
#: Beyond this many points, common-cause points are drawn as the line alone.
MARKER_LIMIT = 500
#: The dashes of the process limits, the target and a rebase, on the chart and in the legend.
LIMIT_DASH = "7 5"
TARGET_DASH = "10 4 2 4"
REBASE_DASH = "2 4"


@dataclass(frozen=True)
class Layout:
    """Sizes in SVG units; the picture scales to its container."""

    width: int
    plot_height: int
    font_size: float
    title_size: float
    max_x_labels: int
    y_ticks: int
    point_radius: float
    annotation_chars: int
    icon_radius: float
    icons_under_title: bool


WIDE = Layout(
    width=960,
    plot_height=320,
    font_size=16,
    title_size=22,
    max_x_labels=10,
    y_ticks=6,
    point_radius=4.5,
    annotation_chars=40,
    icon_radius=24,
    icons_under_title=False,
)
NARROW = Layout(
    width=340,
    plot_height=240,
    font_size=16,
    title_size=17,
    max_x_labels=3,
    y_ticks=5,
    point_radius=3.5,
    annotation_chars=16,
    icon_radius=20,
    icons_under_title=True,
)
