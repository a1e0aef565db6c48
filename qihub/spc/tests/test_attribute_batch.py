"""attribute_batch: p, u and c charts in one batch give what analyse() gives one at a time."""

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from qihub.spc import SPCError, analyse, attribute_batch
from qihub.spc.interpret import assurance, point_type, variation

PROPERTIES = settings(
    max_examples=80,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

LINES = ("lower_limit", "upper_limit", "lower_2sigma", "upper_2sigma")


def _same_as_analyse(batch, counts, denominators, *, chart, **options):
    """Every series of the batch equals analyse() of that series on its own, exactly."""
    for row in range(counts.shape[0]):
        single = analyse(
            counts[row].tolist(),
            chart=chart,
            denominators=None if denominators is None else denominators[row].tolist(),
            **options,
        )
        assert batch.centre[row] == single.segments[0].centre
        for line in LINES:
            assert getattr(batch, line)[row].tolist() == [
                getattr(point, line) for point in single.points
            ]
        assert batch.values[row].tolist() == [point.value for point in single.points]
        assert [batch.rule_names[code] for code in batch.rule[row]] == [
            point.rule for point in single.points
        ]
        direction = options.get("direction", "neutral")
        kinds = [
            point_type(int(code), int(side), direction)
            for code, side in zip(batch.rule[row], batch.direction[row], strict=True)
        ]
        assert kinds == [point.point_type for point in single.points]
        assert variation(kinds[-1], direction) == single.variation


counts_2d = st.integers(min_value=1, max_value=8).flatmap(
    lambda rows: st.integers(min_value=1, max_value=60).flatmap(
        lambda points: st.tuples(
            hnp.arrays(
                float,
                (rows, points),
                elements=st.integers(min_value=0, max_value=400).map(float),
            ),
            hnp.arrays(
                float,
                (rows, points),
                elements=st.integers(min_value=1, max_value=400).map(float)
                | st.floats(min_value=0.5, max_value=5000, allow_nan=False),
            ),
        )
    )
)
options = st.fixed_dictionaries(
    {},
    optional={
        "baseline": st.integers(min_value=2, max_value=70),
        "shift_points": st.sampled_from([6, 7]),
        "trend_points": st.sampled_from([6, 7]),
        "two_in_three": st.sampled_from(["current", "legacy"]),
    },
)


@PROPERTIES
@given(arrays=counts_2d, options=options)
def test_p_batch_equals_one_at_a_time(arrays, options):
    counts, denominators = arrays
    denominators = np.maximum(denominators, counts)  # a p chart's numerator <= denominator
    batch = attribute_batch(counts, denominators, chart="p", **options)
    _same_as_analyse(batch, counts, denominators, chart="p", **options)


@PROPERTIES
@given(arrays=counts_2d, options=options)
def test_u_batch_equals_one_at_a_time(arrays, options):
    counts, denominators = arrays
    batch = attribute_batch(counts, denominators, chart="u", **options)
    _same_as_analyse(batch, counts, denominators, chart="u", **options)


@PROPERTIES
@given(arrays=counts_2d, options=options)
def test_c_batch_equals_one_at_a_time(arrays, options):
    counts, _ = arrays
    batch = attribute_batch(counts, chart="c", **options)
    _same_as_analyse(batch, counts, None, chart="c", **options)


def test_a_shift_in_a_batch_is_found_in_its_own_series_only():
    rng = np.random.default_rng(11)
    denominators = rng.integers(80, 120, size=(3, 40)).astype(float)
    counts = np.round(denominators * 0.2)
    counts[1, 30:] = np.round(denominators[1, 30:] * 0.5)  # series 1 jumps to 50%
    batch = attribute_batch(counts, denominators, chart="p", baseline=20)
    assert (batch.rule[[0, 2]] == 0).all()
    assert batch.rule[1, -1] == 1 and batch.direction[1, -1] == 1
    assert batch.centre[1] == pytest.approx(0.2, abs=0.01)
    for row in range(3):
        single = analyse(counts[row], chart="p", denominators=denominators[row], baseline=20)
        last = single.points[-1]
        batched = (float(batch.lower_limit[row, -1]), float(batch.upper_limit[row, -1]))
        assert assurance(0.3, *batched, "increase") == assurance(
            0.3, last.lower_limit, last.upper_limit, "increase"
        )


@pytest.mark.parametrize(
    ("values", "denominators", "chart", "message"),
    [
        ([[1, 2]], None, "p", "a p chart needs denominators"),
        ([[1, 2]], [[3, 4]], "c", "a c chart takes no denominators"),
        ([[1, 2]], [[3, 4]], "xmr", "chart must be one of p, u, c"),
        ([1, 2], [3, 4], "u", "values must be a 2-D array"),
        ([[1, 2]], [[3, 4, 5]], "u", "denominators have shape (1, 3) and values (1, 2)"),
        ([[1, float("nan")]], [[3, 4]], "u", "values[0, 1] is not finite"),
        ([[1, 2], [3, -1]], None, "c", "values[1, 1] is negative"),
        ([[1, 2]], [[3, 0]], "u", "denominators[0, 1] is not positive"),
        ([[1, 5]], [[3, 4]], "p", "values[0, 1] is greater than its denominator"),
        ([[1, 5]], [["a", 4]], "u", "denominators must be a 2-D array of numbers"),
        (np.zeros((2, 0)), None, "c", "each series needs at least 1 point"),
    ],
)
def test_bad_input_is_refused_naming_the_problem(values, denominators, chart, message):
    with pytest.raises(SPCError, match=re.escape(message)):
        attribute_batch(values, denominators, chart=chart)
