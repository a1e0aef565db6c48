"""The shortlisting panel: its members, their declared conflicts and their scores."""

from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey

from qihub.competitions.models.competition import Competition, Criterion
from qihub.competitions.models.entries import Entry


class PanelMember(models.Model):
    competition = ParentalKey(Competition, on_delete=models.CASCADE, related_name="panel_members")
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+")
    is_chair = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["competition", "person"], name="panel_member_unique"),
            models.UniqueConstraint(
                fields=["competition"], condition=Q(is_chair=True), name="panel_one_chair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on the panel for {self.competition}"


class Conflict(models.Model):
    """A panel member's declared conflict of interest: they will not score that entry."""

    panel_member = models.ForeignKey(
        PanelMember, on_delete=models.CASCADE, related_name="conflicts"
    )
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(max_length=250, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["panel_member", "entry"], name="conflict_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.panel_member.person} declared a conflict with entry {self.entry.number}"


class Score(models.Model):
    panel_member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scores")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["panel_member", "entry", "criterion"], name="score_unique"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=Criterion.MAX_SCORE),
                name="score_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} for {self.criterion.name}"
