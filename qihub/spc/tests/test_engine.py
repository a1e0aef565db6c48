"""Rules, interpretation, segments and the JSON document, on hand-made series."""

import json

import numpy as np
import pytest

from qihub.spc import analyse, xmr_batch

BASE = [1.0, 0.0] * 10  # mean 0.5, every moving range 1: limits 0.5 +/- 2.66


def test_document_has_the_contract_keys():
    result = analyse(BASE, dates=[f"2024-01-{d:02d}" for d in range(1, 21)])
    document = json.loads(json.dumps(result.to_dict()))
    assert set(document) >= {
        "chart", "points", "segments", "runs_signal", "variation", "assurance", "warnings",
    }  # fmt: skip
    assert set(document["points"][0]) == {
        "index", "date", "value", "centre", "lower_limit", "upper_limit",
        "lower_2sigma", "upper_2sigma", "rule", "point_type",
    }  # fmt: skip
    assert document["points"][0]["date"] == "2024-01-01"
    segment = document["segments"][0]
    assert (segment["start"], segment["end"], segment["centre"]) == (0, 19, 0.5)
    assert segment["mean_moving_range"] == 1.0 and segment["trial_limits"] is False
    assert document["points"][0]["upper_2sigma"] == pytest.approx(0.5 + 2 * 2.66 / 3)


def test_precedence_outside_beats_trend_beats_two_in_three_beats_shift():
    # After a baseline of 20: a rising run of 7 ending outside the limits, all above the mean.
    data = [*BASE, 0.6, 0.8, 1.0, 1.2, 1.4, 2.5, 3.5]
    result = analyse(data, baseline=20, direction="increase")
    rules = [p.rule for p in result.points[20:]]
    assert rules == ["trend"] * 6 + ["outside_limits"]
    assert {p.point_type for p in result.points[20:]} == {"improvement"}
    assert result.variation == "improvement_high"


def test_shift_of_six_only_with_six_points():
    data = [*BASE, 1.0, 1.2, 1.0, 1.2, 1.0, 1.2, -1.0]
    seven = analyse(data, baseline=20)
    six = analyse(data, baseline=20, shift_points=6)
    assert all(p.rule is None for p in seven.points[20:])
    assert [p.rule for p in six.points[20:26]] == ["shift"] * 6
    assert [p.point_type for p in six.points[20:26]] == ["neutral_high"] * 6


def test_point_on_the_mean_breaks_a_shift():
    data = [*BASE, 1.0, 1.2, 1.0, 0.5, 1.2, 1.0, 1.2, 1.0]
    result = analyse(data, baseline=20)
    assert all(p.rule is None for p in result.points[20:])


def test_falling_trend_when_decrease_is_better_is_improvement_low():
    data = [*BASE, 1.0, 0.9, 0.8, 0.7, 0.6, 0.4, 0.3]
    result = analyse(data, baseline=20, direction="decrease")
    assert [p.rule for p in result.points[20:]] == ["trend"] * 7
    assert result.points[-1].point_type == "improvement"
    assert result.variation == "improvement_low"


def test_concern_icons():
    up = analyse([*BASE, 5.0], baseline=20, direction="decrease")
    assert (up.points[-1].point_type, up.variation) == ("concern", "concern_high")
    down = analyse([*BASE, -5.0], baseline=20, direction="increase")
    assert (down.points[-1].point_type, down.variation) == ("concern", "concern_low")
    neutral = analyse([*BASE, -5.0], baseline=20)
    assert neutral.variation == "neutral_low"


def test_assurance_uses_the_last_points_limits():
    assert analyse(BASE, direction="increase", target=5).assurance == "fail"
    assert analyse(BASE, direction="decrease", target=5).assurance == "pass"
    assert analyse(BASE, direction="increase", target=0.5).assurance == "hit_and_miss"
    assert analyse(BASE, direction="neutral", target=5).assurance is None
    assert analyse(BASE, direction="increase").assurance is None


def test_rebase_starts_new_segment_and_no_rule_crosses_it():
    data = [1.0, 2.0] * 7 + [11.0, 12.0] * 7
    result = analyse(data, rebase=[14])
    first, second = result.segments
    assert (first.start, first.end, first.centre) == (0, 13, 1.5)
    assert (second.start, second.end, second.centre) == (14, 27, 11.5)
    assert all(p.rule is None for p in result.points)
    assert analyse(data).points[14].rule is not None


def test_baseline_fixes_limits_on_first_points():
    data = BASE + [10.0] * 5
    result = analyse(data, baseline=20)
    assert result.segments[0].centre == 0.5
    assert [p.rule for p in result.points[20:]] == ["outside_limits"] * 5


def test_trial_limits_below_13_points():
    result = analyse(BASE[:12])
    assert result.segments[0].trial_limits is True
    assert any("trial limits" in w for w in result.warnings)
    assert analyse(BASE[:13]).segments[0].trial_limits is False
    assert analyse(BASE, baseline=12).segments[0].trial_limits is True


def test_batch_matches_single_series_analysis():
    rng = np.random.default_rng(7)
    values = rng.normal(size=(200, 40))
    values[:20, 25:] += 2.5  # some shifts
    values[20:40] += np.linspace(0, 4, 40)  # some trends
    for screen in (True, False):
        for variant in ("current", "legacy"):
            batch = xmr_batch(values, screen=screen, two_in_three=variant)
            for row in range(0, 200, 7):
                single = analyse(values[row], screen=screen, two_in_three=variant)
                assert batch.centre[row] == pytest.approx(single.segments[0].centre)
                assert batch.upper_limit[row] == pytest.approx(single.points[0].upper_limit)
                names = [batch.rule_names[code] for code in batch.rule[row]]
                assert names == [p.rule for p in single.points]


def test_batch_each_rule_on_its_own():
    series = np.array([[*BASE, 0.6, 0.8, 1.0, 1.2, 1.4, 2.5, 3.5]])
    batch = xmr_batch(series, baseline=20)
    assert batch.outside_limits[0, -1] and batch.trend[0, -1] and batch.shift[0, -1]
    assert batch.rule[0, -1] == 1
