"""Recording a measure's data: one point at a time, inserted or corrected, never silently."""

from __future__ import annotations

import datetime as dt
import math
import numbers
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from qihub.core.audit import audit_log
from qihub.measurement.cells import number_written
from qihub.measurement.errors import MeasurementError
from qihub.measurement.models import (
    DataPoint,
    DataPointCorrection,
    DataSource,
    DataType,
    Frequency,
    Measure,
)
from qihub.measurement.permissions import measure_can_record
from qihub.spc.inputs import MAX_MAGNITUDE, MIN_MAGNITUDE


@dataclass(frozen=True)
class PointValues:
    """What one point says: a value, or a numerator and a denominator."""

    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None

    @classmethod
    def of(cls, point: DataPoint) -> PointValues:
        return cls(point.value, point.numerator, point.denominator)

    def __str__(self) -> str:
        if self.value is not None:
            return number_written(self.value)
        return f"{number_written(self.numerator)} out of {number_written(self.denominator)}"


class RecordOutcome(StrEnum):
    CREATED = "created"
    CORRECTED = "corrected"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Recorded:
    point: DataPoint
    outcome: RecordOutcome
    #: What the point said before a correction.
    old: PointValues | None = None


def _number(name: str, number: Any) -> float | None:
    if number is None:
        return None
    if isinstance(number, bool) or not isinstance(number, numbers.Real):
        raise MeasurementError(f"The {name} must be a number.", code="not_a_number", field=name)
    result = float(number)
    if not math.isfinite(result):
        raise MeasurementError(
            f"The {name} must be a finite number.", code="not_a_number", field=name
        )
    if abs(result) > MAX_MAGNITUDE or 0 < abs(result) < MIN_MAGNITUDE:
        raise MeasurementError(
            f"The {name} must be 0 or between 1e-100 and 1e100 in size.",
            code="out_of_range",
            field=name,
        )
    return result


#: No measure's data goes back further: an earlier year is a typing mistake.
EARLIEST_PERIOD = dt.date(1900, 1, 1)
_PERIOD_NOUN = {
    Frequency.DAY: ("day", "daily"),
    Frequency.WEEK: ("week (a Monday)", "weekly"),
    Frequency.MONTH: ("month", "monthly"),
    Frequency.QUARTER: ("quarter", "quarterly"),
}


def period_start(frequency: str, day: dt.date) -> dt.date:
    """The first day of the period of this frequency that ``day`` falls in."""
    if frequency == Frequency.WEEK:
        return day - dt.timedelta(days=day.weekday())
    if frequency == Frequency.MONTH:
        return day.replace(day=1)
    if frequency == Frequency.QUARTER:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day


def period_check(*, measure: Measure, period: Any) -> dt.date:
    """The period if it is the first day of one of the measure's periods, has begun and is not
    before 1900; else a MeasurementError saying which, and what to give instead."""
    if not isinstance(period, dt.date) or isinstance(period, dt.datetime):
        raise MeasurementError("The period must be a date.", code="bad_period", field="period")
    if period < EARLIEST_PERIOD:
        raise MeasurementError(
            f"The period {period.isoformat()} is before 1900: check its year.",
            code="period_too_early",
            field="period",
        )
    if period > timezone.localdate():
        raise MeasurementError(
            f"The period {period.isoformat()} has not begun yet: record a period once it has.",
            code="period_in_future",
            field="period",
        )
    start = period_start(measure.frequency, period)
    if start != period:
        noun, adverb = _PERIOD_NOUN[Frequency(measure.frequency)]
        raise MeasurementError(
            f"{period.isoformat()} is not the first day of a {noun}: {measure.name} is recorded "
            f"{adverb} and each value is dated by the first day of its period, so give "
            f"{start.isoformat()}.",
            code="not_period_start",
            field="period",
        )
    return period


def datapoint_check(
    *,
    measure: Measure,
    period: Any = None,
    value: Any = None,
    numerator: Any = None,
    denominator: Any = None,
) -> PointValues:
    """The point's numbers if they suit the measure's data type, and its period if one is given
    (`period_check`); else a MeasurementError naming what is at fault and why (the form, the
    upload and the API all say the same)."""
    if period is not None:
        period_check(measure=measure, period=period)
    value = _number("value", value)
    numerator = _number("numerator", numerator)
    denominator = _number("denominator", denominator)
    if measure.is_ratio:
        kind = "proportion" if measure.data_type == DataType.PROPORTION else "rate"
        if value is not None:
            raise MeasurementError(
                f"{measure.name} is a {kind}: give a numerator and a denominator, not a value.",
                code="ratio_expected",
                field="value",
            )
        for name, number in (("numerator", numerator), ("denominator", denominator)):
            if number is None:
                raise MeasurementError(
                    f"{measure.name} is a {kind}: give the {name}.", code="missing", field=name
                )
        assert numerator is not None and denominator is not None
        if numerator < 0:
            raise MeasurementError(
                "The numerator cannot be negative.", code="negative", field="numerator"
            )
        if denominator <= 0:
            raise MeasurementError(
                "The denominator must be more than 0.", code="not_positive", field="denominator"
            )
        if kind == "proportion" and numerator > denominator:
            raise MeasurementError(
                f"The numerator ({numerator:g}) is greater than the denominator "
                f"({denominator:g}): a proportion cannot be more than all of them.",
                code="numerator_above_denominator",
                field="numerator",
            )
        return PointValues(numerator=numerator, denominator=denominator)
    if numerator is not None or denominator is not None:
        raise MeasurementError(
            f"{measure.name} takes one value, not a numerator and a denominator.",
            code="value_expected",
            field="numerator" if numerator is not None else "denominator",
        )
    if value is None:
        raise MeasurementError("Give the value.", code="missing", field="value")
    if measure.data_type in (DataType.COUNT, DataType.CASES_BETWEEN) and value < 0:
        raise MeasurementError(
            f"The value cannot be negative: {measure.name} is a count.",
            code="negative",
            field="value",
        )
    if measure.data_type == DataType.TIME_BETWEEN and value <= 0:
        raise MeasurementError(
            "The value must be more than 0: it is the time between two events.",
            code="not_positive",
            field="value",
        )
    return PointValues(value=value)


def _check_recorder(*, measure: Measure, by: Any, source: str, via: str) -> None:
    if source not in DataSource.values:
        raise ValueError(f"unknown source {source!r}")
    if source == DataSource.API:
        if not via:
            raise ValueError("data from the API names the integration token that wrote it")
        return
    if source == DataSource.DEMO and by is None:
        return
    if not measure_can_record(user=by, obj=measure):
        raise MeasurementError(
            f"You may not record data for {measure.name}.", code="forbidden", field=None
        )


def _shown(values: PointValues) -> dict[str, float | None]:
    return {
        "value": values.value,
        "numerator": values.numerator,
        "denominator": values.denominator,
    }


def datapoint_record(
    *,
    measure: Measure,
    period: dt.date,
    value: Any = None,
    numerator: Any = None,
    denominator: Any = None,
    by: Any = None,
    source: str,
    via: str = "",
    reason: str = "",
) -> Recorded:
    """Record the measure's value for ``period``: a new point, or a correction to the one there.

    A correction needs a ``reason`` and keeps the old numbers in a
    :class:`~qihub.measurement.models.DataPointCorrection` and in the audit log; the same numbers
    again change nothing. ``by`` is the person (None for the demo and for the API, whose
    ``via`` names the integration token). One transaction; a MeasurementError names what is
    wrong and writes nothing.
    """
    period_check(measure=measure, period=period)
    values = datapoint_check(
        measure=measure, value=value, numerator=numerator, denominator=denominator
    )
    _check_recorder(measure=measure, by=by, source=source, via=via)
    reason = reason.strip()
    with transaction.atomic():
        point = _locked(measure, period)
        if point is None:
            try:
                with transaction.atomic():
                    point = DataPoint.objects.create(
                        measure=measure,
                        data_type=measure.data_type,
                        period=period,
                        value=values.value,
                        numerator=values.numerator,
                        denominator=values.denominator,
                        source=source,
                        recorded_by=by if getattr(by, "is_authenticated", False) else None,
                        recorded_via=via,
                    )
            except IntegrityError:
                # Another request recorded this period first: correct it instead.
                point = _locked(measure, period)
                if point is None:
                    raise
            else:
                audit_log(
                    action="qihub.measurement.datapoint.record",
                    instance=point,
                    user=by,
                    data={
                        "measure": measure.slug,
                        "period": period.isoformat(),
                        **_shown(values),
                        "source": source,
                        "via": via,
                    },
                )
                return Recorded(point, RecordOutcome.CREATED)
        old = PointValues.of(point)
        if old == values:
            return Recorded(point, RecordOutcome.UNCHANGED)
        if not reason:
            raise MeasurementError(
                f"{measure.name} already has {old} for {period.day} {period:%B %Y}. To change "
                f"it to {values}, give a reason for the correction.",
                code="reason_required",
                field="reason",
            )
        DataPointCorrection.objects.create(
            data_point=point,
            corrected_by=by if getattr(by, "is_authenticated", False) else None,
            corrected_via=via,
            source=source,
            reason=reason,
            old_value=old.value,
            old_numerator=old.numerator,
            old_denominator=old.denominator,
            new_value=values.value,
            new_numerator=values.numerator,
            new_denominator=values.denominator,
        )
        point.value, point.numerator, point.denominator = (
            values.value,
            values.numerator,
            values.denominator,
        )
        point.updated_at = timezone.now()
        point.save(update_fields=["value", "numerator", "denominator", "updated_at"])
        audit_log(
            action="qihub.measurement.datapoint.correct",
            instance=point,
            user=by,
            data={
                "measure": measure.slug,
                "period": period.isoformat(),
                "old": _shown(old),
                "new": _shown(values),
                "reason": reason,
                "source": source,
                "via": via,
            },
        )
        return Recorded(point, RecordOutcome.CORRECTED, old)


def _locked(measure: Measure, period: dt.date) -> DataPoint | None:
    return DataPoint.objects.select_for_update().filter(measure=measure, period=period).first()
