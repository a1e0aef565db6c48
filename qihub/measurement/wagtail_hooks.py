"""What measurement adds to the platform (qihub/core/extensions.py)."""

from typing import Any

from django.urls import reverse
from wagtail import hooks

from qihub.core import extensions


@hooks.register(extensions.NAVIGATION_ITEM, order=900)
def spc_tool_navigation() -> extensions.NavigationItem:
    return extensions.NavigationItem(label="SPC chart tool", url_name="measurement:spc")


# A search finds the SPC tool by what people call it.
SPC_TOOL_WORDS = {
    "spc",
    "chart",
    "charts",
    "statistical",
    "process",
    "control",
    "run",
    "xmr",
    "shewhart",
    "variation",
    "data",
    "measure",
    "measures",
    "measurement",
}


@hooks.register(extensions.SITE_SEARCH, order=900)
def spc_tool_search(*, query: str, user: Any) -> list[extensions.SearchResult]:
    if not SPC_TOOL_WORDS & set(query.lower().split()):
        return []
    return [
        extensions.SearchResult(
            title="SPC chart tool",
            url=reverse("measurement:spc"),
            summary=(
                "Paste or upload a series and see its statistical process control chart, "
                "read the Making Data Count way."
            ),
        )
    ]
