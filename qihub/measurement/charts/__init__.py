"""The charting layer: a series in, everything a page needs to show it out.

Aims, projects, the engagement dashboard and the /spc/ tool chart a series the same way::

    from qihub.measurement.charts import ChartOptions, Downloads, Series, chart_series

    chart = chart_series(
        Series(values=(5.6, 5.9, 5.4), dates=("2024-01-01", "2024-02-01", "2024-03-01")),
        ChartOptions(direction="decrease", target=5),
        title="Average length of stay",
        unit="days",
        downloads=Downloads(url=reverse("programme:aim-chart", args=[aim.pk])),
        html_id=f"aim-{aim.pk}",
    )

and show it with one partial, ``{% include "measurement/fragment_chart.html" with chart=chart %}``:
the chart (a narrow drawing on a phone, a wide one from desktop width), what it shows in words,
its warnings, the download buttons and the data as a table. :func:`chart_download` answers the
download request. See docs/spc.md ("Charting a series from another app").

A stored measure (:class:`~qihub.measurement.models.Measure`) charts itself with
:func:`measure_chart`, and a table of many measures reads their icons with
:func:`measures_summary` (docs/measures.md).
"""

from ..analysis import ChartOptions
from ..series import Series, SeriesError
from .chart import (
    DOWNLOAD_FORMATS,
    Chart,
    Downloads,
    Icon,
    chart_download,
    chart_icon,
    chart_series,
)
from .measures import (
    MIN_POINTS_FOR_LIMITS,
    MeasureSummary,
    measure_chart,
    measure_chart_download_url,
    measures_summary,
)

__all__ = [
    "DOWNLOAD_FORMATS",
    "MIN_POINTS_FOR_LIMITS",
    "Chart",
    "ChartOptions",
    "Downloads",
    "Icon",
    "MeasureSummary",
    "Series",
    "SeriesError",
    "chart_download",
    "chart_icon",
    "chart_series",
    "measure_chart",
    "measure_chart_download_url",
    "measures_summary",
]
