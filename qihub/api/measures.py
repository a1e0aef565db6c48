"""``/api/v1/measures/{slug}/data``: a measure's data, read by anyone (published measures) and
written by integrations, each with its own bearer token (issue 11, §1).

A token is made and revoked by the QI team in the back office and may write only the measures
it is scoped to. A write is all or nothing: every point is checked first, and any bad point
refuses the request, which names each (the first ten, then how many more); then every point is
recorded in one transaction. Sending the same points again changes nothing; a point that
changes a recorded value needs a ``reason``, which is kept with the old value. Each write is
audited under the token's name.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from ninja import Router, Schema
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from qihub.api.problems import Location, problems_line, validation_problems
from qihub.measurement.data_files import measure_data
from qihub.measurement.errors import MeasurementError
from qihub.measurement.models import DataSource, IntegrationToken, Measure
from qihub.measurement.selectors import measures_published
from qihub.measurement.services import (
    datapoint_check,
    datapoint_record,
    token_for_secret,
    token_may_write,
    token_used,
)

router = Router(tags=["measures"])

#: The most points one request writes.
MAX_POINTS_PER_REQUEST = 1_000
Outcome = Literal["created", "corrected", "unchanged"]


class PointIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    period: dt.date = Field(description="The first day of the period, as YYYY-MM-DD.")
    value: float | None = Field(None, description="For every measure but proportions and rates.")
    numerator: float | None = Field(None, description="For proportions and rates.")
    denominator: float | None = Field(None, description="For proportions and rates.")
    reason: str = Field(
        "", max_length=2000, description="Needed only to change a value already recorded."
    )


class DataIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    data: list[PointIn] = Field(min_length=1, max_length=MAX_POINTS_PER_REQUEST)


class PointOut(Schema):
    period: dt.date
    outcome: Outcome


class DataWritten(Schema):
    measure: str
    created: int
    corrected: int
    unchanged: int
    points: list[PointOut]


class Problem(Schema):
    detail: str = Field(description="One line naming what is wrong.")


class MeasureOut(Schema):
    slug: str
    name: str
    definition: str
    unit: str
    data_type: str
    chart: str
    direction: str
    target_value: float | None
    target_date: str | None
    baseline_points: int | None


class DataPointOut(Schema):
    period: str
    value: float | None
    numerator: float | None
    denominator: float | None


class RebaseOut(Schema):
    period: str
    reason: str


class AnnotationOut(Schema):
    period: str
    text: str


class MeasureData(Schema):
    measure: MeasureOut
    data: list[DataPointOut]
    rebases: list[RebaseOut]
    annotations: list[AnnotationOut]


def _problem(status: int, detail: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="qihub"'
    return response


def _options(location: Location) -> Iterable[str]:
    """The names allowed where a name is not one: in a point, or in the body."""
    return PointIn.model_fields if location else DataIn.model_fields


def _token(request: HttpRequest) -> IntegrationToken | JsonResponse:
    """The request's token, or the 401 that says what is wrong with it."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return _problem(
            401, "Send the integration token in the header 'Authorization: Bearer <token>'."
        )
    token = token_for_secret(secret.strip())
    if token is None:
        return _problem(
            401, "The token is not recognised: check it, or ask the QI team for a new one."
        )
    if token.revoked_at is not None:
        return _problem(
            401,
            f"The token '{token.name}' was revoked on {token.revoked_at:%Y-%m-%d}: "
            "ask the QI team for a new one.",
        )
    return token


@router.get(
    "/{slug}/data",
    response={200: MeasureData, 404: Problem},
    summary="A published measure's data",
    url_name="measure_data",
)
def measure_data_read(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """The measure's definition, every data point, its rebases and its annotations. Public, for
    published measures."""
    measure = measures_published().filter(slug=slug).first()
    if measure is None:
        return _problem(404, f"There is no published measure '{slug}'.")
    return measure_data(measure)


@router.post(
    "/{slug}/data",
    response={200: DataWritten, 401: Problem, 403: Problem, 404: Problem, 422: Problem},
    summary="Record a measure's data",
    url_name="measure_data_write",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": DataIn.model_json_schema(),
                    "example": {"data": [{"period": "2024-03-01", "value": 5.4}]},
                }
            },
        }
    },
)
def measure_data_write(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """Record up to 1,000 points of the measure's data, with the integration's bearer token.

    All or nothing: any bad point gets 422 naming each (the first ten, then how many more), and
    nothing is written. A period already
    recorded with the same numbers is unchanged; with other numbers it is corrected, which
    needs a `reason`. 401 for a missing, unknown or revoked token; 403 when the token may not
    write this measure."""
    token = _token(request)
    if isinstance(token, JsonResponse):
        return token
    measure = Measure.objects.filter(slug=slug).first()
    if measure is None:
        return _problem(404, f"There is no measure '{slug}'.")
    if not token_may_write(token=token, measure=measure):
        return _problem(
            403,
            f"The token '{token.name}' may not write to '{slug}': the QI team can add this "
            "measure to the token's measures.",
        )
    try:
        payload = DataIn.model_validate_json(request.body or b"null")
    except RequestDataTooBig:
        return _problem(422, f"Send at most {MAX_POINTS_PER_REQUEST:,} points a request.")
    except ValidationError as error:
        if error.errors()[0]["type"] == "too_long":
            return _problem(422, f"Send at most {MAX_POINTS_PER_REQUEST:,} points a request.")
        return _problem(422, problems_line(validation_problems(error, options=_options)))
    problems = []
    seen: dict[dt.date, int] = {}
    for index, point in enumerate(payload.data):
        if point.period in seen:
            problems.append(
                f"data[{index}]: the period {point.period} is also data[{seen[point.period]}]"
            )
            continue
        seen[point.period] = index
        try:
            datapoint_check(
                measure=measure,
                period=point.period,
                value=point.value,
                numerator=point.numerator,
                denominator=point.denominator,
            )
        except MeasurementError as error:
            problems.append(f"data[{index}] ({point.period}): {error.message}")
    if problems:
        return _problem(422, problems_line(problems))
    outcomes = []
    try:
        with transaction.atomic():
            for index, point in enumerate(payload.data):
                try:
                    recorded = datapoint_record(
                        measure=measure,
                        period=point.period,
                        value=point.value,
                        numerator=point.numerator,
                        denominator=point.denominator,
                        source=DataSource.API,
                        via=token.name,
                        reason=point.reason,
                    )
                except MeasurementError as error:
                    raise _Refused(f"data[{index}] ({point.period}): {error.message}") from None
                outcomes.append(PointOut(period=point.period, outcome=recorded.outcome.value))
    except _Refused as refused:
        return _problem(422, str(refused))
    token_used(token=token)
    counts = {
        kind: sum(1 for outcome in outcomes if outcome.outcome == kind)
        for kind in ("created", "corrected", "unchanged")
    }
    return DataWritten(measure=measure.slug, points=outcomes, **counts)


class _Refused(Exception):
    """A point refused inside the transaction: undo the points before it."""
