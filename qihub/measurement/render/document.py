"""The SVG document: the header, the plot and the legend laid out one under another, with the
accessible name and description."""

from __future__ import annotations

import math
from collections.abc import Sequence

from qihub.spc import SPCResult

from ..reading import read
from .annotations import Notes, draw_notes, place_notes
from .header import draw_header, subtitle
from .legend import draw_legend
from .marks import draw_lines, draw_points
from .scales import Plot, XAxis, YAxis, draw_axes, plot_sides
from .style import FONT, WIDE, Layout
from .svg import Canvas, escape


def render_svg(
    result: SPCResult,
    *,
    title: str = "",
    annotations: Sequence[str] = (),
    unit: str = "",
    layout: Layout = WIDE,
    responsive: bool = True,
    id_prefix: str = "spc",
    description: str | None = None,
) -> str:
    """The chart as SVG text.

    ``annotations`` holds one note per point ("" for none), drawn above the point; ``unit``, what
    the values count (``days``), is named under the title. With ``responsive`` the SVG fills its
    container's width (for a page); without it, it has a fixed size in pixels (for a download).
    ``id_prefix`` keeps the ids of two charts on one page apart. ``description`` (the SVG's
    ``<desc>``) defaults to the summary from :func:`~qihub.measurement.reading.read`.
    """
    reading = read(result)
    canvas = Canvas()
    subheading = subtitle(result, unit=unit)
    header_bottom = draw_header(
        canvas,
        result,
        reading,
        heading=title.strip() or "SPC chart",
        subheading=subheading,
        layout=layout,
    )
    notes_top = header_bottom + layout.font_size * 0.6
    plot, notes = _plot(result, annotations, layout, notes_top=notes_top)
    draw_axes(canvas, plot, layout)
    draw_lines(canvas, result, plot)
    draw_notes(canvas, notes, plot, result, top=notes_top, layout=layout)
    draw_points(canvas, result, plot, layout)
    legend_top = plot.bottom + layout.font_size * 1.3 + layout.font_size * 0.85 * 2.2
    height = math.ceil(draw_legend(canvas, result, top=legend_top, layout=layout))
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    size = f'width="{layout.width}" height="{height}"' if not responsive else 'width="100%"'
    accessible_title = f"{title.strip()}: {subheading}" if title.strip() else subheading
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width} {height}" '
        f'{size} role="img" aria-labelledby="{title_id}" '
        f'aria-describedby="{desc_id}" class="qihub-spc-chart" font-family="{FONT}">'
        f'<title id="{title_id}">{escape(accessible_title)}</title>'
        f'<desc id="{desc_id}">{escape(reading.text if description is None else description)}'
        "</desc>"
        f'<rect width="{layout.width}" height="{height}" fill="#ffffff"/>'
        + "".join(canvas.parts)
        + "</svg>"
    )


def _plot(
    result: SPCResult, annotations: Sequence[str], layout: Layout, *, notes_top: float
) -> tuple[Plot, Notes]:
    """The plot's place and axes: under the header and the annotations' rows."""
    y_axis = YAxis.for_result(result, layout)
    left, right = plot_sides(y_axis, layout)
    x_axis = XAxis.for_result(result, layout, left=left, right=right)
    notes = place_notes(annotations, x_axis.xs, right, layout)
    top = notes_top + notes.rows * Notes.row_height(layout)
    plot = Plot(
        left=left,
        right=right,
        top=top,
        bottom=top + layout.plot_height,
        x_axis=x_axis,
        y_axis=y_axis,
    )
    return plot, notes
