"""The variation and assurance icons in words, as NHS England's Making Data Count guidance reads
them."""

from __future__ import annotations

from qihub.spc import SPCResult

VARIATION_TITLES = {
    "common_cause": "Common cause variation",
    "improvement_high": "Special cause improvement (higher)",
    "improvement_low": "Special cause improvement (lower)",
    "concern_high": "Special cause concern (higher)",
    "concern_low": "Special cause concern (lower)",
    "neutral_high": "Special cause variation (higher)",
    "neutral_low": "Special cause variation (lower)",
}
VARIATION_TEXTS = {
    "common_cause": "No significant change: the latest point shows only the variation this "
    "process usually produces.",
    "improvement_high": "Special cause variation of an improving nature: the measure is "
    "significantly higher.",
    "improvement_low": "Special cause variation of an improving nature: the measure is "
    "significantly lower.",
    "concern_high": "Special cause variation of a concerning nature: the measure is "
    "significantly higher.",
    "concern_low": "Special cause variation of a concerning nature: the measure is "
    "significantly lower.",
    "neutral_high": "Special cause variation, neither improvement nor concern: the measure is "
    "significantly higher.",
    "neutral_low": "Special cause variation, neither improvement nor concern: the measure is "
    "significantly lower.",
}
ASSURANCE_TITLES = {
    "pass": "Consistently passing the target",
    "fail": "Consistently failing the target",
    "hit_and_miss": "Hit and miss the target",
}
ASSURANCE_TEXTS = {
    "pass": "The target lies outside the process limits, on the side you want: the process "
    "can be expected to meet it every time unless something changes.",
    "fail": "The target lies outside the process limits, on the wrong side: the process will "
    "not meet it unless the process itself changes.",
    "hit_and_miss": "The target lies between the process limits: the process will meet it "
    "some of the time and miss it some of the time, by chance alone.",
}


def assurance_text(result: SPCResult) -> str:
    """What the assurance icon says, or why there is none."""
    if result.assurance is not None:
        return ASSURANCE_TEXTS[result.assurance]
    if result.options.get("target") is None:
        return "No target was given, so there is no assurance icon."
    if result.options.get("direction") == "neutral":
        return (
            "No assurance icon: say whether higher or lower is better to compare the process "
            "limits with the target."
        )
    return "No assurance icon: this chart has no process limits to compare."
