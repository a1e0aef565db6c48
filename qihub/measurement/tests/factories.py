"""Measures and points for tests."""

import datetime as dt

import factory

from qihub.measurement.models import DataPoint, DataSource, DataType, Direction, Measure


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    name = factory.Sequence(lambda n: f"Measure {n}")
    slug = factory.Sequence(lambda n: f"measure-{n}")
    definition = "The number counted each month, from the ward returns."
    unit = "days"
    data_type = DataType.CONTINUOUS
    direction = Direction.DECREASE
    published = True


class DataPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataPoint

    measure = factory.SubFactory(MeasureFactory)
    data_type = factory.LazyAttribute(lambda point: point.measure.data_type)
    period = factory.Sequence(lambda n: dt.date(2020, 1, 1) + dt.timedelta(days=7 * n))
    value = 5.0
    source = DataSource.FORM
