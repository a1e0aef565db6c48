"""The only writer of the engagement ledger; every other app records taking part through here."""

import datetime
import re
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.utils import timezone

from qihub.core.models import Person
from qihub.engagement.models import KIND_LABEL_LENGTH, EngagementMonth, EngagementRecord
from qihub.engagement.selectors import engagement_kinds_registered
from qihub.engagement.tallies import engagement_tallies_forget, month_of

KIND_CODE = re.compile(r"[a-z][a-z_]{0,19}")


def engagement_record(
    *,
    person: Person,
    kind: str,
    subject: str,
    subject_label: str = "",
    occurred_on: datetime.date | None = None,
) -> EngagementRecord:
    """Record that a person took part; `kind` is a code an installed app registers.

    After every check, two statements in one transaction (the caller's, if it has one: no
    savepoint): the record's INSERT and one upsert that adds it to the person's month in the
    roll-up the levels are read from. A refusal happens before either, so it leaves the
    caller's transaction usable.
    """
    if kind not in engagement_kinds_registered():
        raise ValueError(
            f"{kind!r} is not a registered kind of engagement: the app that records it registers "
            "it with an ENGAGEMENT_KINDS hook (qihub/core/extensions.py)."
        )
    record = EngagementRecord(
        person=person,
        kind_id=kind,
        subject=subject,
        subject_label=subject_label,
        occurred_on=occurred_on or timezone.localdate(),
    )
    # The person and the kind exist (the database's foreign keys hold it); checking either here
    # would cost a query each on every vote.
    record.full_clean(exclude=["person", "kind"], validate_constraints=False)
    with transaction.atomic(savepoint=False):
        record.save()
        _month_add(record)
    return record


def _month_add(record: EngagementRecord) -> None:
    # One statement, race-free: concurrent acts of the same person, month and kind each add one.
    table = EngagementMonth._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (person_id, month, kind, acts) VALUES (%s, %s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (person_id, month, kind) DO UPDATE SET acts = {table}.acts + 1",
            [record.person_id, month_of(record.occurred_on), record.kind_id],
        )


def engagement_kinds_sync(
    *, apps: Apps = global_apps, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    """Copy the registered kinds into the database, which then accepts records of them: after
    every migrate, as Django does its permissions. Labels follow the apps; no kind is deleted,
    so that every record keeps its kind."""
    try:
        kind_model = apps.get_model("engagement", "EngagementKind")
    except LookupError:  # migrated back to before kinds were rows
        return
    kinds = engagement_kinds_registered()
    for code, label in kinds.items():
        if not KIND_CODE.fullmatch(code) or not 0 < len(label) <= KIND_LABEL_LENGTH:
            raise ValueError(
                f"The engagement kind {code!r} ({label!r}) needs a code of lowercase letters and "
                f"underscores, at most 20, and a label of at most {KIND_LABEL_LENGTH} characters."
            )
    kind_model.objects.using(using).bulk_create(
        [kind_model(code=code, label=label) for code, label in kinds.items()],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["label"],
    )


@transaction.atomic
def engagement_records_erase(*, person: Person) -> None:
    """Remove a person's engagement records, when they are erased at their own request (the
    ledger's `PERSON_ERASE` hook)."""
    EngagementRecord.objects.filter(person=person).delete()
    EngagementMonth.objects.filter(person=person).delete()
    engagement_tallies_forget()
