"""Property: whatever the engine's public functions are given, the only error is SPCError.

And every result they return serialises as strict JSON (no NaN, no infinity). Hypothesis
draws arbitrary floats (NaN, infinities, subnormals, ±1.8e308), integers beyond int64,
numbers of other types, wrong types, lengths, charts, targets, rebase positions and options.
The examples are derandomised (the same examples on every run, so CI is deterministic) and
kept few enough for the suite; see PROPERTIES below.
"""

import json
import math
import re

import numpy as np
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from qihub.spc import (
    CHARTS,
    SPCError,
    analyse,
    crossings_limit,
    longest_run_limit,
    runs_analysis,
    xmr_batch,
)

#: Derandomised: every run draws the same examples, so a failure reproduces and CI is stable.
PROPERTIES = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

EDGES = [0.0, -0.0, 1e100, -1e100, 1e-100, -1e-100, 1e101, 1e-101, 5e-324, 1e308, -1e308]
# A plausible measure: a whole number or one with two decimals, up to a million in size.
tame = st.integers(min_value=-(10**8), max_value=10**8).map(
    lambda cents: cents / 100
) | st.integers(min_value=-(10**6), max_value=10**6)
numbers = st.one_of(
    st.floats(),
    tame,
    st.sampled_from(EDGES),
    st.integers(min_value=-(10**400), max_value=10**400),
)
# A series is tame (every value a plausible measure, some missing) or anything at all, so that
# many series reach the analysis rather than stop at the first check.
values = st.one_of(
    st.lists(st.one_of(tame, st.none()), max_size=40),
    st.lists(st.one_of(numbers, st.none()), max_size=40),
)
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=5),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.lists(st.integers(min_value=-3, max_value=3), max_size=3),
    st.fractions(max_denominator=7),
)
whole = st.one_of(
    st.integers(min_value=-3, max_value=45),
    st.integers(min_value=2**63 - 2, max_value=2**63 + 2),
    st.integers(min_value=-(10**30), max_value=10**5000),
)
dates = st.one_of(
    st.none(),
    st.lists(st.one_of(st.none(), st.text(max_size=10), st.dates(), st.datetimes()), max_size=40),
)


def _check(result) -> None:  # type: ignore[no-untyped-def]
    document = result.to_dict()
    json.dumps(document, allow_nan=False)
    for point in document["points"]:
        for line in ("value", "centre", "lower_limit", "upper_limit"):
            assert point[line] is None or math.isfinite(point[line])


def _analyse(values_, **options) -> None:  # type: ignore[no-untyped-def]
    try:
        result = analyse(values_, **options)
    except SPCError as error:
        assert "\n" not in str(error)
        event("refused: " + re.sub(r"[0-9]+", "N", str(error))[:50])
        return
    event("analysed")
    _check(result)
    assert len(result.points) == len(values_)


def mostly(draw, good, bad):  # type: ignore[no-untyped-def]
    """About one draw in eight from ``bad``, the others from ``good``."""
    # 3, not 0 or 7: Hypothesis draws the ends of a range more often than the middle.
    return draw(bad) if draw(st.integers(min_value=0, max_value=7)) == 3 else draw(good)


@st.composite
def series_and_options(draw):  # type: ignore[no-untyped-def]
    """A series and options of the right kind: mostly within their rules, sometimes not."""
    chart = draw(st.sampled_from(CHARTS))
    series = mostly(draw, st.lists(st.one_of(tame, st.none()), min_size=1, max_size=40), values)
    length = len(series)
    ratio = chart in ("p", "u")
    denominators = (
        mostly(
            draw,
            st.lists(st.floats(min_value=1, max_value=1e6), min_size=length, max_size=length),
            st.lists(numbers, min_size=length, max_size=length),
        )
        if ratio
        else None
    )
    if chart in ("p", "u", "c", "g", "t"):
        series = [None if x is None else abs(x) for x in series]
    if chart == "p" and denominators is not None:
        series = [
            None if x is None else min(x, n) for x, n in zip(series, denominators, strict=True)
        ]
    rule = st.integers(min_value=2, max_value=9)
    options = {
        "chart": chart,
        "denominators": denominators,
        "direction": draw(st.sampled_from(["increase", "decrease", "neutral"])),
        "target": draw(st.one_of(st.none(), tame, numbers)),
        "baseline": mostly(draw, st.one_of(st.none(), st.integers(2, 45)), whole),
        "rebase": mostly(
            draw,
            st.lists(st.integers(1, max(length - 1, 1)), max_size=3, unique=True),
            st.lists(whole, max_size=2),
        ),
        "shift_points": mostly(draw, rule, whole),
        "trend_points": mostly(draw, rule, whole),
        "two_in_three": draw(st.sampled_from(["current", "legacy"])),
        "screen": draw(st.booleans()),
        "laney": ratio and draw(st.booleans()),
        "dates": mostly(draw, st.none(), dates),
    }
    return series, options


@PROPERTIES
@given(case=series_and_options())
def test_analyse_with_options_of_the_right_kind(case):
    series, options = case
    _analyse(series, **options)


@PROPERTIES
@given(
    pairs=st.lists(
        st.tuples(
            st.one_of(st.floats(min_value=1e-100, max_value=1e100), st.sampled_from(EDGES)),
            st.integers(min_value=0, max_value=100).map(lambda percent: percent / 100)
            | st.floats(min_value=0, max_value=1),
        ),
        min_size=1,
        max_size=40,
    ),
    chart=st.sampled_from(["p", "u"]),
    laney=st.booleans(),
    screen=st.booleans(),
    target=st.one_of(st.none(), numbers),
    direction=st.sampled_from(["increase", "decrease", "neutral"]),
)
def test_p_and_u_charts_with_numerators_within_their_denominators(pairs, **options):
    denominators = [n for n, _ in pairs]
    numerators = [n * share for n, share in pairs]
    _analyse(numerators, denominators=denominators, **options)


@PROPERTIES
@given(
    values=st.one_of(
        values,
        junk,
        hnp.arrays(hnp.floating_dtypes() | hnp.integer_dtypes(), hnp.array_shapes(max_dims=2)),
    ),
    options=st.dictionaries(
        st.sampled_from(
            [
                "chart",
                "dates",
                "denominators",
                "screen",
                "baseline",
                "rebase",
                "direction",
                "target",
                "shift_points",
                "trend_points",
                "two_in_three",
                "laney",
            ]
        ),
        junk,
    ),
)
def test_analyse_with_anything_at_all(values, options):
    _analyse(values, **options) if hasattr(values, "__len__") else _refused(analyse, values)


def _refused(function, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
    try:
        function(*args, **kwargs)
    except SPCError:
        return


@PROPERTIES
@given(
    values=st.one_of(
        hnp.arrays(
            np.float64,
            hnp.array_shapes(min_dims=0, max_dims=3, max_side=12),
            elements=st.one_of(st.floats(), st.sampled_from(EDGES)),
        ),
        st.lists(st.lists(st.one_of(numbers, st.none(), st.text(max_size=2)), max_size=6)),
        junk,
    ),
    screen=st.one_of(st.booleans(), junk),
    baseline=st.one_of(st.none(), whole),
    shift_points=whole,
    trend_points=whole,
    two_in_three=st.one_of(st.sampled_from(["current", "legacy"]), junk),
)
def test_xmr_batch(values, **options):
    try:
        result = xmr_batch(values, **options)
    except SPCError:
        return
    for line in (result.centre, result.lower_limit, result.upper_limit, result.lower_2sigma):
        assert np.isfinite(line).all()


@PROPERTIES
@given(
    values=st.one_of(values, junk),
    centre=st.one_of(numbers, st.lists(numbers, max_size=40), junk),
)
def test_runs_analysis(values, centre):
    try:
        runs = runs_analysis(values, centre)
    except SPCError:
        return
    json.dumps(runs.to_dict(), allow_nan=False)


@PROPERTIES
@given(n_useful=st.one_of(st.integers(min_value=-5, max_value=3000), whole, junk))
def test_the_runs_limits(n_useful):
    for function in (longest_run_limit, crossings_limit):
        try:
            limit = function(n_useful)
        except SPCError:
            continue
        assert isinstance(limit, int) and limit >= 0
