from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from wagtail import hooks

from qihub.core.extensions import ENGAGEMENT_KINDS
from qihub.engagement.services import engagement_kinds_sync


@pytest.fixture
def register_kind(db) -> Iterator[Callable[[str, str], None]]:
    """Register a kind of engagement for one test, as an app would, and sync it after migrate."""
    with ExitStack() as registered:

        def register(code: str, label: str) -> None:
            registered.enter_context(
                hooks.register_temporarily(ENGAGEMENT_KINDS, lambda: [(code, label)])
            )
            engagement_kinds_sync()

        yield register
