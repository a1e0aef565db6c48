"""Running the SPC engine on a :class:`~qihub.measurement.series.Series` with a set of options.

The CLI, the API and the /spc/ page all come through here, so an engine error reaches each of
them as the same one-line :class:`~qihub.measurement.series.SeriesError`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from qihub.spc import SPCError, SPCResult, analyse

from .series import Series

CHART_LABELS = {
    "xmr": "XmR chart: individual values (the Making Data Count default)",
    "run": "Run chart: median and runs rules",
    "p": "p chart: proportions (numerator and denominator)",
    "u": "u chart: rates (numerator and denominator)",
    "c": "c chart: counts of events",
    "g": "g chart: cases or days between rare events",
    "t": "t chart: time between rare events",
}
DIRECTION_LABELS = {
    "increase": "Higher is better",
    "decrease": "Lower is better",
    "neutral": "Neither: show changes without calling them good or bad",
}
TWO_IN_THREE_LABELS = {
    "current": "Current rule (since November 2023): points beyond 3 sigma count too",
    "legacy": "Earlier rule (NHSRplotthedots 0.2.2): only points between 2 and 3 sigma count",
}


@dataclass(frozen=True)
class ChartOptions:
    """The options of :func:`qihub.spc.analyse`, with its defaults."""

    chart: str = "xmr"
    screen: bool = True
    baseline: int | None = None
    rebase: tuple[int, ...] = ()
    direction: str = "neutral"
    target: float | None = None
    shift_points: int = 7
    trend_points: int = 7
    two_in_three: str = "current"
    laney: bool = False


def analyse_series(series: Series, options: ChartOptions) -> SPCResult:
    """Analyse ``series``; raise :class:`~qihub.measurement.series.SeriesError` for bad input."""
    keywords = asdict(options)
    keywords["rebase"] = list(options.rebase)
    try:
        return analyse(
            list(series.values),
            dates=None if series.dates is None else list(series.dates),
            denominators=None if series.denominators is None else list(series.denominators),
            **keywords,
        )
    except SPCError as error:
        raise series.explain(error, chart=options.chart) from None


def spc_document(series: Series, result: SPCResult) -> dict[str, Any]:
    """The engine's JSON document of ``result``, its warnings led by what the reader did to the
    data (rows put in date order): what the CLI prints and the API returns."""
    document = result.to_dict()
    document["warnings"] = [*series.notices, *document["warnings"]]
    return document
