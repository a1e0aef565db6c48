"""The database's own checks on measures and their points: no race or bypass breaks them."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from qihub.measurement.models import (
    DataPoint,
    DataPointCorrection,
    DataSource,
    DataType,
    IntegrationToken,
    Rebase,
)
from qihub.measurement.tests.factories import DataPointFactory, MeasureFactory

pytestmark = pytest.mark.django_db
JAN = dt.date(2024, 1, 1)


def _refused(**fields) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        DataPoint.objects.create(period=JAN, source=DataSource.FORM, **fields)


def test_one_point_per_period() -> None:
    point = DataPointFactory.create(period=JAN)
    _refused(measure=point.measure, data_type=point.data_type, value=6)


def test_a_continuous_point_has_a_value_and_no_ratio() -> None:
    measure = MeasureFactory.create()
    _refused(measure=measure, data_type=DataType.CONTINUOUS, value=None)
    _refused(measure=measure, data_type=DataType.CONTINUOUS, value=1, numerator=1, denominator=2)


def test_a_proportion_has_a_numerator_at_most_its_denominator() -> None:
    measure = MeasureFactory.create(data_type=DataType.PROPORTION)
    proportion = {"measure": measure, "data_type": DataType.PROPORTION}
    _refused(**proportion, numerator=11, denominator=10)
    _refused(**proportion, numerator=1, denominator=0)
    _refused(**proportion, numerator=-1, denominator=10)
    _refused(**proportion, value=0.5)
    DataPoint.objects.create(
        period=JAN, source=DataSource.FORM, numerator=10, denominator=10, **proportion
    )


def test_a_rate_may_exceed_one() -> None:
    measure = MeasureFactory.create(data_type=DataType.RATE)
    point = DataPoint.objects.create(
        measure=measure,
        data_type=DataType.RATE,
        period=JAN,
        numerator=12,
        denominator=4,
        source=DataSource.API,
    )
    assert point.plotted == 3


@pytest.mark.parametrize(
    ("data_type", "value"),
    [(DataType.COUNT, -1), (DataType.CASES_BETWEEN, -1), (DataType.TIME_BETWEEN, 0)],
)
def test_counts_and_times_between_events_are_not_negative(data_type, value) -> None:
    _refused(measure=MeasureFactory.create(data_type=data_type), data_type=data_type, value=value)


def test_a_measure_checks_its_choices_and_target() -> None:
    from qihub.measurement.models import Measure

    for fields in (
        {"data_type": "pie"},
        {"direction": "sideways"},
        {"target_date": JAN},
        {"baseline_points": 1},
        {"slug": ""},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Measure.objects.create(**{"name": "M", "slug": "m", "definition": "d", **fields})


def test_a_correction_needs_a_reason_and_a_rebase_one_per_period() -> None:
    point = DataPointFactory.create(period=JAN)
    with pytest.raises(IntegrityError), transaction.atomic():
        DataPointCorrection.objects.create(data_point=point, source=DataSource.FORM, reason="")
    Rebase.objects.create(measure=point.measure, period=JAN, reason="New pathway")
    with pytest.raises(IntegrityError), transaction.atomic():
        Rebase.objects.create(measure=point.measure, period=JAN, reason="Again")


def test_a_token_digest_is_unique() -> None:
    IntegrationToken.objects.create(name="A", prefix="abc", digest="d" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        IntegrationToken.objects.create(name="B", prefix="abc", digest="d" * 64)
