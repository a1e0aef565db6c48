"""The chart in words: summaries generated from the result, the icons, number formats."""

from qihub.measurement.reading import Numbers, read, table_rows
from qihub.spc import analyse

STEADY = [10, 11, 9, 10, 12, 9, 10, 11, 9, 10, 11, 9, 10]
# February 2023 onwards, so that the fourteenth point is March 2024.
MONTHS = [f"{2023 + (i + 1) // 12}-{(i + 1) % 12 + 1:02d}-01" for i in range(20)]


def test_a_shift_is_described_since_its_first_point() -> None:
    result = analyse([*STEADY, 12, 12, 13, 12, 12, 13, 12], dates=MONTHS, direction="increase")

    reading = read(result)

    assert (
        reading.summary[0] == "Special cause improvement since March 2024: 7 points above the mean."
    )
    assert reading.summary[1] == (
        "Over the whole chart, the mean is 10.8 and the process limits are 7.5 to 14.2."
    )
    assert reading.variation_title == "Special cause improvement (higher)"
    assert "significantly higher" in reading.variation_text


def test_a_concern_at_the_latest_point() -> None:
    result = analyse([*STEADY, 20], direction="decrease")

    assert read(result).summary[0] == (
        "Special cause concern at the latest point, point 14: "
        "a point above the upper process limit."
    )
    assert read(result).variation_title == "Special cause concern (higher)"


def test_common_cause_mentions_earlier_special_causes() -> None:
    result = analyse([*STEADY, 20, *STEADY], dates=None, direction="increase")

    summary = read(result).summary

    assert summary[0] == (
        "Common cause variation: the latest point, point 27, is 10 and no rule signals a change."
    )
    assert summary[1] == (
        "Earlier special cause improvement at point 14 (a point above the upper process limit)."
    )


def test_a_trend_and_a_neutral_direction() -> None:
    result = analyse([*STEADY, 8, 8.5, 9, 9.5, 10, 10.5, 11])

    assert read(result).summary[0].startswith("Special cause variation since point 14: 7 points")


def test_rebased_chart_describes_the_latest_segment() -> None:
    result = analyse([*STEADY, 20, 21, 19, 20, 21, 19, 20], dates=MONTHS, rebase=[13])

    assert read(result).summary[1] == (
        "The chart has 2 segments; since the latest rebase, at March 2024, the mean is 20.0 and "
        "the process limits are 16.5 to 23.5; these are trial limits, resting on fewer than 13 "
        "points."
    )


def test_run_chart_runs_analysis() -> None:
    signal = read(analyse(list(range(1, 19)), chart="run")).summary[0]
    quiet = read(analyse(STEADY, chart="run")).summary[0]

    assert signal == (
        "The runs analysis finds non-random variation: the longest run on one side of the median "
        "is 9 points (more than 7 signals a shift) and the line crosses the median 1 time (fewer "
        "than 5 signals a change)."
    )
    assert quiet == "The runs analysis finds only random variation around the median."


def test_assurance_in_words() -> None:
    passing = read(analyse(STEADY, direction="increase", target=5))
    hit_and_miss = read(analyse(STEADY, direction="increase", target=10))
    no_target = read(analyse(STEADY, direction="increase"))
    neutral = read(analyse(STEADY, target=10))

    assert passing.assurance_title == "Consistently passing the target"
    assert passing.summary[-1] == "The target is 5: consistently passing the target."
    assert hit_and_miss.assurance_title == "Hit and miss the target"
    assert no_target.assurance_title is None
    assert no_target.assurance_text == "No target was given, so there is no assurance icon."
    assert neutral.assurance_text.startswith("No assurance icon: say whether higher or lower")


def test_p_charts_read_in_per_cent() -> None:
    result = analyse(
        [80, 85, 82, 90],
        chart="p",
        denominators=[100, 100, 100, 100],
        target=0.99,
        direction="increase",
    )

    numbers = Numbers.for_result(result)
    rows = table_rows(result, numerators=[80, 85, 82, 90], denominators=[100, 100, 100, 100])

    assert numbers.line(0.8425) == "84.2%"
    assert rows[0]["value"] == "80.0%"
    assert rows[0]["numerator"] == "80" and rows[0]["denominator"] == "100"
    assert read(result).summary[-1] == "The target is 99.0%: consistently failing the target."


def test_table_rows_keep_the_datas_decimals() -> None:
    result = analyse([5.6, 6.0, 5.45, None, 5.8], dates=["a", "b", "c", "d", "e"])

    rows = table_rows(result, annotations=["", "PDSA 1", "", "", ""])

    assert [row["value"] for row in rows] == ["5.60", "6.00", "5.45", "Missing", "5.80"]
    assert rows[0]["centre"] == "5.71"
    assert rows[1]["annotation"] == "PDSA 1"
    assert rows[0]["point_type"] == "Common cause"
    assert rows[3]["point_type"] == ""


def test_earlier_episodes_are_dated() -> None:
    months = [f"{2022 + i // 12}-{i % 12 + 1:02d}-01" for i in range(27)]
    days = [f"2024-03-{i + 1:02d}" for i in range(27)]

    monthly = read(analyse([*STEADY, 20, *STEADY], dates=months, direction="increase"))
    daily = read(analyse([*STEADY, 20, *STEADY], dates=days, direction="increase"))

    assert monthly.summary[1].startswith("Earlier special cause improvement in February 2023 (")
    assert daily.summary[1].startswith("Earlier special cause improvement on 14 March 2024 (")
