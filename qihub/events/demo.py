"""The events' part of `qihub demo` (built in a later step)."""

from collections.abc import Callable


def events_demo_build(*, progress: Callable[[str], None] = print) -> str:
    return "Events: none yet"
