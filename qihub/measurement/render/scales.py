"""The axes: nice ticks on the y axis with labels, the points' x positions and which of them get
a label, so that labels never collide."""

from __future__ import annotations

import math
from dataclasses import dataclass

from qihub.spc import SPCResult

from ..reading import Dates, Numbers
from .style import GRID, MARGIN, SECONDARY, Layout
from .svg import Canvas, text_width


def _nice_step(raw: float) -> float:
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def y_ticks(result: SPCResult, count: int) -> list[float]:
    """About ``count`` round numbers spanning the values, the lines and the target."""
    numbers = [
        number
        for point in result.points
        for number in (point.value, point.centre, point.lower_limit, point.upper_limit)
        if number is not None and math.isfinite(number)
    ]
    target = result.options.get("target")
    if target is not None:
        numbers.append(float(target))
    low, high = min(numbers), max(numbers)
    pad = (high - low) * 0.05 if high > low else max(abs(high) * 0.1, 1.0)
    bottom, top = low - pad, high + pad
    if low >= 0:
        bottom = max(bottom, 0.0)
    if result.chart == "p" and high <= 1:
        top = min(top, 1.0)
    step = _nice_step((top - bottom) / max(count - 1, 1))
    first = math.floor(bottom / step + 1e-9) * step
    last = math.ceil(top / step - 1e-9) * step
    ticks = [first + i * step for i in range(round((last - first) / step) + 1)]
    return ticks if len(ticks) > 1 else [first, first + step]


def tick_label(value: float, step: float, percent: bool) -> str:
    """A tick's number with the decimals its step needs, in per cent on a p chart."""
    scale = 100 if percent else 1
    decimals = max(0, -math.floor(math.log10(step * scale) + 1e-9))
    if not float(round(step * scale * 10**decimals, 6)).is_integer():
        decimals += 1
    text = f"{value * scale:,.{decimals}f}"
    if text.startswith("-") and float(value) == 0:
        text = text[1:]
    return text + ("%" if percent else "")


@dataclass(frozen=True)
class YAxis:
    ticks: tuple[float, ...]
    labels: tuple[str, ...]

    @classmethod
    def for_result(cls, result: SPCResult, layout: Layout) -> YAxis:
        ticks = y_ticks(result, layout.y_ticks)
        step = ticks[1] - ticks[0]
        percent = Numbers.for_result(result).percent
        return cls(tuple(ticks), tuple(tick_label(tick, step, percent) for tick in ticks))

    def label_width(self, layout: Layout) -> float:
        return max(text_width(label, layout.font_size * 0.85) for label in self.labels)


@dataclass(frozen=True)
class XAxis:
    """Where each point sits across the plot, its label, and how many points apart the labels
    are (``every``)."""

    xs: tuple[float, ...]
    labels: tuple[str, ...]
    every: int

    @classmethod
    def for_result(cls, result: SPCResult, layout: Layout, *, left: float, right: float) -> XAxis:
        points = result.points
        count = len(points)
        dates = Dates.for_result(result)
        inner = layout.point_radius * 2.5
        span = right - left - 2 * inner
        xs = [
            left + inner + (span * i / (count - 1) if count > 1 else span / 2) for i in range(count)
        ]
        labels = [dates.short(point) for point in points]
        label_width = max(text_width(label, layout.font_size * 0.85) for label in labels) + 12
        spacing = span / max(count - 1, 1)
        every = max(1, math.ceil(label_width / spacing) if spacing else 1)
        every = max(every, math.ceil(count / layout.max_x_labels))
        return cls(tuple(xs), tuple(labels), every)


@dataclass(frozen=True)
class Plot:
    """The plotting area and its two axes: :meth:`y` maps a value to its height."""

    left: float
    right: float
    top: float
    bottom: float
    x_axis: XAxis
    y_axis: YAxis

    @property
    def xs(self) -> tuple[float, ...]:
        return self.x_axis.xs

    def y(self, value: float | None) -> float | None:
        if value is None:
            return None
        ticks = self.y_axis.ticks
        share = (value - ticks[0]) / (ticks[-1] - ticks[0])
        return self.bottom - share * (self.bottom - self.top)


def plot_sides(y_axis: YAxis, layout: Layout) -> tuple[float, float]:
    """The plot's left edge (room for the y labels) and right edge."""
    return MARGIN + y_axis.label_width(layout) + 8, layout.width - MARGIN - 4


def draw_axes(canvas: Canvas, plot: Plot, layout: Layout) -> None:
    """The grid with the y labels, the x axis with its ticks and labels."""
    size = layout.font_size
    for tick, label in zip(plot.y_axis.ticks, plot.y_axis.labels, strict=True):
        ty = plot.y(tick) or 0.0
        canvas.line(plot.left, ty, plot.right, ty, stroke=GRID)
        canvas.text(plot.left - 6, ty + size * 0.3, label, size=size * 0.85, anchor="end")
    canvas.line(plot.left, plot.bottom, plot.right, plot.bottom, stroke=SECONDARY)
    xs, labels = plot.xs, plot.x_axis.labels
    for i in range(0, len(xs), plot.x_axis.every):
        canvas.line(xs[i], plot.bottom, xs[i], plot.bottom + 5, stroke=SECONDARY)
        half = text_width(labels[i], size * 0.85) / 2
        lx = min(max(xs[i], half + 2), layout.width - half - 2)
        canvas.text(lx, plot.bottom + size * 1.3, labels[i], size=size * 0.85, anchor="middle")
