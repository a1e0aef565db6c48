"""Demo consultations (filled in below)."""

from collections.abc import Callable


def consultations_demo_build(*, progress: Callable[[str], None] = print) -> str:
    return "Consultations: none yet"
