"""The published result of a competition."""

from django.db import models

from qihub.competitions.models.competition import Competition


class Result(models.Model):
    """The published result: the tally per entry and the turnout, fixed at publication."""

    competition = models.OneToOneField(Competition, on_delete=models.CASCADE, related_name="result")
    tally = models.JSONField(help_text="[{entry, number, title, votes}] in descending order.")
    votes = models.PositiveIntegerField()
    electorate = models.PositiveIntegerField()
    published_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Result of {self.competition}"
