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

The modules, in the order the picture is drawn: :mod:`.header` (title, subtitle, :mod:`.icons`),
:mod:`.scales` (axes), :mod:`.marks` (limits, centre, target, data, points),
:mod:`.annotations`, :mod:`.legend`; :mod:`.document` puts them together, :mod:`.style` and
:mod:`.svg` hold what they share.
"""

from .document import render_svg
from .icons import icon_svg
from .style import COLOURS, MARKER_LIMIT, NARROW, WIDE, Layout

__all__ = ["COLOURS", "MARKER_LIMIT", "NARROW", "WIDE", "Layout", "icon_svg", "render_svg"]
