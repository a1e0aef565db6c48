"""Reading a chart: point types, the variation icon and the assurance icon.

These follow NHSRplotthedots 0.2.2 (``ptd_point_type``,
``ptd_calculate_assurance_type`` and the icon choice in ``geom_ptd_icon``):

* A special-cause point is an *improvement* when its direction (its side of
  the centre line, or the direction of its trend) agrees with the
  improvement direction, a *concern* when it opposes it, and *neutral high*
  or *neutral low* when the direction is neutral.
* The variation icon is read from the last point: ``common_cause``;
  ``improvement_high`` / ``concern_low`` when increase is better;
  ``improvement_low`` / ``concern_high`` when decrease is better;
  ``neutral_high`` / ``neutral_low`` when neither is.
* The assurance icon compares the target with the last point's process
  limits: a target above the upper limit means the process will consistently
  fail it when increase is better (``fail``) and pass it when decrease is
  better (``pass``); below the lower limit, the other way round; between the
  limits (inclusive), ``hit_and_miss``. There is no assurance icon without a
  target, with a neutral direction, or on a chart without limits.
"""

from __future__ import annotations

import math

DIRECTIONS = {"increase": 1, "decrease": -1, "neutral": 0}
POINT_TYPES = ("common_cause", "improvement", "concern", "neutral_high", "neutral_low")
VARIATIONS = (
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
)
ASSURANCES = ("pass", "fail", "hit_and_miss")


def point_type(rule_code: int, direction: int, improvement: str) -> str:
    """The type of one point from its rule, its direction and the improvement direction."""
    if rule_code == 0 or direction == 0:
        return "common_cause"
    sign = DIRECTIONS[improvement]
    if sign == 0:
        return "neutral_high" if direction > 0 else "neutral_low"
    return "improvement" if direction * sign > 0 else "concern"


def variation(last_point_type: str | None, improvement: str) -> str:
    """The variation icon from the type of the last observed point."""
    if last_point_type in (None, "common_cause"):
        return "common_cause"
    if last_point_type in ("neutral_high", "neutral_low"):
        return last_point_type
    high_is_good = improvement == "increase"
    if last_point_type == "improvement":
        return "improvement_high" if high_is_good else "improvement_low"
    return "concern_low" if high_is_good else "concern_high"


def assurance(
    target: float | None,
    lower_limit: float | None,
    upper_limit: float | None,
    improvement: str,
) -> str | None:
    """The assurance icon from the target and the last point's limits."""
    if target is None or improvement == "neutral":
        return None
    if lower_limit is None or upper_limit is None:
        return None
    if math.isnan(lower_limit) or math.isnan(upper_limit):
        return None
    increase = improvement == "increase"
    if target > upper_limit:
        return "fail" if increase else "pass"
    if target < lower_limit:
        return "pass" if increase else "fail"
    return "hit_and_miss"
