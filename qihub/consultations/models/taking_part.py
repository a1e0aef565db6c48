"""Who took part in a consultation, their answers and their comments."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from qihub.consultations.models.consultation import (
    ANSWER_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    Audience,
    Consultation,
    ConsultationPart,
    Question,
    Theme,
)
from qihub.core.models import PersonKind


class Participant(models.Model):
    """Someone taking part in one consultation: a person with an account, or a visitor known
    only by the email address they confirm. Their kind, directorate and staff level are copied
    when they first take part, so the analysis counts them as they were then."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        "core.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(blank=True, help_text="A visitor's address, to confirm.")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    kind = models.CharField(max_length=20, choices=PersonKind.choices)
    directorate = models.ForeignKey(
        "core.Directorate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    level = models.ForeignKey(
        "core.StaffLevel", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    show_name = models.BooleanField(default=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a visitor was last emailed a confirmation link not yet opened: what they "
        "send while it is valid waits for that link rather than a new email.",
    )
    notify_on_response = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "person"],
                condition=Q(person__isnull=False),
                name="participant_once_per_person",
            ),
            models.UniqueConstraint(
                "consultation",
                Lower("email"),
                condition=Q(person__isnull=True),
                name="participant_once_per_visitor_address",
            ),
            models.CheckConstraint(
                condition=Q(audience__in=[a.value for a in Audience]),
                name="participant_audience_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in PersonKind]), name="participant_kind_valid"
            ),
            models.CheckConstraint(
                condition=(Q(audience="visitor") & Q(person__isnull=True) & ~Q(email=""))
                | (~Q(audience="visitor") & Q(person__isnull=False)),
                name="participant_visitor_has_address_others_a_person",
            ),
            models.CheckConstraint(
                condition=Q(audience="staff", kind="staff")
                | (~Q(audience="staff") & ~Q(kind="staff")),
                name="participant_staff_audience_is_staff",
            ),
        ]
        indexes = [models.Index(fields=["consultation", "confirmed_at"])]

    def __str__(self) -> str:
        return f"Participant {self.pk} in {self.consultation_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Answer(models.Model):
    """A participant's answer to one question (given once)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True, max_length=ANSWER_MAX_LENGTH)
    agreement = models.PositiveSmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "question"], name="answer_once"),
            models.CheckConstraint(
                condition=Q(agreement__isnull=True) | Q(agreement__gte=1, agreement__lte=5),
                name="answer_agreement_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"


class CommentStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Waiting for the visitor to confirm their email address"
    HELD = "held", "Waiting for a moderator"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    SPAM = "spam", "Spam"


class Comment(models.Model):
    """A comment on the whole draft (no part) or on one part of it."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="comments")
    part = models.ForeignKey(
        ConsultationPart, on_delete=models.PROTECT, null=True, blank=True, related_name="comments"
    )
    text = models.TextField(max_length=COMMENT_MAX_LENGTH)
    status = models.CharField(max_length=12, choices=CommentStatus.choices)
    reject_reason = models.CharField(max_length=500, blank=True)
    moderated_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="comments")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in CommentStatus]),
                name="comment_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""),
                name="comment_rejected_has_reason",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="comment_not_empty"),
        ]
        indexes = [models.Index(fields=["consultation", "status", "part"])]

    def __str__(self) -> str:
        return f"Comment {self.pk}"
