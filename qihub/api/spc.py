"""``POST /api/v1/spc``: the SPC engine as a public JSON service (issue 3, §2).

The body is read and checked here rather than by django-ninja's own body parsing, so that every
bad input gets the one-line message the CLI gives (``{"detail": "row 5, column value: …"}``)
instead of a list of validation errors; the request schema is still published in the OpenAPI
document.
"""

import json
from typing import Literal

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from qihub.api.problems import problems_line, validation_problems
from qihub.measurement.analysis import ChartOptions, analyse_series, spc_document
from qihub.measurement.cells import read_target
from qihub.measurement.series import MAX_CSV_CHARS, MAX_POINTS, Series, SeriesError, read_csv

router = Router(tags=["spc"])

Chart = Literal["run", "xmr", "p", "u", "c", "g", "t"]
Direction = Literal["increase", "decrease", "neutral"]
TwoInThree = Literal["current", "legacy"]


class SPCRequest(BaseModel):
    """A series and the options of the analysis. Give the data as ``values`` (with ``dates`` and,
    for p and u charts, ``denominators``) or as ``csv`` text, not both."""

    model_config = ConfigDict(extra="forbid", strict=True)

    chart: Chart = "xmr"
    values: list[float | None] | None = Field(
        None,
        max_length=MAX_POINTS,
        description="The measure in time order (numerators for p and u charts); null is missing. "
        "Each value is 0 or between 1e-100 and 1e100 in size.",
    )
    dates: list[str | None] | None = Field(
        None, max_length=MAX_POINTS, description="One label per value, echoed in the result."
    )
    denominators: list[float | None] | None = Field(
        None, max_length=MAX_POINTS, description="For p and u charts only."
    )
    csv: str | None = Field(
        None,
        max_length=MAX_CSV_CHARS,
        description="The data as CSV text with a header: value, or date,value, or "
        "date,numerator,denominator for p and u charts. Other headings are fine: the date and "
        "value columns are then guessed, or chosen with date_column and value_column.",
    )
    date_column: str | None = Field(
        None,
        max_length=1_000,
        description="With csv: the heading of the date column (an empty string for none); "
        "guessed when left out.",
    )
    value_column: str | None = Field(
        None,
        max_length=1_000,
        description="With csv: the heading of the value column; guessed when left out.",
    )
    screen: bool = Field(True, description="Screen large moving ranges (NHSRplotthedots).")
    baseline: int | None = Field(None, description="Fix the limits on the first N points.")
    rebase: list[int] = Field(
        default_factory=list,
        max_length=MAX_POINTS,
        description="0-based positions where a new segment starts.",
    )
    direction: Direction = "neutral"
    target: float | str | None = Field(
        None,
        description="For the assurance icon: 0 or between 1e-100 and 1e100 in size; on a p "
        'chart a proportion (0.95). Or text such as "95%": 0.95 on a p chart, 95 on any other.',
    )
    shift_points: int = 7
    trend_points: int = 7
    two_in_three: TwoInThree = "current"
    laney: bool = Field(False, description="Laney's p′ and u′ charts.")


class SPCRuns(Schema):
    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    crossings: int | None
    crossings_min: int | None
    signal: bool


class SPCPoint(Schema):
    index: int
    date: str | None
    value: float | None
    centre: float | None
    lower_limit: float | None
    upper_limit: float | None
    lower_2sigma: float | None
    upper_2sigma: float | None
    rule: Literal["outside_limits", "trend", "two_in_three", "shift"] | None
    point_type: (
        Literal["common_cause", "improvement", "concern", "neutral_high", "neutral_low"] | None
    )


class SPCSegment(Schema):
    start: int
    end: int
    centre: float | None
    mean_moving_range: float | None
    trial_limits: bool
    runs: SPCRuns


class SPCOptions(Schema):
    chart: Chart
    screen: bool
    baseline: int | None
    rebase: list[int]
    direction: Direction
    target: float | None
    shift_points: int
    trend_points: int
    two_in_three: TwoInThree
    laney: bool


class SPCDocument(Schema):
    chart: Chart
    points: list[SPCPoint]
    segments: list[SPCSegment]
    runs_signal: bool | None
    variation: Literal[
        "common_cause",
        "improvement_high",
        "improvement_low",
        "concern_high",
        "concern_low",
        "neutral_high",
        "neutral_low",
    ]
    assurance: Literal["pass", "fail", "hit_and_miss"] | None
    warnings: list[str]
    options: SPCOptions


class SPCProblem(Schema):
    detail: str = Field(description="One line naming what is wrong and where.")


EXAMPLE = {
    "chart": "xmr",
    "values": [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 12],
    "direction": "increase",
    "target": 8,
}


def _too_long(detail: ErrorDetails, where: str) -> str | None:
    if detail["type"] in ("too_long", "string_too_long"):
        return (
            f"{where} is too long: a chart takes at most {MAX_POINTS:,} points "
            f"and {MAX_CSV_CHARS:,} characters of CSV"
        )
    return None


def _validation_message(error: ValidationError) -> str:
    """Every problem pydantic found, in one line."""
    return problems_line(
        validation_problems(error, options=lambda _: SPCRequest.model_fields, special=_too_long)
    )


def _problem(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def _series(payload: SPCRequest) -> Series:
    arrays = payload.values is not None or payload.dates is not None
    if payload.csv is not None:
        if arrays or payload.denominators is not None:
            raise SeriesError("give the data as csv or as values, not both")
        return read_csv(
            payload.csv,
            chart=payload.chart,
            date_column=payload.date_column,
            value_column=payload.value_column,
        )
    if payload.date_column is not None or payload.value_column is not None:
        raise SeriesError("date_column and value_column choose columns of csv data; give csv")
    if payload.values is None:
        raise SeriesError("give the data as values (a list of numbers) or as csv text")
    return Series(
        values=tuple(payload.values),
        dates=None if payload.dates is None else tuple(payload.dates),
        denominators=None if payload.denominators is None else tuple(payload.denominators),
    )


@router.post(
    "",
    response={200: SPCDocument, 413: SPCProblem, 422: SPCProblem},
    summary="Analyse a series as an SPC chart",
    url_name="spc_analyse",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": SPCRequest.model_json_schema(),
                    "example": EXAMPLE,
                }
            },
        }
    },
)
def spc_analyse(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Analyse one series the NHS Making Data Count way (run, XmR, p, u, c, g or t chart).

    Returns each point's centre, process limits, the special-cause rule it meets and its type
    (improvement, concern, neutral), the segments, and the variation and assurance icons: the
    same document as `qihub spc`. Public; at most 10,000 points. Bad input gets 422 with one line
    naming what is wrong and where (the row and column of CSV data)."""
    try:
        body = request.body
    except RequestDataTooBig:
        return _problem(
            413, f"the request is too large: a chart takes at most {MAX_POINTS:,} points"
        )
    try:
        payload = SPCRequest.model_validate_json(body or b"null")
    except ValidationError as error:
        return _problem(422, _validation_message(error))
    try:
        target = (
            read_target(payload.target, chart=payload.chart, p_in_percent=False)
            if isinstance(payload.target, str)
            else payload.target
        )
        options = ChartOptions(
            chart=payload.chart,
            screen=payload.screen,
            baseline=payload.baseline,
            rebase=tuple(payload.rebase),
            direction=payload.direction,
            target=target,
            shift_points=payload.shift_points,
            trend_points=payload.trend_points,
            two_in_three=payload.two_in_three,
            laney=payload.laney,
        )
        series = _series(payload)
        result = analyse_series(series, options)
    except SeriesError as error:
        return _problem(422, str(error))
    # The engine's document as it is (the same bytes as `qihub spc` prints, less the indent):
    # validating 10,000 points again against SPCDocument would only double the time.
    return HttpResponse(
        json.dumps(spc_document(series, result), allow_nan=False), content_type="application/json"
    )
