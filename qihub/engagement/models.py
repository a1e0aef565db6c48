"""The engagement ledger: one append-only record for every act of taking part."""

from typing import Any

from django.db import models

KIND_LABEL_LENGTH = 100


class EngagementKind(models.Model):
    """A kind of taking part ("voted", "attended"), registered by the app that records it (its
    `ENGAGEMENT_KINDS` hook, qihub/core/extensions.py) and copied here after every migrate, so
    that the database refuses a record of a kind no app registered.

    Never deleted: the records of an app that has gone keep their kind.
    """

    code = models.CharField(primary_key=True, max_length=20)
    label = models.CharField(max_length=KIND_LABEL_LENGTH)

    def __str__(self) -> str:
        return self.label


class EngagementRecord(models.Model):
    """A person's act of taking part, and what it concerned (`subject`, e.g. "competition:4").

    Append-only: `engagement.services` is the only writer, `save()` refuses an existing record,
    and a database trigger refuses any UPDATE (migration 0002; a migration that rebuilds this
    table on SQLite drops it, and the tests notice). Records go only when the person themselves
    is erased.
    """

    person = models.ForeignKey(
        "core.Person", on_delete=models.CASCADE, related_name="engagement_records"
    )
    # The column keeps its name; the index below, which starts with it, serves the foreign key.
    kind = models.ForeignKey(
        EngagementKind, on_delete=models.PROTECT, db_column="kind", db_index=False, related_name="+"
    )
    subject = models.CharField(max_length=100, help_text="What it concerned, as 'type:id'.")
    subject_label = models.CharField(max_length=255, blank=True)
    occurred_on = models.DateField(
        help_text="The day only: a time could link a record to other timestamped data."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["kind", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.kind_id}: {self.subject_label or self.subject}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("Engagement records are never edited: record a new one instead.")
        super().save(*args, **kwargs)
