"""Reproduce qicharts2 0.8.1: the Anhøj rules, and chart formulas.

Numbers come from the qicharts2 vignette "Quality Improvement Charts"
(vignettes/qicharts2.Rmd of anhoej/qicharts2, as rendered in its pkgdown
site, section "The Anhøj rules"), kept with the vignette's series in
``results/qicharts2_vignette_anhoej.*`` (see results/README.md), or are
derived by hand from the formulas in R/helper.functions.R, as each test says.
"""

import math

import pytest

from qihub.spc import analyse, crossings_limit, longest_run_limit, runs_analysis

from .results import reference, series

EXAMPLE = "qicharts2_vignette_anhoej"


def test_vignette_i_chart_summary():
    # Vignette: set.seed(19); y <- rnorm(24); y[22] <- 4; y[13:24] <- rnorm(12, mean = 2), and
    # summary(qic(y, chart = 'i')):
    # n.obs 24, n.useful 24, longest.run 13, longest.run.max 8, n.crossings 4,
    # n.crossings.min 8, runs.signal 1, aLCL -2.114884, aLCL.95 -1.057559, CL 1.057091,
    # aUCL.95 3.171742, aUCL 4.229067, sigma.signal 0
    y = series(EXAMPLE, "y")
    summary = reference(EXAMPLE)["i_chart_summary"]
    result = analyse(y, screen=False)
    segment = result.segments[0]
    assert segment.centre == pytest.approx(summary["CL"], abs=5e-7)
    runs = segment.runs
    assert (runs.n_obs, runs.n_useful, runs.longest_run, runs.longest_run_max) == (
        summary["n.obs"],
        summary["n.useful"],
        summary["longest.run"],
        summary["longest.run.max"],
    )
    assert (runs.crossings, runs.crossings_min, runs.signal) == (
        summary["n.crossings"],
        summary["n.crossings.min"],
        bool(summary["runs.signal"]),
    )
    assert result.runs_signal is True
    # qicharts2 puts the limits at CL +/- 3 * MR-bar / 1.128 (qic.i), MDC at CL +/- 2.66 MR-bar:
    # the same mean moving range must come out of both.
    mr_bar = (summary["aUCL"] - summary["CL"]) * 1.128 / 3
    assert segment.mean_moving_range == pytest.approx(mr_bar, abs=2e-6)
    assert pytest.approx(mr_bar, abs=2e-6) == (summary["CL"] - summary["aLCL"]) * 1.128 / 3
    assert pytest.approx(mr_bar, abs=2e-6) == (summary["aUCL.95"] - summary["CL"]) * 1.128 / 2
    # sigma.signal 0: no point beyond the limits (MDC's 2.66 is wider than 3 / 1.128)
    assert summary["sigma.signal"] == 0
    assert not any(p.rule == "outside_limits" for p in result.points)


def test_vignette_run_chart_limits_quoted_in_text():
    # Vignette: "in a run chart with 24 data points a run of more than
    # round(log2(24) + 3) = 8 ... fewer than qbinom(0.05, 24 - 1, 0.5) = 8 crossings".
    assert longest_run_limit(24) == 8
    assert crossings_limit(24) == 8


@pytest.mark.parametrize("n", range(10, 101))
def test_crossings_limit_is_the_binomial_5_percent_quantile(n):
    # Derived by hand from the definition qbinom(0.05, n - 1, 0.5): smallest c with
    # P(X <= c) >= 0.05, checked here in floating point against the exact integer version.
    trials = n - 1
    cdf = 0.0
    for c in range(trials + 1):
        cdf += math.comb(trials, c) / 2**trials
        if cdf >= 0.05:
            break
    assert crossings_limit(n) == c


def test_points_on_the_centre_line_are_ignored():
    # runs.analysis in R/helper.functions.R drops sign(y - cl) == 0 before rle().
    # By hand: 1 2 3 [3] 5 6 around 3 -> useful signs - - + + : runs 2, crossings 1.
    runs = runs_analysis([1, 2, 3, 3, 5, 6], 3.0)
    assert (runs.n_obs, runs.n_useful, runs.longest_run, runs.crossings) == (6, 4, 2, 1)


def test_run_chart_centre_is_the_median_and_no_limits():
    result = analyse([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5], chart="run")
    assert result.segments[0].centre == 4.0
    assert all(p.upper_limit is None for p in result.points)
    assert result.to_dict()["points"][0]["upper_limit"] is None
    assert result.variation == "common_cause"


def test_p_chart_formula():
    # By hand from qic.p: p-bar = sum(x) / sum(n) = 30 / 300 = 0.1;
    # sigma_i = sqrt(0.1 * 0.9 / n_i); n = 100 -> 0.03, limits 0.01 .. 0.19, 2-sigma 0.04 .. 0.16;
    # n = 10 -> lower clipped to 0.
    result = analyse([10, 12, 8, 0], chart="p", denominators=[100, 100, 90, 10])
    point = result.points[0]
    assert point.centre == pytest.approx(0.1)
    assert (point.lower_limit, point.upper_limit) == pytest.approx((0.01, 0.19))
    assert (point.lower_2sigma, point.upper_2sigma) == pytest.approx((0.04, 0.16))
    small = result.points[3]
    assert small.lower_limit == 0.0
    assert small.upper_limit == pytest.approx(0.1 + 3 * math.sqrt(0.09 / 10))


def test_p_chart_upper_limit_clipped_at_one():
    result = analyse([9, 1, 9, 1], chart="p", denominators=[10, 2, 10, 2])
    assert result.points[1].upper_limit == 1.0


def test_u_chart_formula():
    # By hand from qic.u: u-bar = 20 / 40 = 0.5; sigma_i = sqrt(0.5 / n_i).
    result = analyse([5, 5, 10], chart="u", denominators=[10, 10, 20])
    assert result.points[2].centre == pytest.approx(0.5)
    assert result.points[2].upper_limit == pytest.approx(0.5 + 3 * math.sqrt(0.5 / 20))
    assert result.points[0].lower_limit == 0.0


def test_laney_p_prime_formula():
    # By hand from qic.pp: z_i = (p_i - p-bar) / sigma_i; sigma_z = mean(|diff(z)|) / 1.128;
    # limits p-bar +/- 3 * sigma_i * sigma_z.
    x = [50, 60, 40, 70, 55]
    n = [1000] * 5
    p_bar = sum(x) / sum(n)
    sigma = math.sqrt(p_bar * (1 - p_bar) / 1000)
    z = [(xi / 1000 - p_bar) / sigma for xi in x]
    sigma_z = sum(abs(a - b) for a, b in zip(z[1:], z[:-1], strict=False)) / 4 / 1.128
    result = analyse(x, chart="p", denominators=n, laney=True, screen=False)
    assert result.points[0].upper_limit == pytest.approx(p_bar + 3 * sigma * sigma_z)
    assert result.segments[0].mean_moving_range == pytest.approx(sigma_z * 1.128)


def test_laney_u_prime_formula():
    x = [30, 45, 20, 50]
    n = [100, 120, 90, 110]
    u_bar = sum(x) / sum(n)
    sigmas = [math.sqrt(u_bar / ni) for ni in n]
    z = [(xi / ni - u_bar) / s for xi, ni, s in zip(x, n, sigmas, strict=False)]
    sigma_z = sum(abs(a - b) for a, b in zip(z[1:], z[:-1], strict=False)) / 3 / 1.128
    result = analyse(x, chart="u", denominators=n, laney=True, screen=False)
    assert result.points[1].lower_limit == pytest.approx(max(u_bar - 3 * sigmas[1] * sigma_z, 0))


def test_c_chart_formula():
    # By hand from qic.c: c-bar = 4; limits 4 +/- 3 * 2 -> clipped 0 .. 10.
    result = analyse([2, 4, 6, 4], chart="c")
    point = result.points[0]
    assert (point.centre, point.lower_limit, point.upper_limit) == (4.0, 0.0, 10.0)
    assert (point.lower_2sigma, point.upper_2sigma) == (0.0, 8.0)


def test_g_chart_formula():
    # By hand from qic.g: g-bar = 5; sigma = sqrt(5 * 6); limits around the mean, centre the median.
    result = analyse([1, 2, 3, 9, 10], chart="g")
    point = result.points[0]
    assert point.centre == 3.0
    assert point.upper_limit == pytest.approx(5 + 3 * math.sqrt(30))
    assert point.lower_limit == 0.0


def test_t_chart_formula():
    # By hand from qic.t: y^(1/3.6), I chart with 3 / 1.128 (unscreened, qicharts2's default),
    # back-transformed with ^3.6; a negative lower limit becomes 0.
    y = [10.0, 20.0, 15.0, 30.0, 25.0]
    t = [v ** (1 / 3.6) for v in y]
    mean = sum(t) / 5
    mr = sum(abs(a - b) for a, b in zip(t[1:], t[:-1], strict=False)) / 4
    result = analyse(y, chart="t", screen=False)
    point = result.points[0]
    assert point.centre == pytest.approx(mean**3.6)
    assert point.upper_limit == pytest.approx((mean + 3 * mr / 1.128) ** 3.6)
    lower = mean - 3 * mr / 1.128
    assert point.lower_limit == pytest.approx(lower**3.6 if lower > 0 else 0.0)
