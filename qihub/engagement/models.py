"""The engagement ledger: one append-only record for every act of taking part."""

from django.db import models
from django.db.models import Q


class EngagementKind(models.TextChoices):
    REGISTERED = "registered", "Registered for an event"
    ATTENDED = "attended", "Attended an event"
    COMMENTED = "commented", "Commented"
    VOTED = "voted", "Voted"
    ENTERED = "entered", "Entered a competition"
    JOINED_GROUP = "joined_group", "Joined a group"
    JOINED_PROJECT = "joined_project", "Joined a project"
    SUBSCRIBED = "subscribed", "Subscribed"
    TRAINED = "trained", "Completed training"


class EngagementRecord(models.Model):
    """A person's act of taking part, and what it concerned (`subject`, e.g. "competition:4").

    Records are never edited; `engagement.services` is the only writer. They go only when the
    person themselves is erased.
    """

    person = models.ForeignKey(
        "core.Person", on_delete=models.CASCADE, related_name="engagement_records"
    )
    kind = models.CharField(max_length=20, choices=EngagementKind.choices)
    subject = models.CharField(max_length=100, help_text="What it concerned, as 'type:id'.")
    subject_label = models.CharField(max_length=255, blank=True)
    occurred_on = models.DateField(
        help_text="The day only: a time could link a record to other timestamped data."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in EngagementKind]),
                name="engagement_kind_valid",
            ),
        ]
        indexes = [models.Index(fields=["kind", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_label or self.subject}"
