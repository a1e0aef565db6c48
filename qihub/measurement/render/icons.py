"""The variation and assurance icons: qihub's own, in the spirit of NHS England's Making Data
Count icons, and labelled in words wherever they are drawn.

A variation icon is seven dots, flat for common cause or rising or falling, the last three in
the colour of the variation and a letter, H or L, for higher or lower. An assurance icon is a
letter (P passing, F failing, ? hit and miss) over a dashed target line.
"""

from __future__ import annotations

from .style import COLOURS, SECONDARY, TARGET
from .svg import escape, n

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
    # colour key, letter, caption
    "pass": ("improvement", "P", "Passing"),
    "fail": ("concern", "F", "Failing"),
    "hit_and_miss": ("common_cause", "?", "Hit and miss"),
}
_DOTS = {
    "flat": (0.05, -0.12, 0.1, -0.06, 0.12, -0.1, 0.02),
    "high": (0.22, 0.1, 0.24, 0.12, -0.12, -0.22, -0.34),
    "low": (-0.22, -0.1, -0.24, -0.12, 0.12, 0.22, 0.34),
}
#: An icon's ring is this share of its radius wide.
_RING = 0.14


def variation_icon(variation: str, cx: float, cy: float, radius: float, label: str) -> str:
    """The variation icon centred on (cx, cy), as an SVG group titled ``label``."""
    colour_key, letter, shape, _ = VARIATION_ICONS[variation]
    colour = COLOURS[colour_key]
    parts = [
        f'<g class="spc-icon spc-icon--variation spc-icon--{variation}"><title>{escape(label)}'
        "</title>",
        f'<circle cx="{n(cx)}" cy="{n(cy)}" r="{n(radius)}" fill="#ffffff" '
        f'stroke="{colour}" stroke-width="{n(radius * _RING)}"/>',
    ]
    xs = [cx + radius * (-0.6 + 0.2 * i) for i in range(7)]
    ys = [cy + radius * offset for offset in _DOTS[shape]]
    if letter:
        ys = [y - radius * 0.12 for y in ys]
    parts.append(
        f'<polyline points="{" ".join(f"{n(x)},{n(y)}" for x, y in zip(xs, ys, strict=True))}" '
        f'fill="none" stroke="{COLOURS["common_cause"]}" stroke-width="{n(radius * 0.05)}"/>'
    )
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        fill = colour if letter and i >= 4 else COLOURS["common_cause"]
        parts.append(f'<circle cx="{n(x)}" cy="{n(y)}" r="{n(radius * 0.09)}" fill="{fill}"/>')
    if letter:
        parts.append(
            f'<text x="{n(cx)}" y="{n(cy + radius * 0.72)}" font-size="{n(radius * 0.5)}" '
            f'font-weight="bold" text-anchor="middle" fill="{colour}">{letter}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def assurance_icon(assurance: str, cx: float, cy: float, radius: float, label: str) -> str:
    """The assurance icon centred on (cx, cy), as an SVG group titled ``label``."""
    colour_key, letter, _ = ASSURANCE_ICONS[assurance]
    colour = COLOURS[colour_key] if assurance != "hit_and_miss" else SECONDARY
    return (
        f'<g class="spc-icon spc-icon--assurance spc-icon--{assurance}"><title>{escape(label)}'
        f'</title><circle cx="{n(cx)}" cy="{n(cy)}" r="{n(radius)}" fill="#ffffff" '
        f'stroke="{colour}" stroke-width="{n(radius * _RING)}"/>'
        f'<line x1="{n(cx - radius * 0.62)}" y1="{n(cy + radius * 0.5)}" '
        f'x2="{n(cx + radius * 0.62)}" y2="{n(cy + radius * 0.5)}" stroke="{TARGET}" '
        f'stroke-width="{n(radius * 0.08)}" stroke-dasharray="{n(radius * 0.2)} '
        f'{n(radius * 0.1)}"/>'
        f'<text x="{n(cx)}" y="{n(cy + radius * 0.3)}" font-size="{n(radius * 0.9)}" '
        f'font-weight="bold" text-anchor="middle" fill="{colour}">{letter}</text></g>'
    )


def icon_svg(kind: str, value: str, *, label: str, size: int = 48) -> str:
    """One icon on its own, ``size`` pixels square, for a summary table of many measures.

    ``kind`` is ``variation`` or ``assurance``; ``value`` the result's variation or assurance;
    ``label`` its name in words, the picture's accessible name.
    """
    draw = variation_icon if kind == "variation" else assurance_icon
    centre = size / 2
    # The ring is drawn on the circle's edge: shrink the circle so that all of it shows.
    radius = centre / (1 + _RING / 2)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" '
        f'height="{size}" role="img" aria-label="{escape(label)}" class="qihub-spc-icon">'
        + draw(value, centre, centre, radius, label)
        + "</svg>"
    )
