"""Who checks people in at an event's door, and what attendees said about it afterwards.

- `DoorStaff`: the people the QI team chose to check people in at one event (the QI team may
  always); one row per person and event (a unique constraint).
- `FeedbackInvitation`: the feedback email sent to one attendee (one per registration, so the
  worker never sends it twice, however often it runs).
- `Feedback`: one attendee's feedback (one per registration, held by the database), given
  through the signed link in that email, with or without an account.
"""

from django.db import models
from django.db.models import Q

from qihub.events.models import Event, Registration

RATING_MIN, RATING_MAX = 1, 5
FEEDBACK_TEXT_MAX = 2000


class DoorStaff(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="door_staff")
    person = models.ForeignKey("core.Person", on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "door staff"
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="door_staff_once_per_event")
        ]

    def __str__(self) -> str:
        return f"Door staff {self.person_id} at {self.event_id}"


class FeedbackInvitation(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback_invitation"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Feedback invitation for {self.registration_id}"


class Feedback(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(help_text="1 (poor) to 5 (excellent).")
    went_well = models.TextField("what went well", blank=True, max_length=FEEDBACK_TEXT_MAX)
    could_be_better = models.TextField(
        "what could be better", blank=True, max_length=FEEDBACK_TEXT_MAX
    )
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["given_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=RATING_MIN) & Q(rating__lte=RATING_MAX),
                name="feedback_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"Feedback {self.pk} on registration {self.registration_id}"
