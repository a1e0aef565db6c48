"""The programme: its vision and mission (each published version kept), its stages, its aims.

The mission and vision are Wagtail snippets with drafts and revisions: the QI team saves drafts
and publishes them in the back office, and each publication appends a `StatementVersion`, the
public history. The public site reads only the versions, so a draft never reaches it.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
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
