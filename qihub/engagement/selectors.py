import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet
from wagtail import hooks

from qihub.core.extensions import ENGAGEMENT_KINDS
from qihub.core.models import Person
from qihub.engagement.models import EngagementRecord


def engagement_kinds_registered() -> dict[str, str]:
    """Return the kinds the installed apps register (their `ENGAGEMENT_KINDS` hooks): label by
    code."""
    return _kinds_of(tuple(hooks.get_hooks(ENGAGEMENT_KINDS)))


@functools.lru_cache(maxsize=8)
def _kinds_of(contributors: tuple[Callable[[], Iterable[tuple[str, str]]], ...]) -> dict[str, str]:
    # Asked on every vote: each hook is called once per process (once more for each set of
    # hooks a test registers).
    kinds: dict[str, str] = {}
    for contribute in contributors:
        for code, label in contribute():
            if kinds.setdefault(code, label) != label:
                raise ValueError(
                    f"Two apps register the engagement kind {code!r} ({kinds[code]!r} and "
                    f"{label!r}): a kind belongs to one app."
                )
    return kinds


def engagement_records_for(*, person: Person) -> QuerySet[EngagementRecord]:
    """Return a person's own engagement records, newest first."""
    return EngagementRecord.objects.filter(person=person).order_by("-occurred_on", "-id")


def engagement_export_for(*, person: Person) -> list[dict[str, Any]]:
    """A person's engagement records, as their data download shows them."""
    return [
        {
            "kind": record.kind_id,
            "subject": record.subject_label or record.subject,
            "date": record.occurred_on.isoformat(),
        }
        for record in engagement_records_for(person=person)
    ]
