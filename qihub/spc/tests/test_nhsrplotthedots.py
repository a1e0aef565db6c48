"""Reproduce NHSRplotthedots 0.2.2 (legacy two-in-three rule).

Sources are files of the nhs-r-community/NHSRplotthedots repository; each
test names the file its numbers come from. The series of
test-ptd_spc_standard.R and its published results are in
``results/nhsrplotthedots_ptd_spc_standard.*`` (see results/README.md).
"""

import numpy as np
import pytest

from qihub.spc import analyse
from qihub.spc.interpret import assurance
from qihub.spc.rules import shift, trend, two_in_three

from .results import reference, series

EXAMPLE = "nhsrplotthedots_ptd_spc_standard"
# tests/testthat/test-ptd_spc_standard.R: set.seed(123); y = rnorm(20)
Y = series(EXAMPLE, "y")
R = reference(EXAMPLE)


def test_the_series_is_the_published_rnorm_output():
    # The committed series came from a port of R's generator (results/README.md); it must be
    # the 20 values R prints, to their 8 decimals.
    assert pytest.approx(R["rnorm"]["y"], abs=5e-9) == Y


def test_limits_screened():
    # tests/testthat/_snaps/ptd_spc_standard.md, glimpse(r1):
    # mean_col 0.1416238, lpl -3.01138, upl 3.294627
    expected = R["screened"]
    result = analyse(Y, two_in_three="legacy")
    point = result.points[0]
    assert point.centre == pytest.approx(expected["mean"], abs=5e-8)
    assert point.lower_limit == pytest.approx(expected["lpl"], abs=5e-6)
    assert point.upper_limit == pytest.approx(expected["upl"], abs=5e-7)
    assert all(p.point_type == "common_cause" for p in result.points)
    # _snaps/ptd_spc.md: n 20, common_cause 20, special_cause_improvement 0
    assert len(result.points) == R["point_types"]["common_cause"]
    assert result.variation == "common_cause"


def test_limits_with_outlier_screened_and_unscreened():
    # test-ptd_spc_standard.R sets data$y[15] <- 10;
    # _snaps/ptd_spc_standard.md glimpse(r2) (screen_outliers = TRUE) and glimpse(r3) (FALSE)
    y = list(Y)
    y[14] = 10.0
    expected = R["outlier_screened"]
    screened = analyse(y, two_in_three="legacy").points[0]
    assert screened.centre == pytest.approx(expected["mean"], abs=5e-8)
    assert screened.lower_limit == pytest.approx(expected["lpl"], abs=5e-7)
    assert screened.upper_limit == pytest.approx(expected["upl"], abs=5e-7)
    expected = R["outlier_unscreened"]
    unscreened = analyse(y, screen=False, two_in_three="legacy").points[0]
    assert unscreened.centre == pytest.approx(expected["mean"], abs=5e-8)
    assert unscreened.lower_limit == pytest.approx(expected["lpl"], abs=5e-7)
    assert unscreened.upper_limit == pytest.approx(expected["upl"], abs=5e-7)


def test_relative_to_mean_signs():
    # _snaps/ptd_spc_standard.md glimpse(r1): relative_to_mean -1, -1, 1, -1, -1, 1, 1, -1, -1,
    # -1, 1, 1, 1, -1, -1 (first 15 shown), outside_limits and close_to_limits all FALSE
    result = analyse(Y, two_in_three="legacy")
    centre = analyse(Y).points[0].centre or 0.0
    signs = [int(np.sign(y - centre)) for y in Y[:15]]
    assert signs == R["relative_to_mean"]["signs"]
    assert all(p.rule is None for p in result.points)


def test_two_points_near_limits_on_opposite_sides_are_common_cause():
    # test-ptd_spc_standard.R: data = rep(c(1, -1), 8); data[15] = 5.5; data[16] = -5.5;
    # expect the last two point types to be common_cause.
    data = [1.0, -1.0] * 8
    data[14], data[15] = 5.5, -5.5
    for variant in ("legacy", "current"):
        result = analyse(data, direction="increase", two_in_three=variant)
        assert [p.point_type for p in result.points[-2:]] == ["common_cause", "common_cause"]


def _shift(sides):
    return shift(np.array([sides], dtype=np.int8), 7)[0].astype(int).tolist()


def test_seven_points_one_side_of_mean():
    # tests/testthat/test-ptd_calculate_point_type.R, ptd_seven_point_one_side_mean and
    # ptd_part_of_seven_trend: six on one side flag nothing; a run of eight flags all eight.
    assert _shift([1] * 6) == [0] * 6
    assert _shift([1] * 6 + [-1]) == [0] * 7
    assert _shift([1] * 8 + [-1]) == [1] * 8 + [0]
    assert _shift([-1] * 8 + [1]) == [1] * 8 + [0]
    assert _shift([-1] + [1] * 8 + [-1]) == [0] + [1] * 8 + [0]


def _trend(values):
    flags, direction = trend(np.array([values], dtype=float), 7)
    return flags[0].astype(int).tolist(), direction[0].tolist()


def test_seven_point_trend():
    # test-ptd_calculate_point_type.R, ptd_seven_point_trend: 1:6 no trend; c(1:3, 3:6) a
    # tie breaks it; 1:7 and 7:1 are trends; c(2, 1:7, 3) flags the seven in the middle.
    assert _trend(list(range(1, 7)))[0] == [0] * 6
    assert _trend([1, 2, 3, 3, 4, 5, 6])[0] == [0] * 7
    assert _trend(list(range(1, 8))) == ([1] * 7, [1] * 7)
    assert _trend(list(range(7, 0, -1))) == ([1] * 7, [-1] * 7)
    assert _trend([2, *range(1, 8), 3])[0] == [0] + [1] * 7 + [0]
    assert _trend([2, *range(7, 0, -1), 3])[0] == [0] + [1] * 7 + [0]


def _two_in_three(close, side=None):
    close = np.array([close], dtype=float)
    side = np.ones_like(close, dtype=np.int8) if side is None else np.array([side], np.int8)
    # Values of 1 beyond a 2-sigma line at 0.5, no point outside the limits.
    flags = two_in_three(close, side, np.full_like(close, -0.5), np.full_like(close, 0.5),
                         np.zeros_like(close, dtype=bool), "legacy")  # fmt: skip
    return flags[0].astype(int).tolist()


def test_two_in_three_windows():
    # test-ptd_calculate_point_type.R, ptd_part_of_two_in_three: the flagged points are the
    # close ones inside a qualifying window of three.
    assert _two_in_three([1, 0, 1]) == [1, 0, 1]
    assert _two_in_three([0, 1, 1]) == [0, 1, 1]
    assert _two_in_three([1, 1, 0]) == [1, 1, 0]
    assert _two_in_three([0, 0, 1, 0, 1, 0, 0]) == [0, 0, 1, 0, 1, 0, 0]
    assert _two_in_three([1, 0, 0, 1]) == [0, 0, 0, 0]
    assert _two_in_three([1, 0, 0, 1, 1]) == [0, 0, 0, 1, 1]
    assert _two_in_three([0, 0, 0]) == [0, 0, 0]


@pytest.mark.parametrize(
    ("improvement", "expected"),
    [
        ("increase", ["fail", "pass", "hit_and_miss"]),
        ("decrease", ["pass", "fail", "hit_and_miss"]),
        ("neutral", [None, None, None]),
    ],
)
def test_assurance(improvement, expected):
    # tests/testthat/test-ptd_calculate_assurance_type.R: lpl c(1, 5, 1), upl c(3, 7, 5),
    # target 4 -> consistent_fail, consistent_pass, inconsistent when increasing.
    limits = [(1, 3), (5, 7), (1, 5)]
    assert [assurance(4, lo, hi, improvement) for lo, hi in limits] == expected
    assert assurance(None, 1, 3, improvement) is None


def test_legacy_rule_ignores_points_beyond_the_limits():
    # NHSRplotthedots issue #153 (maintainer's reading of 0.2.2): values s>3, s>3, 2<s<3 --
    # the third point does not meet the legacy two-in-three rule; with the current rule it does.
    base = [0.0, 1.0] * 10  # mean 0.5, mean moving range 1, limits 0.5 +/- 2.66
    data = [*base, 4.0, 4.0, 2.5, 0.0]
    legacy = analyse(data, baseline=20, two_in_three="legacy")
    current = analyse(data, baseline=20, two_in_three="current")
    assert [p.rule for p in legacy.points[20:23]] == ["outside_limits", "outside_limits", None]
    assert [p.rule for p in current.points[20:23]] == [
        "outside_limits",
        "outside_limits",
        "two_in_three",
    ]
