"""Every edge case has a defined result or a clear SPCError naming the position."""

import numpy as np
import pytest

from qihub.spc import SPCError, analyse, xmr_batch


def test_no_values():
    with pytest.raises(SPCError, match="no values"):
        analyse([])


def test_every_value_missing():
    with pytest.raises(SPCError, match="every value is missing"):
        analyse([None, float("nan")])


def test_one_value_has_a_centre_but_no_limits():
    result = analyse([4.0])
    assert result.points[0].centre == 4.0
    assert result.points[0].upper_limit is None
    assert result.points[0].point_type == "common_cause"
    assert any("fewer than 2 values" in w for w in result.warnings)


def test_all_values_equal():
    result = analyse([3.0] * 15)
    point = result.points[0]
    assert point.lower_limit == point.upper_limit == 3.0
    assert all(p.point_type == "common_cause" for p in result.points)
    assert any("all values are equal" in w for w in result.warnings)


def test_zero_mean_moving_range_after_screening_falls_back():
    data = [1.0] * 14 + [10.0]  # moving ranges 0 x 13 and 9: screened mean would be 0
    result = analyse(data)
    assert result.segments[0].mean_moving_range == pytest.approx(9 / 14)
    assert any("unscreened" in w for w in result.warnings)
    assert xmr_batch(np.array([data])).screening_fallback[0]


def test_warnings_name_segments_by_their_points_counted_from_1():
    result = analyse([5.0 + i % 3 for i in range(30)], rebase=[18])

    assert result.segments[1].start == 18
    assert result.warnings == (
        "segment of points 19\u201330: limits rest on 12 values (fewer than 13); "
        "treat them as trial limits",
    )


def test_missing_values_are_skipped_and_reported():
    data = [1.0, 2.0, None, 3.0, float("nan"), 2.0, 1.0, 2.0]
    result = analyse(data)
    assert result.points[2].value is None and result.points[2].point_type is None
    assert result.to_dict()["points"][4]["value"] is None
    # Counted from 1, as the page's table numbers the points (issue 10, §3).
    assert "missing values skipped at points 3, 5" in result.warnings
    # only moving ranges between neighbours: |2-1|, |2-1|, |2-1|
    assert result.segments[0].mean_moving_range == pytest.approx(1.0)
    assert result.segments[0].centre == pytest.approx(11 / 6)


@pytest.mark.parametrize("bad", [float("inf"), -float("inf")])
def test_non_finite_values_are_rejected_with_position(bad):
    with pytest.raises(SPCError, match=r"values\[2\] is not finite") as caught:
        analyse([1.0, 2.0, bad])
    assert caught.value.index == 2


def test_non_numeric_value_is_rejected():
    with pytest.raises(SPCError, match=r"values\[1\] is not a number"):
        analyse([1.0, "x", 2.0])


@pytest.mark.parametrize("denominator", [0, -5])
def test_zero_or_negative_denominator(denominator):
    with pytest.raises(SPCError, match=r"denominators\[1\] is not positive"):
        analyse([1, 2, 3], chart="p", denominators=[10, denominator, 10])


def test_numerator_greater_than_denominator_for_p():
    with pytest.raises(SPCError, match=r"values\[0\] is greater than its denominator"):
        analyse([11, 2], chart="p", denominators=[10, 10])
    analyse([11, 2], chart="u", denominators=[10, 10])


def test_missing_denominator_is_a_missing_point():
    result = analyse([1, 2, 3], chart="p", denominators=[10, None, 10])
    assert result.points[1].value is None


def test_chart_specific_value_checks():
    with pytest.raises(SPCError, match="negative"):
        analyse([1, -1], chart="c")
    with pytest.raises(SPCError, match="not positive"):
        analyse([1, 0], chart="t")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"chart": "xbar"}, "chart must be one of"),
        ({"direction": "up"}, "direction must be"),
        ({"two_in_three": "new"}, "two_in_three must be"),
        ({"shift_points": 1}, "shift_points must be"),
        ({"baseline": 1}, "baseline must be"),
        ({"target": float("nan")}, "target must be"),
        ({"rebase": [0]}, "rebase position 0"),
        ({"rebase": [3, 3]}, "repeat"),
        ({"chart": "p"}, "needs denominators"),
        ({"denominators": [1, 2, 3, 4]}, "takes no denominators"),
        ({"laney": True}, "laney applies"),
        ({"dates": ["2024-01-01"]}, "dates has 1 entries"),
    ],
)
def test_bad_options(options, message):
    with pytest.raises(SPCError, match=message):
        analyse([1.0, 2.0, 3.0, 4.0], **options)


def test_batch_rejects_non_finite_with_row_and_column():
    values = np.zeros((3, 5))
    values[1, 3] = np.nan
    with pytest.raises(SPCError, match=r"values\[1, 3\]"):
        xmr_batch(values)
    with pytest.raises(SPCError, match="2-D"):
        xmr_batch(np.zeros(5))


def test_spc_error_is_a_value_error():
    assert issubclass(SPCError, ValueError)
