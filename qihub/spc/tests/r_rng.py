"""R's default random normal generator, to rebuild R examples that use rnorm().

R (>= 3.6) seeds its Mersenne-Twister with ``set.seed(seed)`` by scrambling
the seed with the linear congruential step ``seed = 69069 * seed + 1`` fifty
times, then filling the 625-word state with the same step (the first word is
the position, reset to 624). ``unif_rand`` is the tempered 32-bit output
times :math:`2^{-32}`; ``norm_rand`` by inversion draws two uniforms,
:math:`u = \\lfloor 2^{27} u_1 \\rfloor + u_2`, and returns
``qnorm(u / 2^27)``. ``qnorm`` is Wichura's AS241, which is also what
:meth:`statistics.NormalDist.inv_cdf` implements. (R sources: src/main/RNG.c,
src/nmath/snorm.c, src/nmath/qnorm.c.)

The generator is checked against values printed in published R output in
``test_r_rng.py`` before any test relies on it.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

_BIG = 134217728  # 2 ** 27
_TO_UNIT = 2.3283064365386963e-10  # 2 ** -32


class RNormal:
    """``set.seed(seed)`` followed by calls to ``rnorm(n, mean, sd)``."""

    def __init__(self, seed: int):
        state = seed & 0xFFFFFFFF
        for _ in range(50):
            state = (69069 * state + 1) & 0xFFFFFFFF
        key = []
        for _ in range(625):
            state = (69069 * state + 1) & 0xFFFFFFFF
            key.append(state)
        self._bits = np.random.MT19937()
        self._bits.state = {
            "bit_generator": "MT19937",
            "state": {"key": np.array(key[1:], dtype=np.uint32), "pos": 624},
        }
        self._inverse = NormalDist().inv_cdf

    def _unif(self) -> float:
        return int(self._bits.random_raw()) * _TO_UNIT

    def rnorm(self, n: int, mean: float = 0.0, sd: float = 1.0) -> list[float]:
        """Next ``n`` normal deviates, as R's ``rnorm``."""
        out = []
        for _ in range(n):
            u = self._unif()
            u = int(_BIG * u) + self._unif()
            out.append(mean + sd * self._inverse(u / _BIG))
        return out
