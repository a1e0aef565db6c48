"""The chart's header: its title (wrapped), a subtitle naming the chart, and the variation and
assurance icons, each captioned in words, at the top right (under the title on a phone)."""

from __future__ import annotations

from dataclasses import dataclass

from qihub.spc import SPCResult

from ..reading import CHART_NAMES, Reading, sentence_case
from .icons import ASSURANCE_ICONS, VARIATION_ICONS, assurance_icon, variation_icon
from .style import MARGIN, SECONDARY, Layout
from .svg import Canvas, text_width, wrap

#: The space between two icons, and between the icons and the title.
_ICON_GAP = 12


def subtitle(result: SPCResult, *, unit: str = "") -> str:
    """``XmR chart of 24 points; lower is better``, with ``values in <unit>`` when there is one."""
    text = f"{sentence_case(CHART_NAMES[result.chart])} of {len(result.points):,} points"
    if unit:
        text += f", values in {unit}"
    return text + {
        "increase": "; higher is better",
        "decrease": "; lower is better",
    }.get(result.options.get("direction", "neutral"), "")


@dataclass(frozen=True)
class _Icon:
    kind: str
    value: str
    label: str
    head: str
    caption: str
    width: float


def _icons(result: SPCResult, reading: Reading, layout: Layout) -> list[_Icon]:
    named = [
        (
            "variation",
            result.variation,
            reading.variation_title,
            "Variation",
            VARIATION_ICONS[result.variation][3],
        )
    ]
    if result.assurance is not None:
        named.append(
            (
                "assurance",
                result.assurance,
                reading.assurance_title or "",
                "Assurance",
                ASSURANCE_ICONS[result.assurance][2],
            )
        )
    caption_size = layout.font_size * 0.8
    return [
        _Icon(
            kind,
            value,
            label,
            head,
            caption,
            2 * layout.icon_radius
            + 6
            + max(text_width(head, caption_size), text_width(caption, caption_size)),
        )
        for kind, value, label, head, caption in named
    ]


def _draw_icons(canvas: Canvas, icons: list[_Icon], x: float, top: float, layout: Layout) -> None:
    radius = layout.icon_radius
    caption_size = layout.font_size * 0.8
    for icon in icons:
        cx, cy = x + radius, top + radius
        draw = variation_icon if icon.kind == "variation" else assurance_icon
        canvas.add(draw(icon.value, cx, cy, radius, icon.label))
        canvas.text(cx + radius + 6, cy - 2, icon.head, size=caption_size, weight="bold")
        canvas.text(cx + radius + 6, cy + caption_size + 1, icon.caption, size=caption_size)
        x += icon.width + _ICON_GAP


def draw_header(
    canvas: Canvas,
    result: SPCResult,
    reading: Reading,
    *,
    heading: str,
    subheading: str,
    layout: Layout,
) -> float:
    """Draw the header; return where it ends, down the picture."""
    size = layout.font_size
    radius = layout.icon_radius
    icons = _icons(result, reading, layout)
    icons_width = sum(icon.width for icon in icons) + _ICON_GAP * (len(icons) - 1)
    title_width = layout.width - 2 * MARGIN - (0 if layout.icons_under_title else icons_width + 16)
    y = MARGIN + layout.title_size
    # The title in full, on as many lines as it takes: on a phone a measure's name seldom fits
    # on two, and the picture (downloaded, or on its own) must name what it shows.
    for line in wrap(heading, title_width, layout.title_size, None):
        canvas.text(MARGIN, y, line, size=layout.title_size, weight="bold")
        y += layout.title_size * 1.25
    y += size * 0.2
    for line in wrap(subheading, title_width, size * 0.9, 2):
        canvas.text(MARGIN, y, line, size=size * 0.9, fill=SECONDARY)
        y += size * 1.2
    if layout.icons_under_title:
        icons_top = y - size * 0.4
        _draw_icons(canvas, icons, MARGIN, icons_top, layout)
        return icons_top + 2 * radius + 8
    _draw_icons(canvas, icons, layout.width - MARGIN - icons_width, MARGIN, layout)
    return max(y, MARGIN + 2 * radius + 8)
