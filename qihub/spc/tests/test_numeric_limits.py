"""The engine's numeric limits (issue 10, §2): input it cannot analyse exactly is an SPCError.

Each case here crashed the engine, or gave a result with infinite limits that no caller could
serialise or draw, before the limits were checked.
"""

import json
from fractions import Fraction

import numpy as np
import pytest

from qihub.spc import (
    SPCError,
    analyse,
    crossings_limit,
    longest_run_limit,
    runs_analysis,
    xmr_batch,
)

HUGE = 1e308
SUBNORMAL = 5e-324
INT64_MAX = 2**63 - 1


def _document(result) -> str:  # type: ignore[no-untyped-def]
    return json.dumps(result.to_dict(), allow_nan=False)


@pytest.mark.parametrize(
    ("values", "options", "message", "index"),
    [
        ([HUGE, -HUGE, HUGE, -HUGE], {}, r"values\[0\] is too large", 0),
        ([1.0, 2.0, HUGE], {"chart": "c"}, r"values\[2\] is too large", 2),
        ([HUGE, 1.0, HUGE], {"chart": "t"}, r"values\[0\] is too large", 0),
        ([1.0, HUGE, 1.0], {"chart": "g"}, r"values\[1\] is too large", 1),
        ([3.0, 1e101], {"chart": "run"}, r"values\[1\] is too large", 1),
        ([SUBNORMAL, 0.0, SUBNORMAL, 0.0], {}, r"values\[0\] is too close to 0", 0),
        ([1.0, 2.0, -1e-101], {}, r"values\[2\] is too close to 0", 2),
        ([1.0, 10**400], {}, r"values\[1\] is too large", 1),
        ([Fraction(10**400, 3), 1.0], {}, r"values\[0\] is too large", 0),
    ],
)
def test_values_outside_the_engines_range_are_refused_naming_the_position(
    values, options, message, index
):
    with pytest.raises(SPCError, match=message) as caught:
        analyse(values, **options)

    assert caught.value.index == index
    assert caught.value.field == "values"
    assert "between 1e-100 and 1e100 in size, or 0" in str(caught.value)


@pytest.mark.parametrize("denominator", [SUBNORMAL, 1e-101, HUGE])
def test_denominators_outside_the_range_are_refused(denominator):
    with pytest.raises(SPCError, match=r"denominators\[1\] is too") as caught:
        analyse([1.0, 1.0, 2.0], chart="u", denominators=[10.0, denominator, 10.0])

    assert caught.value.field == "denominators"


@pytest.mark.parametrize(
    "target",
    [-HUGE, HUGE, SUBNORMAL, -1e-101, 10**400],
    ids=["-1e308", "1e308", "5e-324", "-1e-101", "10**400"],
)
def test_a_target_outside_the_range_is_refused(target):
    with pytest.raises(SPCError, match=r"^target is too (large|close to 0): the engine takes "):
        analyse([1.0, 2.0, 3.0, 4.0], direction="increase", target=target)


def test_the_edges_of_the_range_give_finite_results_on_every_chart():
    big, small = 1e100, 1e-100
    cases = [
        {"values": [big, -big, big, -big]},
        {"values": [small, 0, small, 0], "target": -big},
        {"values": [big, 0, big], "chart": "c", "target": small},
        {"values": [big, small, big], "chart": "g"},
        {"values": [big, small, big], "chart": "t"},
        {"values": [big, -big] * 4, "chart": "run"},
        {"values": [small, 0], "chart": "p", "denominators": [big, big]},
        {"values": [big, 0, big], "chart": "u", "denominators": [small, small, small]},
        {"values": [big, 0, small], "chart": "u", "denominators": [small, big, big], "laney": True},
        {"values": [big, 0, big], "chart": "p", "denominators": [big, small, big], "laney": True},
    ]
    for case in cases:
        result = analyse(**case)  # type: ignore[arg-type]
        assert _document(result)
        assert result.points[0].value is not None


@pytest.mark.parametrize("name", ["shift_points", "trend_points", "baseline"])
@pytest.mark.parametrize("number", [2**63, 2**64, 10**5000], ids=["2**63", "2**64", "10**5000"])
def test_integer_options_beyond_int64_are_refused(name, number):
    with pytest.raises(
        SPCError, match=f"^{name} must be an integer of at most {INT64_MAX}; got"
    ) as caught:
        analyse([1.0, 2.0, 3.0, 4.0], **{name: number})

    assert caught.value.field == name
    assert len(str(caught.value)) < 200


def test_rule_lengths_longer_than_the_series_flag_nothing():
    values = [10, 0, 10, 0, 4, 4.1, 4.2, 4.3, 4.4, 4.5, 4.6]  # a trend of 8, a shift of 7
    assert {point.rule for point in analyse(values).points} == {None, "trend"}

    result = analyse(values, shift_points=INT64_MAX, trend_points=INT64_MAX, baseline=INT64_MAX)

    assert [point.rule for point in result.points] == [None] * len(values)
    assert result.options["shift_points"] == INT64_MAX
    assert _document(result)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"rebase": [10**5000]}, "rebase position a number too long to show is outside 1..3"),
        ({"rebase": 2}, "rebase must be a list of 0-based positions; got 2"),
        ({"rebase": "²"}, "rebase must be a list of 0-based positions; got '²'"),
        ({"direction": ["up"]}, "direction must be increase, decrease or neutral; got ['up']"),
        ({"chart": {"x": 1}}, "chart must be one of run, xmr, p, u, c, g, t; got {'x': 1}"),
        ({"two_in_three": 3}, "two_in_three must be current or legacy; got 3"),
        ({"screen": "no"}, "screen must be True or False; got 'no'"),
        ({"laney": 1}, "laney must be True or False; got 1"),
        ({"dates": 5}, "dates must be a sequence of dates"),
        ({"target": "95%"}, "target must be a finite number; got '95%'"),
        ({"chart": "x" * 10_000}, "chart must be one of run, xmr, p, u, c, g, t; got 'xxxxx"),
    ],
)
def test_options_of_the_wrong_kind_are_refused_in_one_short_line(options, message):
    with pytest.raises(SPCError) as caught:
        analyse([1.0, 2.0, 3.0, 4.0], **options)

    assert str(caught.value).startswith(message)
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize("values", [np.float64(3.0), np.array(3.0, dtype=object), iter([1, 2])])
def test_values_that_are_not_a_sequence_are_refused(values):
    with pytest.raises(SPCError, match=r"^values must be"):
        analyse(values)


def test_a_target_of_another_number_type_is_echoed_as_a_float():
    result = analyse([1, 2, 3, 4], direction="increase", target=Fraction(1, 2))  # type: ignore[arg-type]

    assert result.options["target"] == 0.5
    assert _document(result)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([[HUGE, -HUGE, HUGE]], r"values\[0, 0\] is too large"),
        ([[1.0, SUBNORMAL, 1.0]], r"values\[0, 1\] is too close to 0"),
        ([[1.0, 2.0], [3.0]], "values must be a 2-D array of numbers"),
        ([["a", "b"]], "values must be a 2-D array of numbers"),
    ],
)
def test_the_batch_refuses_what_the_single_chart_refuses(values, message):
    with pytest.raises(SPCError, match=message):
        xmr_batch(values)


@pytest.mark.parametrize(
    "options", [{"shift_points": 2**63}, {"baseline": 2**64}, {"screen": None}]
)
def test_the_batch_checks_its_options_like_analyse(options):
    with pytest.raises(SPCError):
        xmr_batch(np.ones((2, 5)), **options)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: runs_analysis(["a", "b"], 0.0), "values must be a sequence of numbers"),
        (lambda: runs_analysis([1.0, 2.0, 3.0], [1.0, 2.0]), "centre must be one number or one"),
        (lambda: runs_analysis([1.0, -np.inf], 0.0), "values[1] is not finite: -inf"),
        (lambda: runs_analysis([1.0, 2.0], "x"), "centre must be one number or one"),
        (
            lambda: longest_run_limit(0),
            "n_useful must be an integer of at least 1; got 0",
        ),
        (
            lambda: longest_run_limit(2.5),  # type: ignore[arg-type]
            "n_useful must be an integer of at least 1; got 2.5",
        ),
        (
            lambda: crossings_limit([3]),  # type: ignore[arg-type]
            "n_useful must be an integer of at least 0; got [3]",
        ),
        (
            lambda: crossings_limit(-1),
            "n_useful must be an integer of at least 0; got -1",
        ),
    ],
)
def test_the_runs_functions_refuse_bad_input(call, message):
    with pytest.raises(SPCError) as caught:
        call()

    assert str(caught.value).startswith(message)


def test_a_series_longer_than_a_chart_takes_is_refused():
    with pytest.raises(
        SPCError, match=r"^values has 100,001 entries; a chart takes at most 100,000"
    ):
        analyse(np.ones(100_001))
    with pytest.raises(SPCError, match=r"^values has 100,001 entries"):
        runs_analysis([1.0] * 100_001, 0.0)
    with pytest.raises(
        SPCError, match=r"^n_useful must be an integer of at most 100000; got 4611686018427387904"
    ):
        crossings_limit(2**62)
