"""Benchmark qihub's SPC engine against the Python peers (issue 3, section 4).

Generates N series of P points (seeded, so every run sees the same data),
then times, on that same data:

* qihub ``xmr_batch`` — MDC XmR limits with screening and all four MDC rules
  (outside limits, trend, two-in-three, shift), vectorised across series;
* qihub ``analyse`` — the one-chart API with its full JSON-ready result, on a
  subset, to show what a caller pays per chart;
* clinical-qikit ``qic(y=..., chart="i")`` — its I chart with its default
  analysis (3-sigma and Anhøj runs signals);
* abspc ``calculate_control_limits(..., "XmR")`` + ``detect_special_causes`` —
  its XmR limits and its four rules.

The peers analyse one series per call; each is timed on ``--peer-series``
series (all of them by default) and reported in series per second.

It then checks that centres and limits agree where the methods agree:
abspc computes unscreened limits at mean ± (3 / 1.128) * MR-bar and qikit
screened ones at the same factor, while MDC uses 2.66 * MR-bar; so the check
compares the centre and the mean moving range each peer's limits imply
(``(ucl - centre) * 1.128 / 3``) with qihub's, unscreened for abspc and
screened for qikit (qikit keeps a moving range equal to 3.267 * MR-bar, qihub
drops it; with continuous data that never happens).

Run with ``benchmarks/spc/run.sh`` (``make bench-spc``), which installs the
peers in ``benchmarks/spc/.venv`` only.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable

import numpy as np

from qihub.spc import analyse, xmr_batch


def make_series(n_series: int, n_points: int, seed: int) -> np.ndarray:
    """Noise with shifts, trends and outliers in some series, deterministically."""
    rng = np.random.default_rng(seed)
    values = rng.normal(100.0, 10.0, size=(n_series, n_points))
    rows = np.arange(n_series)
    shifted = rows % 5 == 1
    start = rng.integers(n_points // 4, 3 * n_points // 4, size=n_series)
    after = np.arange(n_points)[None, :] >= start[:, None]
    values += np.where(shifted[:, None] & after, 15.0, 0.0)
    trending = rows % 5 == 2
    values += np.where(trending[:, None], np.linspace(0.0, 40.0, n_points)[None, :], 0.0)
    outliers = rows % 5 == 3
    values[outliers, rng.integers(0, n_points)] += 60.0
    return values


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """Best wall-clock time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def time_qikit(values: np.ndarray) -> tuple[float, np.ndarray]:
    from qikit import qic

    centres_and_ucl = np.empty((values.shape[0], 2))

    def run() -> None:
        for row, series in enumerate(values):
            data = qic(y=series, chart="i").data
            centres_and_ucl[row] = data["cl"].iloc[0], data["ucl"].iloc[0]

    return best_of(1, run), centres_and_ucl


def time_abspc(values: np.ndarray) -> tuple[float, np.ndarray]:
    import pandas as pd
    from abspc import calculate_control_limits, detect_special_causes

    centres_and_ucl = np.empty((values.shape[0], 2))

    def run() -> None:
        for row, series in enumerate(values):
            limits = calculate_control_limits(pd.DataFrame({"value": series}), "XmR")
            flagged = detect_special_causes(limits)
            centres_and_ucl[row] = flagged["mean"].iloc[0], flagged["ucl"].iloc[0]

    return best_of(1, run), centres_and_ucl


def implied_mean_moving_range(centre_and_ucl: np.ndarray) -> np.ndarray:
    return (centre_and_ucl[:, 1] - centre_and_ucl[:, 0]) * 1.128 / 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--points", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--repeat", type=int, default=5, help="best of N for qihub batch")
    parser.add_argument("--peer-series", type=int, default=None, help="series per peer")
    parser.add_argument("--analyse-series", type=int, default=1_000)
    args = parser.parse_args(argv)

    values = make_series(args.series, args.points, args.seed)
    peer_n = min(args.peer_series or args.series, args.series)
    analyse_n = min(args.analyse_series, args.series)
    print(f"SPC benchmark: {args.series} series x {args.points} points, seed {args.seed}")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, numpy {np.__version__}"
    )

    rows: list[tuple[str, int, float]] = []
    batch_time = best_of(args.repeat, lambda: xmr_batch(values))
    rows.append(("qihub xmr_batch (all MDC rules)", args.series, batch_time))
    subset = values[:analyse_n]
    analyse_time = best_of(1, lambda: [analyse(series).to_dict() for series in subset])
    rows.append(("qihub analyse() + to_dict, per series", analyse_n, analyse_time))

    peers: dict[str, np.ndarray] = {}
    for name, timer in (("clinical-qikit qic(chart='i')", time_qikit), ("abspc XmR", time_abspc)):
        try:
            elapsed, centres = timer(values[:peer_n])
        except ImportError as error:
            print(f"{name}: not installed ({error}); run through benchmarks/spc/run.sh")
            continue
        rows.append((name, peer_n, elapsed))
        peers[name] = centres

    print()
    print(f"{'engine':44} {'series':>7} {'seconds':>9} {'series/s':>12}")
    for name, count, elapsed in rows:
        print(f"{name:44} {count:7d} {elapsed:9.3f} {count / elapsed:12,.0f}")
    qihub_rate = args.series / batch_time
    print()
    for name, count, elapsed in rows[1:]:
        print(f"qihub xmr_batch is {qihub_rate / (count / elapsed):,.0f}x {name}")

    print()
    sample = values[:peer_n]
    unscreened = xmr_batch(sample, screen=False)
    screened = xmr_batch(sample, screen=True)
    agreed = True
    for name, centres in peers.items():
        reference = screened if name.startswith("clinical-qikit") else unscreened
        centre_ok = np.allclose(centres[:, 0], reference.centre, rtol=1e-12, atol=1e-9)
        mr_ok = np.allclose(
            implied_mean_moving_range(centres), reference.mean_moving_range, rtol=1e-9
        )
        kind = "screened" if reference is screened else "unscreened"
        print(
            f"agreement with {name} ({kind} MR-bar) on {peer_n} series: "
            f"centre {'ok' if centre_ok else 'DIFFERS'}, mean moving range "
            f"{'ok' if mr_ok else 'DIFFERS'}"
        )
        agreed &= bool(centre_ok and mr_ok)
    return 0 if agreed else 1


if __name__ == "__main__":
    sys.exit(main())
