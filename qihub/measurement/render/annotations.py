"""Annotations (a PDSA cycle, a change): a label in rows above the plot, each in the first row
where it fits, with a dashed leader down to its point. A long note is shortened on the chart;
its full text is the label's tooltip (``<title>``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.text import Truncator

from qihub.spc import SPCResult

from .scales import Plot
from .style import SECONDARY, Layout
from .svg import Canvas, escape, text_width

#: Labels that do not fit in this many rows overlap in the emptiest one.
MAX_ROWS = 4


@dataclass(frozen=True)
class Note:
    index: int
    short: str
    full: str
    row: int
    anchor: str


@dataclass(frozen=True)
class Notes:
    notes: tuple[Note, ...]
    rows: int

    @staticmethod
    def row_height(layout: Layout) -> float:
        return layout.font_size * 0.8 * 1.4


def place_notes(
    annotations: Sequence[str], xs: Sequence[float], right: float, layout: Layout
) -> Notes:
    """Give each annotation a row and a side of its point, so that labels do not overlap."""
    note_size = layout.font_size * 0.8
    row_ends: list[float] = []
    placed: list[Note] = []
    for index in range(min(len(xs), len(annotations))):
        full = annotations[index]
        if not full:
            continue
        short = Truncator(full).chars(layout.annotation_chars)
        width = text_width(short, note_size) + 4
        anchor = "start" if xs[index] + width <= right else "end"
        left = xs[index] if anchor == "start" else xs[index] - width
        row = next((r for r, end in enumerate(row_ends) if left > end + 6), None)
        if row is None and len(row_ends) < MAX_ROWS:
            row_ends.append(-math.inf)
            row = len(row_ends) - 1
        if row is None:
            row = min(range(len(row_ends)), key=row_ends.__getitem__)
        row_ends[row] = max(row_ends[row], left + width)
        placed.append(Note(index, short, full, row, anchor))
    return Notes(tuple(placed), len(row_ends))


def draw_notes(
    canvas: Canvas, notes: Notes, plot: Plot, result: SPCResult, *, top: float, layout: Layout
) -> None:
    """Draw the labels in their rows from ``top`` down, and their leaders to the points."""
    note_size = layout.font_size * 0.8
    row_height = Notes.row_height(layout)
    for note in notes.notes:
        x = plot.xs[note.index]
        label_y = top + (note.row + 1) * row_height - note_size * 0.35
        point_y = plot.y(result.points[note.index].value) or plot.bottom
        canvas.add(f'<g class="spc-annotation"><title>{escape(note.full)}</title>')
        canvas.line(
            x, label_y + 3, x, point_y - layout.point_radius * 2, stroke=SECONDARY, dash="3 3"
        )
        offset = 3 if note.anchor == "start" else -3
        canvas.text(x + offset, label_y, note.short, size=note_size, anchor=note.anchor)
        canvas.add("</g>")
