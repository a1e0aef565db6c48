"""The legend under the chart: a swatch and a name for each kind of point and line drawn,
wrapped to the picture's width."""

from __future__ import annotations

from qihub.spc import SPCResult

from ..reading import centre_name
from .marks import marker
from .style import (
    COLOURS,
    LIMIT_DASH,
    MARGIN,
    REBASE_DASH,
    SECONDARY,
    TARGET,
    TARGET_DASH,
    TEXT,
    Layout,
)
from .svg import Canvas, text_width

_SPECIAL_CAUSES = (
    ("improvement", "Improvement"),
    ("concern", "Concern"),
    ("neutral_high", "Neutral, higher"),
    ("neutral_low", "Neutral, lower"),
)
# stroke, dash, width
_LINES = {
    "centre": (TEXT, "", 2.0),
    "limits": (SECONDARY, LIMIT_DASH, 1.5),
    "target": (TARGET, TARGET_DASH, 2.0),
}


def legend_items(result: SPCResult) -> list[tuple[str, str]]:
    """(key, name) for what the chart shows: point types present, centre, limits, target, rebase."""
    present = {p.point_type for p in result.points if p.point_type}
    items = [("common_cause", "Common cause")]
    items += [(key, label) for key, label in _SPECIAL_CAUSES if key in present]
    items.append(("centre", centre_name(result.chart).capitalize()))
    if any(p.upper_limit is not None for p in result.points):
        items.append(("limits", "Process limits"))
    if result.options.get("target") is not None:
        items.append(("target", "Target"))
    if len(result.segments) > 1:
        items.append(("rebase", "Rebase"))
    return items


def _swatch(canvas: Canvas, key: str, x: float, y: float, layout: Layout) -> None:
    if key in COLOURS:
        canvas.add(marker(key, x + 10, y, layout.point_radius, legend=True))
    elif key == "rebase":
        canvas.line(x + 10, y - 8, x + 10, y + 8, stroke=SECONDARY, width=1.5, dash=REBASE_DASH)
    else:
        stroke, dash, width = _LINES[key]
        canvas.line(x, y, x + 22, y, stroke=stroke, width=width, dash=dash)


def draw_legend(canvas: Canvas, result: SPCResult, *, top: float, layout: Layout) -> float:
    """Draw the legend, its first line's baseline at ``top``; return where it ends."""
    size = layout.font_size * 0.85
    x, y = MARGIN, top
    for key, label in legend_items(result):
        width = 28 + text_width(label, size) + 16
        if x + width > layout.width - MARGIN and x > MARGIN:
            x, y = MARGIN, y + size * 1.7
        _swatch(canvas, key, x, y - size * 0.35, layout)
        canvas.text(x + 28, y, label, size=size)
        x += width
    return y + size + MARGIN
