"""The notices the process emails, and to whom each has gone (each person once)."""

from django.db import models
from django.db.models import Q

from qihub.competitions.models.competition import Competition


class NoticeKind(models.TextChoices):
    VOTING_OPEN = "voting_open", "Voting is open"
    VOTING_REMINDER = "voting_reminder", "Voting closes soon"
    SCORING_OPEN = "scoring_open", "The panel can score the entries"
    SCORING_REMINDER = "scoring_reminder", "The panel's scores are due soon"


class Notice(models.Model):
    """An email that a competition sends to many people when a moment comes: its electorate
    when voting opens, say. Made once per competition and kind; `NoticeSent` says who has it."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["competition", "kind"], name="notice_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in NoticeKind]), name="notice_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.competition}"


class NoticeSent(models.Model):
    """That a notice went to a person. A batch claims its people here before sending, so that
    no one is sent a notice twice, whatever runs again or alongside."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="sent")
    person = models.ForeignKey("core.Person", on_delete=models.CASCADE, related_name="+")
    batch = models.UUIDField(db_index=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "notices sent"
        constraints = [
            models.UniqueConstraint(fields=["notice", "person"], name="notice_sent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.notice} sent to person {self.person_id}"
