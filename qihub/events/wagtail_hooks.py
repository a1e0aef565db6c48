"""What events add to the platform: the kinds of taking part they record in the ledger."""

from wagtail import hooks

from qihub.core import extensions
from qihub.events.models import EventEngagementKind


@hooks.register(extensions.ENGAGEMENT_KINDS)
def events_engagement_kinds() -> list[tuple[str, str]]:
    return EventEngagementKind.choices
