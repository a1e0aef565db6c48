"""The only writer of the engagement ledger; every other app records taking part through here."""

import datetime

from django.db import transaction
from django.utils import timezone

from qihub.core.models import Person
from qihub.engagement.models import EngagementKind, EngagementRecord


@transaction.atomic(savepoint=False)
def engagement_record(
    *,
    person: Person,
    kind: EngagementKind,
    subject: str,
    subject_label: str = "",
    occurred_on: datetime.date | None = None,
) -> EngagementRecord:
    record = EngagementRecord(
        person=person,
        kind=kind,
        subject=subject,
        subject_label=subject_label,
        occurred_on=occurred_on or timezone.localdate(),
    )
    # The person exists and the database enforces the table's constraints; checking either
    # here would cost two queries on every vote.
    record.full_clean(exclude=["person"], validate_constraints=False)
    record.save()
    return record
