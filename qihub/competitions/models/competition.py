"""A competition, its phases and who may take part, and its rubric."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


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
