"""What events add to the site search and an aim's page (registered in wagtail_hooks.py; the
contracts are in qihub/core/extensions.py)."""

from typing import Any

from django.urls import reverse
from django.utils.text import Truncator

from qihub.core.extensions import AlignedItem, SearchResult
from qihub.events.selectors import events_for_aim, events_matching

SEARCH_RESULTS = 5


def _summary(event: Any) -> str:
    return f"{event.starts_at:%-d %B %Y}. " + Truncator(event.description).words(30)


def events_search(*, query: str, user: Any) -> list[SearchResult]:
    """Events this person may see whose title or description has every word searched."""
    return [
        SearchResult(
            title=event.title,
            url=reverse("events:detail", args=[event.slug]),
            summary=_summary(event),
        )
        for event in events_matching(query=query, user=user)[:SEARCH_RESULTS]
    ]


def events_aligned(*, aim_id: int, user: Any) -> list[AlignedItem]:
    return [
        AlignedItem(
            kind="Event",
            title=event.title,
            url=reverse("events:detail", args=[event.slug]),
            summary=_summary(event),
        )
        for event in events_for_aim(aim_id=aim_id, user=user)
    ]
