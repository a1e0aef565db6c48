"""The chart as SVG in the Making Data Count style, drawn on the server.

:func:`render_svg` is pure: an :class:`~qihub.spc.SPCResult` and options in, SVG text out, every
piece of text escaped. Grey points are common cause, blue improvement, orange concern and purple
neutral; improvement, concern and neutral points also differ in shape (circle, diamond, square), so
that colour is never the only cue. The mean (or median) is a solid line, the process limits dashed
grey, the target dashed red. A rebase starts new lines (none joins across it) and a dotted
vertical line marks it. The variation and assurance icons are drawn here, qihub's own, in the
spirit of NHS England's icons and labelled in words.

Two layouts: ``WIDE`` for screens and downloads, ``NARROW`` for a 320 px phone, where the same
chart gets larger type, fewer axis labels and the icons under the title.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from qihub.spc import SPCResult

from .reading import CHART_NAMES, Dates, Numbers, centre_name, read, sentence_case

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
#: Beyond this many points, common-cause points are drawn as the line alone.
MARKER_LIMIT = 500
_CHAR_WIDTH = 0.6  # average glyph width as a share of the font size, for laying out text

VARIATION_ICONS = {
    # colour key, letter, shape of the seven dots, caption
    "common_cause": ("common_cause", "", "flat", "Common cause"),
    "improvement_high": ("improvement", "H", "high", "Improvement"),
    "improvement_low": ("improvement", "L", "low", "Improvement"),
    "concern_high": ("concern", "H", "high", "Concern"),
    "concern_low": ("concern", "L", "low", "Concern"),
    "neutral_high": ("neutral_high", "H", "high", "Neutral"),
    "neutral_low": ("neutral_low", "L", "low", "Neutral"),
}
ASSURANCE_ICONS = {
    "pass": ("improvement", "P", "Passing"),
    "fail": ("concern", "F", "Failing"),
    "hit_and_miss": ("common_cause", "?", "Hit and miss"),
}
_DOTS = {
    "flat": (0.05, -0.12, 0.1, -0.06, 0.12, -0.1, 0.02),
    "high": (0.22, 0.1, 0.24, 0.12, -0.12, -0.22, -0.34),
    "low": (-0.22, -0.1, -0.24, -0.12, 0.12, 0.22, 0.34),
}


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


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _n(number: float) -> str:
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _width(text: str, size: float) -> float:
    return len(text) * size * _CHAR_WIDTH


def _truncate(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(chars - 1, 1)].rstrip() + "…"


def _wrap(text: str, width: float, size: float, lines: int) -> list[str]:
    """Greedy word wrap into at most ``lines`` lines, the last one truncated if need be."""
    chars = max(int(width / (size * _CHAR_WIDTH)), 4)
    wrapped: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= chars or not current:
            current = candidate
        else:
            wrapped.append(current)
            current = word
    if current:
        wrapped.append(current)
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], " ".join(wrapped[lines - 1 :])]
    return [_truncate(line, chars) for line in wrapped] or [""]


def _nice_step(raw: float) -> float:
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def _y_ticks(result: SPCResult, count: int) -> list[float]:
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


def _tick_label(value: float, step: float, percent: bool) -> str:
    scale = 100 if percent else 1
    decimals = max(0, -math.floor(math.log10(step * scale) + 1e-9))
    if not float(round(step * scale * 10**decimals, 6)).is_integer():
        decimals += 1
    text = f"{value * scale:,.{decimals}f}"
    if text.startswith("-") and float(value) == 0:
        text = text[1:]
    return text + ("%" if percent else "")


class _Canvas:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float,
        anchor: str = "start",
        weight: str = "normal",
        fill: str = TEXT,
    ) -> None:
        self.add(
            f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}"'
            + (f' font-weight="{weight}"' if weight != "normal" else "")
            + f' fill="{fill}">{_e(text)}</text>'
        )

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        *,
        stroke: str,
        width: float = 1,
        dash: str = "",
    ) -> None:
        self.add(
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}" '
            f'stroke-width="{_n(width)}"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
        )

    def path(self, d: str, *, stroke: str, width: float, dash: str = "", cls: str = "") -> None:
        if not d:
            return
        self.add(
            f'<path d="{d}" fill="none" stroke="{stroke}" stroke-width="{_n(width)}" '
            'stroke-linejoin="round"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + (f' class="{cls}"' if cls else "")
            + "/>"
        )


def _marker(point_type: str, x: float, y: float, radius: float, *, legend: bool = False) -> str:
    colour = COLOURS[point_type]
    cls = f"spc-legend-{point_type}" if legend else f"spc-point spc-point--{point_type}"
    if point_type == "improvement":
        return (
            f'<circle class="{cls}" cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius * 1.35)}" '
            f'fill="{colour}"/>'
        )
    if point_type == "concern":
        size = radius * 1.7
        return (
            f'<polygon class="{cls}" points="{_n(x)},{_n(y - size)} {_n(x + size)},{_n(y)} '
            f'{_n(x)},{_n(y + size)} {_n(x - size)},{_n(y)}" fill="{colour}"/>'
        )
    if point_type in ("neutral_high", "neutral_low"):
        side = radius * 2.3
        return (
            f'<rect class="{cls}" x="{_n(x - side / 2)}" y="{_n(y - side / 2)}" '
            f'width="{_n(side)}" height="{_n(side)}" fill="{colour}"/>'
        )
    return f'<circle class="{cls}" cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}" fill="{colour}"/>'


def _variation_icon(variation: str, cx: float, cy: float, radius: float, label: str) -> str:
    colour_key, letter, shape, _ = VARIATION_ICONS[variation]
    colour = COLOURS[colour_key]
    parts = [
        f'<g class="spc-icon spc-icon--variation spc-icon--{variation}"><title>{_e(label)}</title>',
        f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(radius)}" fill="#ffffff" '
        f'stroke="{colour}" stroke-width="{_n(radius * 0.14)}"/>',
    ]
    xs = [cx + radius * (-0.6 + 0.2 * i) for i in range(7)]
    ys = [cy + radius * offset for offset in _DOTS[shape]]
    if letter:
        ys = [y - radius * 0.12 for y in ys]
    parts.append(
        f'<polyline points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in zip(xs, ys, strict=True))}" '
        f'fill="none" stroke="{COLOURS["common_cause"]}" stroke-width="{_n(radius * 0.05)}"/>'
    )
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        fill = colour if letter and i >= 4 else COLOURS["common_cause"]
        parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius * 0.09)}" fill="{fill}"/>')
    if letter:
        parts.append(
            f'<text x="{_n(cx)}" y="{_n(cy + radius * 0.72)}" font-size="{_n(radius * 0.5)}" '
            f'font-weight="bold" text-anchor="middle" fill="{colour}">{letter}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def _assurance_icon(assurance: str, cx: float, cy: float, radius: float, label: str) -> str:
    colour_key, letter, _ = ASSURANCE_ICONS[assurance]
    colour = COLOURS[colour_key] if assurance != "hit_and_miss" else SECONDARY
    return (
        f'<g class="spc-icon spc-icon--assurance spc-icon--{assurance}"><title>{_e(label)}</title>'
        f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(radius)}" fill="#ffffff" stroke="{colour}" '
        f'stroke-width="{_n(radius * 0.14)}"/>'
        f'<line x1="{_n(cx - radius * 0.62)}" y1="{_n(cy + radius * 0.5)}" '
        f'x2="{_n(cx + radius * 0.62)}" y2="{_n(cy + radius * 0.5)}" stroke="{TARGET}" '
        f'stroke-width="{_n(radius * 0.08)}" stroke-dasharray="{_n(radius * 0.2)} '
        f'{_n(radius * 0.1)}"/>'
        f'<text x="{_n(cx)}" y="{_n(cy + radius * 0.3)}" font-size="{_n(radius * 0.9)}" '
        f'font-weight="bold" text-anchor="middle" fill="{colour}">{letter}</text></g>'
    )


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
            commands.append(f"M{_n(left)} {_n(y)}")
        elif _n(previous) != _n(y):
            commands.append(f"V{_n(y)}")
        commands.append(f"H{_n(right)}")
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
        commands.append(f"{'L' if pen_down else 'M'}{_n(xs[i])} {_n(y)}")
        pen_down = True
    return "".join(commands)


def render_svg(
    result: SPCResult,
    *,
    title: str = "",
    annotations: Sequence[str] = (),
    layout: Layout = WIDE,
    responsive: bool = True,
    id_prefix: str = "spc",
    description: str | None = None,
) -> str:
    """The chart as SVG text.

    ``annotations`` holds one note per point ("" for none), drawn above the point. With
    ``responsive`` the SVG fills its container's width (for a page); without it, it has a fixed
    size in pixels (for a download). ``id_prefix`` keeps the ids of two charts on one page apart.
    ``description`` (the SVG's ``<desc>``) defaults to the summary from
    :func:`~qihub.measurement.reading.read`.
    """
    reading = read(result)
    numbers = Numbers.for_result(result)
    dates = Dates.for_result(result)
    points = result.points
    count = len(points)
    size = layout.font_size
    width = layout.width
    margin = 12.0
    chart_name = CHART_NAMES[result.chart]
    heading = title.strip() or "SPC chart"
    direction = result.options.get("direction", "neutral")
    subtitle = f"{sentence_case(chart_name)} of {count:,} points" + {
        "increase": "; higher is better",
        "decrease": "; lower is better",
    }.get(direction, "")

    # Icons: a circle and a caption beside it, variation first.
    radius = layout.icon_radius
    icons: list[tuple[str, str, str, str]] = [
        ("variation", result.variation, "Variation", VARIATION_ICONS[result.variation][3])
    ]
    if result.assurance is not None:
        icons.append(
            ("assurance", result.assurance, "Assurance", ASSURANCE_ICONS[result.assurance][2])
        )
    caption_size = size * 0.8
    icon_widths = [
        2 * radius + 6 + max(_width(head, caption_size), _width(caption, caption_size))
        for _, _, head, caption in icons
    ]
    icons_width = sum(icon_widths) + 12 * (len(icons) - 1)

    canvas = _Canvas()
    # Header: title (wrapped), subtitle, icons.
    title_width = width - 2 * margin - (0 if layout.icons_under_title else icons_width + 16)
    title_lines = _wrap(heading, title_width, layout.title_size, 2)
    y = margin + layout.title_size
    for line in title_lines:
        canvas.text(margin, y, line, size=layout.title_size, weight="bold")
        y += layout.title_size * 1.25
    y += size * 0.2
    for line in _wrap(subtitle, title_width, size * 0.9, 2):
        canvas.text(margin, y, line, size=size * 0.9, fill=SECONDARY)
        y += size * 1.2
    if layout.icons_under_title:
        icons_top = y - size * 0.4
        icons_x = margin
        header_bottom = icons_top + 2 * radius + 8
    else:
        icons_top = margin
        icons_x = width - margin - icons_width
        header_bottom = max(y, icons_top + 2 * radius + 8)
    for (kind, value, head, caption), icon_width in zip(icons, icon_widths, strict=True):
        cx, cy = icons_x + radius, icons_top + radius
        if kind == "variation":
            canvas.add(_variation_icon(value, cx, cy, radius, reading.variation_title))
        else:
            canvas.add(_assurance_icon(value, cx, cy, radius, reading.assurance_title or ""))
        canvas.text(cx + radius + 6, cy - 2, head, size=caption_size, weight="bold")
        canvas.text(cx + radius + 6, cy + caption_size + 1, caption, size=caption_size)
        icons_x += icon_width + 12

    # The y axis: nice ticks and the room their labels need.
    ticks = _y_ticks(result, layout.y_ticks)
    step = ticks[1] - ticks[0]
    tick_labels = [_tick_label(tick, step, numbers.percent) for tick in ticks]
    plot_left = margin + max(_width(label, size * 0.85) for label in tick_labels) + 8
    plot_right = width - margin - 4

    # The x axis: positions, then labels spaced so that they do not collide.
    inner = layout.point_radius * 2.5
    span = plot_right - plot_left - 2 * inner
    xs = [
        plot_left + inner + (span * i / (count - 1) if count > 1 else span / 2)
        for i in range(count)
    ]
    labels = [dates.short(point) for point in points]
    label_width = max(_width(label, size * 0.85) for label in labels) + 12
    spacing = span / max(count - 1, 1)
    every = max(1, math.ceil(label_width / spacing) if spacing else 1)
    every = max(every, math.ceil(count / layout.max_x_labels))

    # Annotations: rows above the plot, each label in the first row where it fits.
    notes = [
        (i, _truncate(annotations[i], layout.annotation_chars), annotations[i])
        for i in range(min(count, len(annotations)))
        if annotations[i]
    ]
    note_size = size * 0.8
    row_ends: list[float] = []
    placed: list[tuple[int, str, str, int, str]] = []
    for index, short, full in notes:
        text_width = _width(short, note_size) + 4
        anchor = "start" if xs[index] + text_width <= plot_right else "end"
        left = xs[index] if anchor == "start" else xs[index] - text_width
        row = next((r for r, end in enumerate(row_ends) if left > end + 6), None)
        if row is None and len(row_ends) < 4:
            row_ends.append(-math.inf)
            row = len(row_ends) - 1
        if row is None:
            row = min(range(len(row_ends)), key=row_ends.__getitem__)
        row_ends[row] = max(row_ends[row], left + text_width)
        placed.append((index, short, full, row, anchor))
    row_height = note_size * 1.4
    plot_top = header_bottom + size * 0.6 + len(row_ends) * row_height
    plot_bottom = plot_top + layout.plot_height

    def y_of(value: float | None) -> float | None:
        if value is None:
            return None
        share = (value - ticks[0]) / (ticks[-1] - ticks[0])
        return plot_bottom - share * (plot_bottom - plot_top)

    # Grid and y labels.
    for tick, label in zip(ticks, tick_labels, strict=True):
        ty = y_of(tick) or 0.0
        canvas.line(plot_left, ty, plot_right, ty, stroke=GRID)
        canvas.text(plot_left - 6, ty + size * 0.3, label, size=size * 0.85, anchor="end")
    canvas.line(plot_left, plot_bottom, plot_right, plot_bottom, stroke=SECONDARY)
    for i in range(0, count, every):
        canvas.line(xs[i], plot_bottom, xs[i], plot_bottom + 5, stroke=SECONDARY)
        half = _width(labels[i], size * 0.85) / 2
        lx = min(max(xs[i], half + 2), width - half - 2)
        canvas.text(lx, plot_bottom + size * 1.3, labels[i], size=size * 0.85, anchor="middle")

    # Rebase markers, then per segment: limits, centre, the data line.
    centres = [y_of(p.centre) for p in points]
    lowers = [y_of(p.lower_limit) for p in points]
    uppers = [y_of(p.upper_limit) for p in points]
    values = [y_of(p.value) for p in points]
    for segment in result.segments[1:]:
        rx = (xs[segment.start - 1] + xs[segment.start]) / 2
        canvas.add(
            f'<line class="spc-rebase" x1="{_n(rx)}" y1="{_n(plot_top)}" x2="{_n(rx)}" '
            f'y2="{_n(plot_bottom)}" stroke="{SECONDARY}" stroke-width="1.5" '
            'stroke-dasharray="2 4"/>'
        )
    for segment in result.segments:
        start, end = segment.start, segment.end
        canvas.path(
            _step_path(xs, uppers, start, end),
            stroke=SECONDARY,
            width=1.5,
            dash="7 5",
            cls="spc-limit",
        )
        canvas.path(
            _step_path(xs, lowers, start, end),
            stroke=SECONDARY,
            width=1.5,
            dash="7 5",
            cls="spc-limit",
        )
        canvas.path(_step_path(xs, centres, start, end), stroke=TEXT, width=2, cls="spc-centre")
    target = result.options.get("target")
    target_y = y_of(None if target is None else float(target))
    if target_y is not None:
        canvas.add(
            f'<line class="spc-target" x1="{_n(xs[0])}" y1="{_n(target_y)}" x2="{_n(xs[-1])}" '
            f'y2="{_n(target_y)}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="10 4 2 4"/>'
        )
    for segment in result.segments:
        canvas.path(
            _polyline_path(xs, values, segment.start, segment.end),
            stroke=DATA_LINE,
            width=1.5 if count <= 200 else 0.8,
            cls="spc-data",
        )

    # Annotations: a leader from the point up to its label.
    for index, short, full, row, anchor in placed:
        label_y = header_bottom + size * 0.6 + (row + 1) * row_height - note_size * 0.35
        point_y = values[index] if values[index] is not None else plot_bottom
        canvas.add(f'<g class="spc-annotation"><title>{_e(full)}</title>')
        canvas.line(
            xs[index],
            label_y + 3,
            xs[index],
            (point_y or plot_bottom) - layout.point_radius * 2,
            stroke=SECONDARY,
            dash="3 3",
        )
        offset = 3 if anchor == "start" else -3
        canvas.text(xs[index] + offset, label_y, short, size=note_size, anchor=anchor)
        canvas.add("</g>")

    # Points.
    radius_point = layout.point_radius * (1 if count <= 60 else max(0.45, math.sqrt(60 / count)))
    for point, x, py in zip(points, xs, values, strict=True):
        if py is None or point.point_type is None:
            continue
        if point.point_type == "common_cause" and count > MARKER_LIMIT:
            continue
        canvas.add(_marker(point.point_type, x, py, radius_point))

    # Legend, wrapped to the width.
    present = {p.point_type for p in points if p.point_type}
    items: list[tuple[str, str]] = [("common_cause", "Common cause")]
    for key, label in (
        ("improvement", "Improvement"),
        ("concern", "Concern"),
        ("neutral_high", "Neutral, higher"),
        ("neutral_low", "Neutral, lower"),
    ):
        if key in present:
            items.append((key, label))
    items.append(("centre", centre_name(result.chart).capitalize()))
    if any(u is not None for u in uppers):
        items.append(("limits", "Process limits"))
    if target_y is not None:
        items.append(("target", "Target"))
    if len(result.segments) > 1:
        items.append(("rebase", "Rebase"))
    legend_size = size * 0.85
    lx, ly = margin, plot_bottom + size * 1.3 + legend_size * 2.2
    for key, label in items:
        item_width = 28 + _width(label, legend_size) + 16
        if lx + item_width > width - margin and lx > margin:
            lx, ly = margin, ly + legend_size * 1.7
        swatch_y = ly - legend_size * 0.35
        if key in COLOURS:
            canvas.add(_marker(key, lx + 10, swatch_y, layout.point_radius, legend=True))
        elif key == "rebase":
            canvas.line(
                lx + 10,
                swatch_y - 8,
                lx + 10,
                swatch_y + 8,
                stroke=SECONDARY,
                width=1.5,
                dash="2 4",
            )
        else:
            stroke, dash, line_width = {
                "centre": (TEXT, "", 2.0),
                "limits": (SECONDARY, "7 5", 1.5),
                "target": (TARGET, "10 4 2 4", 2.0),
            }[key]
            canvas.line(lx, swatch_y, lx + 22, swatch_y, stroke=stroke, width=line_width, dash=dash)
        canvas.text(lx + 28, ly, label, size=legend_size)
        lx += item_width
    height = ly + legend_size + margin

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    size_attributes = (
        'width="100%"' if responsive else f'width="{width}" height="{_n(math.ceil(height))}"'
    )
    accessible_title = f"{title.strip()}: {subtitle}" if title.strip() else subtitle
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {_n(math.ceil(height))}" '
        f'{size_attributes} role="img" aria-labelledby="{title_id}" '
        f'aria-describedby="{desc_id}" class="qihub-spc-chart" font-family="{FONT}">'
        f'<title id="{title_id}">{_e(accessible_title)}</title>'
        f'<desc id="{desc_id}">{_e(description if description is not None else reading.text)}'
        "</desc>"
        f'<rect width="{width}" height="{_n(math.ceil(height))}" fill="#ffffff"/>'
        + "".join(canvas.parts)
        + "</svg>"
    )
