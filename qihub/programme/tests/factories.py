"""Aims for tests: a measure with monthly data, an owner, published unless asked not to be."""

import datetime as dt

from qihub.core.tests.factories import StaffFactory
from qihub.measurement.models import DataPoint, DataSource, Measure
from qihub.measurement.tests.factories import MeasureFactory
from qihub.programme.models import Aim


def monthly(measure: Measure, values: list[float]) -> None:
    """Give `measure` one point a month from January 2020."""
    DataPoint.objects.bulk_create(
        DataPoint(
            measure=measure,
            data_type=measure.data_type,
            period=dt.date(2020 + index // 12, index % 12 + 1, 1),
            value=value,
            source=DataSource.DEMO,
        )
        for index, value in enumerate(values)
    )


def aim_make(
    *, title: str = "Fewer falls", slug: str = "", published: bool = True, values=None, **fields
) -> Aim:
    measure = MeasureFactory.create(published=False)
    if values is not None:
        monthly(measure, values)
    aim = Aim(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        description=f"{title}, for every patient.",
        measure=measure,
        baseline_value=6.0,
        baseline_period="2019/20",
        target_value=4.0,
        target_date=dt.date(2027, 3, 31),
        owner=StaffFactory.create(first_name="Olu", last_name="Owner"),
        live=False,
        **fields,
    )
    aim.save()
    if published:
        aim.save_revision().publish(skip_permission_checks=True)
        aim.refresh_from_db()
    return aim
