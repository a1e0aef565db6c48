"""What is drawn on the plot: the process limits, the centre line, the target, rebase markers,
the data line and the points.

A rebase starts new lines (none joins across it) and a dotted vertical line marks it. Special
cause points differ in shape as well as colour (circle, diamond, square), so that colour is never
the only cue.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from qihub.spc import SPCResult

from .scales import Plot
from .style import (
    COLOURS,
    DATA_LINE,
    LIMIT_DASH,
    MARKER_LIMIT,
    REBASE_DASH,
    SECONDARY,
    TARGET,
    TARGET_DASH,
    TEXT,
    Layout,
)
from .svg import Canvas, n


def marker(point_type: str, x: float, y: float, radius: float, *, legend: bool = False) -> str:
    """A point of this type, or its swatch in the legend."""
    colour = COLOURS[point_type]
    cls = f"spc-legend-{point_type}" if legend else f"spc-point spc-point--{point_type}"
    if point_type == "improvement":
        return (
            f'<circle class="{cls}" cx="{n(x)}" cy="{n(y)}" r="{n(radius * 1.35)}" '
            f'fill="{colour}"/>'
        )
    if point_type == "concern":
        size = radius * 1.7
        return (
            f'<polygon class="{cls}" points="{n(x)},{n(y - size)} {n(x + size)},{n(y)} '
            f'{n(x)},{n(y + size)} {n(x - size)},{n(y)}" fill="{colour}"/>'
        )
    if point_type in ("neutral_high", "neutral_low"):
        side = radius * 2.3
        return (
            f'<rect class="{cls}" x="{n(x - side / 2)}" y="{n(y - side / 2)}" '
            f'width="{n(side)}" height="{n(side)}" fill="{colour}"/>'
        )
    return f'<circle class="{cls}" cx="{n(x)}" cy="{n(y)}" r="{n(radius)}" fill="{colour}"/>'


def _step_path(xs: Sequence[float], ys: Sequence[float | None], start: int, end: int) -> str:
    """A line that steps between points (constant lines come out straight); None breaks it."""
    commands: list[str] = []
    previous: float | None = None
    for i in range(start, end + 1):
        y = ys[i]
        if y is None:
            previous = None
            continue
        left = xs[i] if i == start or ys[i - 1] is None else (xs[i - 1] + xs[i]) / 2
        right = xs[i] if i == end or ys[i + 1] is None else (xs[i] + xs[i + 1]) / 2
        if previous is None:
            commands.append(f"M{n(left)} {n(y)}")
        elif n(previous) != n(y):
            commands.append(f"V{n(y)}")
        commands.append(f"H{n(right)}")
        previous = y
    return "".join(_merge_horizontal(commands))


def _merge_horizontal(commands: list[str]) -> list[str]:
    merged: list[str] = []
    for command in commands:
        if command.startswith("H") and merged and merged[-1].startswith("H"):
            merged[-1] = command
        else:
            merged.append(command)
    return merged


def _polyline_path(xs: Sequence[float], ys: Sequence[float | None], start: int, end: int) -> str:
    commands: list[str] = []
    pen_down = False
    for i in range(start, end + 1):
        y = ys[i]
        if y is None:
            pen_down = False
            continue
        commands.append(f"{'L' if pen_down else 'M'}{n(xs[i])} {n(y)}")
        pen_down = True
    return "".join(commands)


def draw_lines(canvas: Canvas, result: SPCResult, plot: Plot) -> None:
    """Rebase markers, then per segment the limits and the centre, the target, the data line."""
    xs, points = plot.xs, result.points
    centres = [plot.y(p.centre) for p in points]
    lowers = [plot.y(p.lower_limit) for p in points]
    uppers = [plot.y(p.upper_limit) for p in points]
    values = [plot.y(p.value) for p in points]
    for segment in result.segments[1:]:
        rx = (xs[segment.start - 1] + xs[segment.start]) / 2
        canvas.line(
            rx,
            plot.top,
            rx,
            plot.bottom,
            stroke=SECONDARY,
            width=1.5,
            dash=REBASE_DASH,
            cls="spc-rebase",
        )
    for segment in result.segments:
        start, end = segment.start, segment.end
        for limits in (uppers, lowers):
            canvas.path(
                _step_path(xs, limits, start, end),
                stroke=SECONDARY,
                width=1.5,
                dash=LIMIT_DASH,
                cls="spc-limit",
            )
        canvas.path(_step_path(xs, centres, start, end), stroke=TEXT, width=2, cls="spc-centre")
    target = result.options.get("target")
    target_y = plot.y(None if target is None else float(target))
    if target_y is not None:
        canvas.line(
            xs[0],
            target_y,
            xs[-1],
            target_y,
            stroke=TARGET,
            width=2,
            dash=TARGET_DASH,
            cls="spc-target",
        )
    for segment in result.segments:
        canvas.path(
            _polyline_path(xs, values, segment.start, segment.end),
            stroke=DATA_LINE,
            width=1.5 if len(points) <= 200 else 0.8,
            cls="spc-data",
        )


def draw_points(canvas: Canvas, result: SPCResult, plot: Plot, layout: Layout) -> None:
    """A marker per point, smaller on a long chart; on a very long one, special cause only."""
    count = len(result.points)
    radius = layout.point_radius * (1 if count <= 60 else max(0.45, math.sqrt(60 / count)))
    for point, x in zip(result.points, plot.xs, strict=True):
        y = plot.y(point.value)
        if y is None or point.point_type is None:
            continue
        if point.point_type == "common_cause" and count > MARKER_LIMIT:
            continue
        canvas.add(marker(point.point_type, x, y, radius))
