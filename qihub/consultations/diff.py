"""What changed between the consulted and the adopted version, word by word (difflib), for a
page to show as <del> and <ins> with words a screen reader speaks, not by colour alone."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "added", "removed"
    text: str


@dataclass(frozen=True)
class PartDiff:
    title: str
    status: str  # "same", "changed", "added", "removed"
    segments: list[Segment]


def text_diff(before: str, after: str) -> list[Segment]:
    old, new = TOKENS.findall(before), TOKENS.findall(after)
    segments = []
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("removed", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("added", "".join(new[j1:j2])))
    return segments


def version_diff(
    consulted: list[tuple[str, str, str]], adopted: list[tuple[str, str, str]]
) -> list[PartDiff]:
    """Each part (key, title, text), in the adopted order, then the consulted parts dropped."""
    before = {key: (title, text) for key, title, text in consulted}
    diffs = []
    for key, title, text in adopted:
        if key in before:
            segments = text_diff(before[key][1], text)
            changed = any(segment.kind != "same" for segment in segments)
            diffs.append(PartDiff(title, "changed" if changed else "same", segments))
        else:
            diffs.append(PartDiff(title, "added", [Segment("added", text)]))
    kept = {key for key, _, _ in adopted}
    diffs += [
        PartDiff(title, "removed", [Segment("removed", text)])
        for key, title, text in consulted
        if key not in kept
    ]
    return diffs
