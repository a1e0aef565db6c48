from typing import Any

from django.db.models import QuerySet

from qihub.core.extensions import engagement_kinds
from qihub.core.models import Person
from qihub.engagement.models import EngagementRecord


def engagement_kinds_registered() -> dict[str, str]:
    """Return the kinds the installed apps register (their `ENGAGEMENT_KINDS` hooks): label by
    code."""
    kinds: dict[str, str] = {}
    for code, label in engagement_kinds():
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
