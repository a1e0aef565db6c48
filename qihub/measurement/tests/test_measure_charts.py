"""A stored measure charted: its chart type, rebases, annotations and target, the run chart
until there are enough points, and the summary table's batch path agreeing with one chart at a
time."""

import datetime as dt
import random

import pytest

from qihub.measurement.charts import MIN_POINTS_FOR_LIMITS, measure_chart, measures_summary
from qihub.measurement.models import Annotation, DataPoint, DataSource, DataType, Measure, Rebase
from qihub.measurement.tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db
START = dt.date(2022, 1, 1)


def _month(index: int) -> dt.date:
    return dt.date(START.year + (START.month - 1 + index) // 12, (index % 12) + 1, 1)


def _fill(measure: Measure, values, denominators=None) -> None:
    DataPoint.objects.bulk_create(
        DataPoint(
            measure=measure,
            data_type=measure.data_type,
            period=_month(index),
            value=None if measure.is_ratio else value,
            numerator=value if measure.is_ratio else None,
            denominator=denominators[index] if measure.is_ratio else None,
            source=DataSource.DEMO,
        )
        for index, value in enumerate(values)
    )


def test_no_data_no_chart() -> None:
    assert measure_chart(MeasureFactory.create()) is None
    (row,) = measures_summary([MeasureFactory.create()])
    assert row.points == 0 and row.variation is None and row.note == "No data yet."


def test_too_few_points_is_a_run_chart_that_says_so() -> None:
    measure = MeasureFactory.create(data_type=DataType.PROPORTION)
    _fill(measure, [3, 4, 5], [10, 10, 10])
    chart = measure_chart(measure)
    assert chart is not None
    assert chart.result.chart == "run"
    assert [point.value for point in chart.result.points] == [0.3, 0.4, 0.5]
    assert "only 3 points" in chart.notices[0]
    assert str(MIN_POINTS_FOR_LIMITS) in chart.notices[0]
    (row,) = measures_summary([measure])
    assert row.variation is None and row.latest_value == 0.5 and "only 3 points" in row.note


@pytest.mark.parametrize(
    ("data_type", "chart"),
    [
        (DataType.CONTINUOUS, "xmr"),
        (DataType.PROPORTION, "p"),
        (DataType.RATE, "u"),
        (DataType.COUNT, "c"),
        (DataType.CASES_BETWEEN, "g"),
        (DataType.TIME_BETWEEN, "t"),
    ],
)
def test_the_data_type_decides_the_chart(data_type, chart) -> None:
    measure = MeasureFactory.create(data_type=data_type)
    _fill(measure, [float(2 + i % 3) for i in range(20)], [10.0] * 20)
    result = measure_chart(measure)
    assert result is not None and result.result.chart == chart and not result.notices


def test_rebases_annotations_and_target() -> None:
    measure = MeasureFactory.create(target_value=4.0, direction="decrease")
    _fill(measure, [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 5, 6, 3, 2, 3, 2, 3, 2, 3, 2])
    Rebase.objects.create(measure=measure, period=_month(12), reason="New discharge lounge")
    Rebase.objects.create(measure=measure, period=_month(40), reason="After the last point")
    Annotation.objects.create(measure=measure, period=_month(3), text="PDSA 1")
    # Between periods: drawn at the next point.
    Annotation.objects.create(measure=measure, period=_month(5) + dt.timedelta(days=3), text="Go")
    chart = measure_chart(measure)
    assert chart is not None
    assert chart.result.options["rebase"] == [12]
    assert chart.result.options["target"] == 4.0
    assert chart.series.annotation(12) == "New process: New discharge lounge"
    assert chart.series.annotation(3) == "PDSA 1"
    assert chart.series.annotation(6) == "Go"
    assert 'class="spc-annotation"' in chart.svg_wide


def test_the_summary_batch_agrees_with_each_chart() -> None:
    generator = random.Random(11)
    measures = []
    data_types = [DataType.CONTINUOUS] * 3 + [
        DataType.PROPORTION,
        DataType.COUNT,
        DataType.RATE,
        DataType.CASES_BETWEEN,
        DataType.TIME_BETWEEN,
    ]
    for number in range(24):
        measure = MeasureFactory.create(
            data_type=data_types[number % len(data_types)],
            direction=["increase", "decrease", "neutral"][number % 3],
            target_value=[None, 5.0, 0.5][number % 3],
            baseline_points=[None, 15][number % 2],
        )
        length = 20 + (number % 2) * 6
        shift = generator.choice([0, 3])
        values = [float(generator.randint(2, 8) + (shift if i > 14 else 0)) for i in range(length)]
        _fill(measure, values, [20.0] * length)
        if number % 4 == 0:
            Rebase.objects.create(measure=measure, period=_month(10), reason="Changed")
        measures.append(measure)
    rows = measures_summary(measures)
    assert [row.measure for row in rows] == measures
    for measure, row in zip(measures, rows, strict=True):
        chart = measure_chart(measure)
        assert chart is not None
        assert row.variation is not None
        assert row.variation.value == chart.result.variation, measure
        assert (row.assurance.value if row.assurance else None) == chart.result.assurance
        assert row.latest_value == chart.result.points[-1].value


def test_the_summary_reads_all_measures_in_two_queries(django_assert_num_queries) -> None:
    measures = [MeasureFactory.create() for _ in range(5)]
    for measure in measures:
        _fill(measure, [float(i % 4) for i in range(15)])
    with django_assert_num_queries(2):
        measures_summary(measures)


def test_xmr_measures_go_through_the_batch_path(monkeypatch) -> None:
    from qihub.measurement.charts import measures as module

    calls = []
    batch = module.xmr_batch

    def counted(values, **options):
        calls.append(len(values))
        return batch(values, **options)

    monkeypatch.setattr(module, "xmr_batch", counted)
    monkeypatch.setattr(module, "analyse_series", None)  # XmR alone: never one at a time
    measures = [MeasureFactory.create() for _ in range(6)]
    for measure in measures:
        _fill(measure, [float(i % 5) for i in range(16)])
    assert all(row.variation for row in measures_summary(measures))
    assert calls == [6]


def test_p_u_and_c_measures_go_through_the_batch_path(monkeypatch) -> None:
    from qihub.measurement.charts import measures as module

    calls = []
    batch = module.attribute_batch

    def counted(values, denominators=None, **options):
        calls.append((options["chart"], len(values)))
        return batch(values, denominators, **options)

    monkeypatch.setattr(module, "attribute_batch", counted)
    monkeypatch.setattr(module, "analyse_series", None)  # never one at a time
    measures = []
    for data_type in [DataType.PROPORTION] * 3 + [DataType.RATE] * 2 + [DataType.COUNT]:
        measure = MeasureFactory.create(data_type=data_type)
        _fill(measure, [float(2 + i % 5) for i in range(16)], [10.0] * 16)
        measures.append(measure)
    assert all(row.variation for row in measures_summary(measures))
    assert sorted(calls) == [("c", 1), ("p", 3), ("u", 2)]
