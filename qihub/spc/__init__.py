"""qihub's statistical process control engine.

Pure Python and numpy: it imports nothing from Django or any other qihub
package, so it can be used (and published) on its own.

Charts follow NHS England's Making Data Count method as NHSRplotthedots 0.2.2
implements it (XmR limits, the four special-cause rules, point types and
icons) and qicharts2 0.8.1 for run charts (Anhøj rules) and the attribute
and rare-event charts (p, p', u, u', c, g, t).

>>> from qihub.spc import analyse
>>> result = analyse([5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 12], direction="increase")
>>> result.points[-1].rule, result.points[-1].point_type
('outside_limits', 'improvement')
>>> result.variation
'improvement_high'

Public API
----------
analyse(values, *, chart="xmr", dates=None, denominators=None, screen=True,
        baseline=None, rebase=(), direction="neutral", target=None,
        shift_points=7, trend_points=7, two_in_three="current", laney=False)
    -> SPCResult
xmr_batch(values_2d, *, screen=True, baseline=None, shift_points=7,
          trend_points=7, two_in_three="current") -> XmRBatchResult
attribute_batch(values_2d, denominators_2d=None, *, chart, baseline=None,
                shift_points=7, trend_points=7, two_in_three="current")
    -> AttributeBatchResult  (p, u and c charts)
runs_analysis(values, centre) -> RunsAnalysis
SPCError — every bad input.
"""

from .analyse import TRIAL_LIMIT_POINTS, analyse
from .attribute_batch import BATCH_CHARTS, AttributeBatchResult, attribute_batch
from .batch import XmRBatchResult, xmr_batch
from .errors import SPCError
from .inputs import CHARTS
from .result import Point, Segment, SPCResult
from .rules import RULE_NAMES
from .runs import RunsAnalysis, crossings_limit, longest_run_limit, runs_analysis
from .xmr import LIMIT_FACTOR, SCREEN_FACTOR, TWO_SIGMA_FACTOR

__all__ = [
    "BATCH_CHARTS",
    "CHARTS",
    "LIMIT_FACTOR",
    "RULE_NAMES",
    "SCREEN_FACTOR",
    "TRIAL_LIMIT_POINTS",
    "TWO_SIGMA_FACTOR",
    "AttributeBatchResult",
    "Point",
    "RunsAnalysis",
    "SPCError",
    "SPCResult",
    "Segment",
    "XmRBatchResult",
    "analyse",
    "attribute_batch",
    "crossings_limit",
    "longest_run_limit",
    "runs_analysis",
    "xmr_batch",
]
