"""The vote, stored in two halves that nothing joins (see the package's docstring)."""

import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from qihub.competitions.models.competition import Competition
from qihub.competitions.models.entries import Entry

if TYPE_CHECKING:
    from qihub.core.models import Person


class Elector(models.Model):
    """Someone eligible to vote, from the roster snapshot taken when voting opened."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="electors")
    # SET_NULL: a member of the public who erases their account stays counted in the electorate
    # (and in the turnout, if they voted); only the link to them goes.
    person = models.ForeignKey(
        "core.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    directorate = models.ForeignKey(
        "core.Directorate", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["competition", "person"], name="elector_unique"),
        ]

    def __str__(self) -> str:
        return f"Elector {self.pk} in {self.competition_id}"

    @property
    def voter(self) -> "Person":
        """The elector's person; there is none only if they have since erased their account."""
        if self.person is None:
            raise ValueError(f"Elector {self.pk} has erased their account.")
        return self.person


class VoteCast(models.Model):
    """That an elector has voted (never what). The one-to-one makes a second vote impossible."""

    elector = models.OneToOneField(Elector, on_delete=models.CASCADE, related_name="vote_cast")
    cast_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Vote cast by elector {self.elector_id}"


class Ballot(models.Model):
    """One slot in the ballot box: empty until a vote fills it with an entry and a receipt.

    No voter, no time, a random id. The receipt is stored only as a hash of the code that the
    voter was shown, so the voter can check that their ballot is counted.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="ballots")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, null=True, related_name="+")
    receipt_hash = models.CharField(max_length=64, null=True, unique=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(entry__isnull=True, receipt_hash__isnull=True)
                | Q(entry__isnull=False, receipt_hash__isnull=False),
                name="ballot_filled_with_receipt",
            ),
        ]
        indexes = [
            models.Index(
                fields=["competition", "id"],
                condition=Q(entry__isnull=True),
                name="ballot_empty_slots",
            ),
        ]

    def __str__(self) -> str:
        return "Ballot"


class SealedVote(models.Model):
    """A vote cast but not yet in the ballot box: its entry and receipt, sealed (encrypted).

    A vote is written in the voter's own transaction, beside their `VoteCast`, so on PostgreSQL
    both rows carry that transaction's id (`xmin`) and sit side by side in insertion order.
    Sealed with a key derived from the server's secret key (never stored in the database), the
    row says nothing about what was voted. The mixer (`ballot_box_mix`) opens sealed votes in
    batches, in a transaction of its own, and puts them into random empty ballot slots, so a
    filled ballot shares its transaction with a whole batch of voters, never with one.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return "Sealed vote"
