"""Writing SVG: numbers to one decimal, escaped text, text measured and wrapped, and a canvas
that collects the elements."""

from __future__ import annotations

import html

from django.utils.text import Truncator

from .style import TEXT

#: The average glyph width as a share of the font size, for laying out text.
CHAR_WIDTH = 0.6


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def n(number: float) -> str:
    """A coordinate or size: one decimal, none when it is whole."""
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def wrap(text: str, width: float, size: float, lines: int | None) -> list[str]:
    """Greedy word wrap into at most ``lines`` lines (as many as it takes when None), the last
    one truncated if need be; a word longer than a line is truncated too."""
    chars = max(int(width / (size * CHAR_WIDTH)), 4)
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
    if lines is not None and len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], " ".join(wrapped[lines - 1 :])]
    return [Truncator(line).chars(chars) for line in wrapped] or [""]


class Canvas:
    """The chart's elements, in drawing order."""

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
            f'<text x="{n(x)}" y="{n(y)}" font-size="{n(size)}" text-anchor="{anchor}"'
            + (f' font-weight="{weight}"' if weight != "normal" else "")
            + f' fill="{fill}">{escape(text)}</text>'
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
        cls: str = "",
    ) -> None:
        self.add(
            "<line"
            + (f' class="{cls}"' if cls else "")
            + f' x1="{n(x1)}" y1="{n(y1)}" x2="{n(x2)}" y2="{n(y2)}" stroke="{stroke}" '
            f'stroke-width="{n(width)}"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
        )

    def path(self, d: str, *, stroke: str, width: float, dash: str = "", cls: str = "") -> None:
        if not d:
            return
        self.add(
            f'<path d="{d}" fill="none" stroke="{stroke}" stroke-width="{n(width)}" '
            'stroke-linejoin="round"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + (f' class="{cls}"' if cls else "")
            + "/>"
        )
