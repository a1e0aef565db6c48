"""Competitions: entries, a mixed shortlisting panel scoring blind, and a secret, once-only vote.

The vote is stored in two halves that nothing joins. `Elector` and `VoteCast` record who may vote
and who has voted (the voter side). `Ballot` rows hold what was voted, with a random id and no
voter, no time and no order: every ballot slot is created, empty and in random order, when voting
opens, and a vote fills a randomly chosen empty slot (see `services/voting.py`).
"""

import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

if TYPE_CHECKING:
    from qihub.core.models import Person


class Phase(models.TextChoices):
    DRAFT = "draft", "Not yet open"
    ENTRIES_OPEN = "entries_open", "Open for entries"
    ENTRIES_CLOSED = "entries_closed", "Entries closed"
    SHORTLISTING = "shortlisting", "Shortlisting"
    VOTING = "voting", "Voting"
    VOTING_CLOSED = "voting_closed", "Voting closed"
    RESULTS = "results", "Results published"


PHASE_ORDER = list(Phase)


class CompetitionEngagementKind(models.TextChoices):
    """What competitions records in the engagement ledger (registered in wagtail_hooks.py)."""

    ENTERED = "entered", "Entered a competition"
    VOTED = "voted", "Voted"


class Eligibility(models.TextChoices):
    ALL_STAFF = "all_staff", "All active staff"
    DIRECTORATES = "directorates", "Active staff in the chosen directorates"
    STAFF_AND_PUBLIC = "staff_and_public", "Active staff and members of the public"


class Competition(ClusterableModel):
    """A competition, set up on one screen of the back office with its rubric and its panel."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        "web address",
        max_length=100,
        unique=True,
        help_text="The end of the competition's address, /competitions/<this>/; "
        "filled in from the title if left empty.",
    )
    brief = models.TextField(help_text="What entrants are asked to make.")
    rules = models.TextField(blank=True)
    prizes = models.TextField(blank=True)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.DRAFT)
    who_may_enter = models.CharField(
        max_length=20, choices=Eligibility.choices, default=Eligibility.ALL_STAFF
    )
    who_may_vote = models.CharField(
        max_length=20, choices=Eligibility.choices, default=Eligibility.ALL_STAFF
    )
    directorates = models.ManyToManyField(
        "core.Directorate",
        blank=True,
        related_name="+",
        help_text="Used when entering or voting is limited to chosen directorates.",
    )
    entries_open_at = models.DateTimeField(null=True, blank=True)
    entries_close_at = models.DateTimeField(null=True, blank=True)
    voting_open_at = models.DateTimeField(null=True, blank=True)
    voting_close_at = models.DateTimeField(null=True, blank=True)
    max_images_per_entry = models.PositiveSmallIntegerField(default=3)
    shortlist_size = models.PositiveSmallIntegerField(default=6)
    panel_min_patients_or_carers = models.PositiveSmallIntegerField(default=1)
    panel_min_staff = models.PositiveSmallIntegerField(default=1)
    panel_min_senior_leaders = models.PositiveSmallIntegerField(default=1)
    scoring_closed = models.BooleanField(default=False)
    shortlist_confirmed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__in=[p.value for p in Phase]), name="competition_phase_valid"
            ),
            models.CheckConstraint(
                condition=Q(entries_close_at__isnull=True)
                | Q(entries_open_at__isnull=True)
                | Q(entries_close_at__gt=F("entries_open_at")),
                name="competition_entries_close_after_open",
            ),
            models.CheckConstraint(
                condition=Q(voting_close_at__isnull=True)
                | Q(voting_open_at__isnull=True)
                | Q(voting_close_at__gt=F("voting_open_at")),
                name="competition_voting_close_after_open",
            ),
            models.CheckConstraint(condition=Q(shortlist_size__gte=1), name="shortlist_size_min"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(Phase(self.phase))

    @property
    def taking_entries(self) -> bool:
        """Open for entries, and its closing date (if any) not yet come."""
        closes = self.entries_close_at
        return self.phase == Phase.ENTRIES_OPEN and not (closes and timezone.now() >= closes)

    @property
    def live(self) -> bool:
        """True once it has opened: people have its address, so the back office stops filling
        the web address in from the title (Wagtail's title panel reads this)."""
        return self.phase != Phase.DRAFT


class Criterion(models.Model):
    """One line of the panel's rubric; an entry's score is the weighted mean over criteria."""

    competition = ParentalKey(Competition, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(default=1)
    position = models.PositiveSmallIntegerField(default=0)

    MAX_SCORE = 5

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "scoring criterion"
        verbose_name_plural = "scoring criteria"
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="criterion_unique"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (×{self.weight})"


class EntryStatus(models.TextChoices):
    SUBMITTED = "submitted", "Awaiting moderation"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Not accepted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Entry(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="entries")
    number = models.PositiveIntegerField(help_text="The entry's public number in the competition.")
    title = models.CharField(max_length=120)
    description = models.TextField(max_length=2000)
    submitted_by = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="competition_entries"
    )
    team_members = models.ManyToManyField(
        "core.Person", blank=True, related_name="team_competition_entries"
    )
    status = models.CharField(
        max_length=20, choices=EntryStatus.choices, default=EntryStatus.SUBMITTED
    )
    rejection_reason = models.TextField(blank=True)
    shortlisted = models.BooleanField(default=False)
    name_in_results = models.BooleanField(
        default=False,
        help_text="Whoever sent the entry agreed to be named beside it in the published results.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["competition", "number"]
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(fields=["competition", "number"], name="entry_number_unique"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in EntryStatus]), name="entry_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="entry_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(shortlisted=False) | Q(status="accepted"),
                name="entry_shortlist_only_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"Entry {self.number}: {self.title}"

    def entrants(self) -> list:
        return [self.submitted_by, *self.team_members.all()]


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Joined the team"
    DECLINED = "declined", "Declined"


class TeamInvitation(models.Model):
    """An entrant's request, sent to an email address, that someone join their entry's team.

    Nothing here is looked up when it is made: the entrant gets the same answer whoever the
    address belongs to, or if it belongs to no one. The invitee, signed in with that address,
    accepts (and only then joins `Entry.team_members`, if they may enter) or declines; `person`
    is who answered. The email is stored lower-cased, so one address is invited once per entry.
    """

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(
        "core.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    person = models.ForeignKey(
        "core.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name_in_results = models.BooleanField(
        default=False,
        help_text="The team member agreed to be named beside the entry in the published results.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "email"], name="team_invitation_unique"),
            models.CheckConstraint(condition=Q(email=Lower("email")), name="team_invitation_lower"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in InvitationStatus]),
                name="team_invitation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(person__isnull=False, answered_at__isnull=False),
                name="team_invitation_answered_by_someone",
            ),
            models.CheckConstraint(
                condition=Q(name_in_results=False) | Q(status="accepted"),
                name="team_invitation_credit_only_members",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation to join the team of entry {self.entry_id}"


class EntryImage(models.Model):
    """An entry's image, re-encoded on upload so no metadata (location, camera) survives."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="competitions/%Y/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    alt_text = models.CharField(max_length=250)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt_text


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


class Result(models.Model):
    """The published result: the tally per entry and the turnout, fixed at publication."""

    competition = models.OneToOneField(Competition, on_delete=models.CASCADE, related_name="result")
    tally = models.JSONField(help_text="[{entry, number, title, votes}] in descending order.")
    votes = models.PositiveIntegerField()
    electorate = models.PositiveIntegerField()
    published_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Result of {self.competition}"
