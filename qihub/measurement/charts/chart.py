"""A series analysed and charted: :func:`chart_series`, the :class:`Chart` the partial shows,
and :func:`chart_download`."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.safestring import SafeString, mark_safe

from qihub.spc import SPCResult

from ..analysis import ChartOptions, analyse_series
from ..downloads import filename, result_csv, svg_to_png
from ..reading import Reading, Table, data_table, read
from ..render import NARROW, WIDE, Layout, icon_svg, render_svg
from ..series import Series

#: The downloads the partial offers, as the value of its ``format`` parameter, and their labels.
DOWNLOAD_FORMATS = {
    "png": "Picture (PNG)",
    "svg": "Scalable picture (SVG)",
    "csv": "Data and limits (CSV)",
}


@dataclass(frozen=True)
class Downloads:
    """Where the partial's download buttons go: a form with one button per format, each sending
    ``format=png``, ``svg`` or ``csv`` to ``url``.

    A stored measure downloads with a GET (the default), so the files have addresses of their
    own. A page that keeps nothing, such as /spc/, posts the series back instead: ``method="post"``
    with the series and options as hidden ``fields``. A GET form replaces any query string in
    ``url``: give extra parameters as ``fields``.
    """

    url: str
    method: Literal["get", "post"] = "get"
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Icon:
    """A Making Data Count icon on its own, for a summary table of many measures."""

    kind: Literal["variation", "assurance"]
    #: The result's variation (``improvement_high``, …) or assurance (``pass``, …).
    value: str
    title: str
    text: str
    #: An SVG picture whose accessible name is the title.
    svg: SafeString


@dataclass(frozen=True)
class Chart:
    """A series analysed, with all a page shows of it. The drawings, the reading, the table and
    the icons are made when first used (a summary table needs only the icons), then kept.

    ``html_id`` is the id of the partial's section, and every id inside it starts with it, so two
    charts on one page need two. ``heading_level`` is the level of the chart's title (2 for
    ``<h2>``); the partial's own headings are one level below.
    """

    series: Series
    result: SPCResult
    title: str = ""
    unit: str = ""
    downloads: Downloads | None = None
    html_id: str = "chart"
    heading_level: int = 2
    #: What the page says about the chart before reading it, such as why it is a run chart.
    notices: tuple[str, ...] = ()
    #: Show only this many of the latest points in the data table (all when None), with a link
    #: to ``table_all_url``, the same page with the whole table.
    table_latest: int | None = None
    table_all_url: str = ""

    def __post_init__(self) -> None:
        if len(self.result.points) != len(self.series):
            raise ValueError(
                f"the result has {len(self.result.points)} points and the series "
                f"{len(self.series)}: chart the result of analysing this series"
            )
        if not 1 <= self.heading_level <= 5:
            raise ValueError(f"heading_level is {self.heading_level}; it must be 1 to 5")

    @cached_property
    def reading(self) -> Reading:
        return read(self.result)

    @cached_property
    def svg_wide(self) -> SafeString:
        return self._svg(WIDE, "wide")

    @cached_property
    def svg_narrow(self) -> SafeString:
        return self._svg(NARROW, "narrow")

    @cached_property
    def table(self) -> Table:
        return data_table(self.result, self.series, unit=self.unit, latest=self.table_latest)

    @property
    def table_is_partial(self) -> bool:
        """Whether the data table leaves out earlier points."""
        return len(self.table.rows) < len(self.series)

    @cached_property
    def table_body(self) -> SafeString:
        """The data table's rows as HTML, each cell with its column's label for the responsive
        table on a phone. Built in one pass here rather than by the template engine, whose
        lookups for every cell cost most of a long series' page (520 points, 3,600 cells)."""
        table = self.table
        numeric = " nhsuk-table__cell--numeric"
        openings = [
            f'<td class="nhsuk-table__cell{numeric if column.numeric else ""}" role="cell">'
            f'<span class="nhsuk-table-responsive__heading" aria-hidden="true">'
            f"{html.escape(column.label)} </span>"
            for column in table.columns
        ]
        rows = (
            "".join(
                f"{opening}{html.escape(cell.text)}</td>"
                for opening, cell in zip(openings, row, strict=True)
            )
            for row in table.rows
        )
        # Every piece of text in it is escaped above.
        return mark_safe(  # noqa: S308
            "".join(f'<tr class="nhsuk-table__row" role="row">{row}</tr>\n' for row in rows)
        )

    @cached_property
    def icons(self) -> tuple[Icon, ...]:
        """The variation icon, and the assurance icon when there is one."""
        reading = self.reading
        icons = [
            chart_icon(
                "variation",
                self.result.variation,
                reading.variation_title,
                reading.variation_text,
            )
        ]
        if self.result.assurance is not None and reading.assurance_title is not None:
            icons.append(
                chart_icon(
                    "assurance",
                    self.result.assurance,
                    reading.assurance_title,
                    reading.assurance_text,
                )
            )
        return tuple(icons)

    @property
    def warnings(self) -> tuple[str, ...]:
        """What to read the chart with care for: what the reader did to the data (rows put in
        date order), then the engine's warnings."""
        return self.series.notices + self.result.warnings

    @property
    def heading_tag(self) -> str:
        return f"h{self.heading_level}"

    @property
    def subheading_tag(self) -> str:
        return f"h{self.heading_level + 1}"

    @property
    def download_formats(self) -> tuple[tuple[str, str], ...]:
        return tuple(DOWNLOAD_FORMATS.items())

    def svg(self, *, layout: Layout = WIDE, responsive: bool = True, id_prefix: str = "") -> str:
        """The chart as SVG text, in ``layout``; a fixed size in pixels unless ``responsive``."""
        return render_svg(
            self.result,
            title=self.title,
            annotations=self.series.annotations,
            unit=self.unit,
            layout=layout,
            responsive=responsive,
            id_prefix=id_prefix or self.html_id,
        )

    def _svg(self, layout: Layout, name: str) -> SafeString:
        # render_svg escapes every piece of text it draws.
        return mark_safe(self.svg(layout=layout, id_prefix=f"{self.html_id}-{name}"))  # noqa: S308


def chart_icon(kind: Literal["variation", "assurance"], value: str, title: str, text: str) -> Icon:
    """An icon on its own, with its accessible name."""
    # icon_svg escapes the label it draws.
    svg = mark_safe(icon_svg(kind, value, label=title))  # noqa: S308
    return Icon(kind, value, title, text, svg)


def chart_series(
    series: Series,
    options: ChartOptions | None = None,
    *,
    title: str = "",
    unit: str = "",
    downloads: Downloads | None = None,
    html_id: str = "chart",
    heading_level: int = 2,
    notices: tuple[str, ...] = (),
    table_latest: int | None = None,
    table_all_url: str = "",
) -> Chart:
    """Analyse ``series`` with ``options`` (:class:`ChartOptions`' defaults: an XmR chart) and
    chart it. Bad input raises :class:`SeriesError`, one line naming what is wrong.

    ``unit`` says what a value counts (``days``, ``falls per 1,000 bed days``); rebase positions
    in ``options`` count from 0, and an annotation in the series (a PDSA cycle, a rebase's
    reason) is drawn at its point. ``table_latest`` keeps a long series' data table to its latest
    points, with a link to ``table_all_url`` for the rest (the downloads always have them all).
    """
    result = analyse_series(series, options or ChartOptions())
    return Chart(
        series=series,
        result=result,
        title=title,
        unit=unit,
        downloads=downloads,
        html_id=html_id,
        heading_level=heading_level,
        notices=notices,
        table_latest=table_latest,
        table_all_url=table_all_url,
    )


def chart_download(chart: Chart, kind: str) -> HttpResponse:
    """The chart as a file to save: ``png``, ``svg`` or ``csv`` (every point with its lines),
    named after its title; a 400 that lists the choices for any other ``kind``."""
    if kind not in DOWNLOAD_FORMATS:
        *others, last = DOWNLOAD_FORMATS
        return HttpResponseBadRequest(f"Choose a download: {', '.join(others)} or {last}.")
    if kind == "csv":
        response = HttpResponse(
            result_csv(chart.result, chart.series), content_type="text/csv; charset=utf-8"
        )
    else:
        svg = chart.svg(responsive=False)
        if kind == "svg":
            response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        else:
            response = HttpResponse(svg_to_png(svg), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{filename(chart.title, kind)}"'
    return response
