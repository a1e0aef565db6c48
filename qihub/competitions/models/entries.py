"""Entries, their images and the invitations to join an entry's team."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from qihub.competitions.models.competition import Competition


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
