"""The programme: its vision and mission (each published version kept), its stages, its aims.

The mission and vision are Wagtail snippets with drafts and revisions: the QI team saves drafts
and publishes them in the back office, and each publication appends a `StatementVersion`, the
public history. The public site reads only the versions, so a draft never reaches it. Aims are
drafted and published the same way; the public site reads only live aims, whose rows hold the
published content (a draft of a live aim lives in its revisions).
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, RevisionMixin

STATEMENT_MAX_LENGTH = 2000
NARRATIVE_MAX_LENGTH = 1000


class StatementKind(models.TextChoices):
    VISION = "vision", "Vision"
    MISSION = "mission", "Mission"


class Statement(DraftStateMixin, RevisionMixin, models.Model):
    """The programme's vision or its mission, as the QI team is drafting it."""

    kind = models.CharField(max_length=20, choices=StatementKind.choices, unique=True)
    text = models.TextField(
        max_length=STATEMENT_MAX_LENGTH,
        validators=[MaxLengthValidator(STATEMENT_MAX_LENGTH)],
        help_text="Plain words, a sentence or a short paragraph; a blank line starts a new one.",
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = "mission or vision"
        verbose_name_plural = "mission and vision"
        # Wagtail adds it only for snippets registered before migrate's end; the QI team needs it.
        permissions = [("publish_statement", "Can publish mission or vision")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=StatementKind.values), name="programme_statement_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class StatementVersion(models.Model):
    """A published version of the vision or mission: kept for ever, shown as the history."""

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="versions")
    text = models.TextField()
    published_at = models.DateTimeField(db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="programme_version_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.statement} published {self.published_at:%d %B %Y}"

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs(self.text)


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs: the parts between blank lines."""
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


class Stage(models.Model):
    """A stage of the programme at scale. Exactly one is current once there are any: the
    database allows at most one, and `services.stage_save` moves the mark in one transaction."""

    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Stages are shown from the lowest number to the highest."
    )
    narrative = models.TextField(
        max_length=NARRATIVE_MAX_LENGTH,
        validators=[MaxLengthValidator(NARRATIVE_MAX_LENGTH)],
        blank=True,
        help_text="A few sentences: what this stage is for and what happened in it.",
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    is_current = models.BooleanField(
        "current stage",
        default=False,
        help_text="The stage the programme is in now. Marking this one moves the mark from "
        "the stage that had it.",
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="programme_stage_one_current",
                violation_error_message="Only one stage can be the current stage.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="programme_stage_ends_after_start",
                violation_error_message="A stage cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Aim(DraftStateMixin, RevisionMixin, ClusterableModel):
    """A system-level aim: what the programme will improve, measured by its outcome measure."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        "web address",
        max_length=100,
        unique=True,
        help_text="The aim's address: /programme/aims/<this>/.",
    )
    description = models.TextField(
        "plain-language description",
        max_length=STATEMENT_MAX_LENGTH,
        validators=[MaxLengthValidator(STATEMENT_MAX_LENGTH)],
        help_text="What the aim means for patients and staff, in words anyone can read.",
    )
    measure = models.ForeignKey(
        "measurement.Measure",
        on_delete=models.PROTECT,
        related_name="aims",
        verbose_name="outcome measure",
        help_text="The measure that shows whether the aim is met (Measures in the back office). "
        "Publishing the aim publishes it, with the aim's target.",
    )
    baseline_value = models.FloatField(help_text="Where the measure stood before the aim began.")
    baseline_period = models.CharField(
        max_length=100, help_text="The period of the baseline, such as April 2023 to March 2024."
    )
    target_value = models.FloatField(help_text="In the measure's unit (a proportion from 0 to 1).")
    target_date = models.DateField(help_text="When the target is to be met.")
    owner = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "staff"},
        help_text="The senior leader accountable for the aim.",
    )
    directorates = ParentalManyToManyField(
        "core.Directorate",
        blank=True,
        related_name="aims",
        help_text="The directorates the aim concerns (none: the whole organisation).",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Aims are listed from the lowest number to the highest."
    )

    class Meta:
        ordering = ["position", "title"]
        permissions = [("publish_aim", "Can publish aim")]
        constraints = [
            models.UniqueConstraint(
                fields=["measure"],
                name="programme_aim_own_measure",
                violation_error_message=(
                    "Another aim has this outcome measure: each aim needs its own."
                ),
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="programme_aim_slug"),
            models.CheckConstraint(condition=~Q(title=""), name="programme_aim_title"),
        ]

    def __str__(self) -> str:
        return self.title
