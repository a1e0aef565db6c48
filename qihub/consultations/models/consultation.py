"""A consultation on a draft: its dates, audiences and questions, the draft as it was consulted on
(its parts), the themes the moderators find in the comments, and what was adopted."""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

COMMENT_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 2000


class Audience(models.TextChoices):
    STAFF = "staff", "Staff"
    PUBLIC = "public", "Members of the public with an account"
    VISITOR = "visitor", "Visitors without an account"


class ConsultationEngagementKind(models.TextChoices):
    ANSWERED = "consult_answered", "Answered a consultation's question"
    COMMENTED = "consult_commented", "Commented on a consultation"


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", "Draft (only the QI team can see it)"
    PUBLISHED = "published", "Published"
    RESPONDED = "responded", "Response published"


class Consultation(ClusterableModel):
    """A draft opened to chosen audiences between two dates. Published, it is public for good:
    before it opens people can read it, while open the audience takes part, and once closed it
    stays readable with its comments and, in time, the QI team's response."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="Its web address.")
    summary = models.TextField(help_text="What is being consulted on and why, in plain words.")
    draft_key = models.CharField(
        "draft",
        max_length=100,
        help_text="The draft consulted on: copied as the consulted version when it is published.",
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    for_staff = models.BooleanField("staff", default=True)
    for_public = models.BooleanField("members of the public with an account", default=True)
    for_visitors = models.BooleanField("visitors without an account", default=False)
    hold_public_comments = models.BooleanField(
        "hold comments from the public for approval",
        default=True,
        help_text="Comments from visitors and members of the public wait for a moderator; "
        "staff comments are shown at once.",
    )
    invite_staff = models.BooleanField(
        "email staff an invitation when it opens",
        default=False,
        help_text="Every active member of staff with an email address, once each, in batches.",
    )
    status = models.CharField(
        max_length=10, choices=ConsultationStatus.choices, default=ConsultationStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    response_summary = models.TextField(blank=True, editable=False)
    response_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="consultation_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(for_staff=True) | Q(for_public=True) | Q(for_visitors=True),
                name="consultation_has_an_audience",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ConsultationStatus]),
                name="consultation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="consultation_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="responded") | Q(response_published_at__isnull=False),
                name="consultation_responded_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status != ConsultationStatus.DRAFT

    @property
    def has_opened(self) -> bool:
        return timezone.now() >= self.opens_at

    @property
    def has_closed(self) -> bool:
        return timezone.now() >= self.closes_at

    @property
    def is_open(self) -> bool:
        return self.is_published and self.has_opened and not self.has_closed

    @property
    def audiences(self) -> list[Audience]:
        chosen = [self.for_staff, self.for_public, self.for_visitors]
        return [audience for audience, on in zip(Audience, chosen, strict=True) if on]

    @property
    def audience_label(self) -> str:
        return "; ".join(str(audience.label).lower() for audience in self.audiences)


class QuestionKind(models.TextChoices):
    FREE_TEXT = "free_text", "Free text"
    AGREEMENT = "agreement", "Agreement, from 1 (strongly disagree) to 5 (strongly agree)"
    CHOICE = "choice", "Choose one"


AGREEMENT_LABELS = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}


class Question(Orderable):
    consultation = ParentalKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    choices = models.TextField(blank=True, help_text="For “choose one”: one choice a line.")

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in QuestionKind]), name="question_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind="choice") | ~Q(choices=""), name="question_choice_has_choices"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class ConsultationPart(models.Model):
    """One part of the draft as it was consulted on (a paragraph, an aim), copied when the
    consultation was published, so that comments keep the words they were about."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="parts")
    position = models.PositiveIntegerField()
    key = models.CharField(max_length=100)
    title = models.CharField(max_length=300)
    text = models.TextField()

    class Meta:
        ordering = ["consultation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "key"], name="part_unique_key"),
            models.UniqueConstraint(
                fields=["consultation", "position"], name="part_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def anchor(self) -> str:
        return f"part-{self.position}"


class AdoptedPart(models.Model):
    """One part of the version adopted after the consultation, as the QI team wrote it."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="adopted_parts"
    )
    position = models.PositiveIntegerField()
    key = models.CharField(max_length=100)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["consultation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "key"], name="adopted_unique_key"),
            models.UniqueConstraint(
                fields=["consultation", "position"], name="adopted_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Theme(models.Model):
    """A theme the moderators find in the comments ("You said"), and what changed ("we did")."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=120)
    we_did = models.TextField("what we did", blank=True)

    class Meta:
        ordering = ["consultation", "name"]
        constraints = [
            models.UniqueConstraint(
                "consultation", Lower("name"), name="theme_unique_name_per_consultation"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DraftDocument(models.Model):
    """A document written in the back office to consult on; its paragraphs are its parts."""

    title = models.CharField(max_length=200, unique=True)
    body = models.TextField(help_text="Paragraphs, separated by a blank line.")
    version = models.PositiveIntegerField(default=1, editable=False)
    adopted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name = "document to consult on"
        verbose_name_plural = "documents to consult on"

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        text = self.body.replace("\r\n", "\n")
        return [paragraph.strip() for paragraph in text.split("\n\n") if paragraph.strip()]
