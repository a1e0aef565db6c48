"""To whom each of a consultation's emails has gone: each person at most once."""

from django.db import models

from qihub.consultations.models.consultation import Consultation
from qihub.consultations.models.taking_part import Participant


class InvitationSent(models.Model):
    """That a member of staff in the audience was invited by email when the consultation opened.
    A batch claims its people here before sending; the unique constraint lets no one be claimed
    twice, whatever runs again or alongside."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    person = models.ForeignKey("core.Person", on_delete=models.CASCADE, related_name="+")
    batch = models.UUIDField(db_index=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "person"], name="invitation_sent_once"),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.consultation_id} sent to person {self.person_id}"


class ResponseNoticeSent(models.Model):
    """That a participant was told the response is published (each once)."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="response_notice"
    )
    batch = models.UUIDField(db_index=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Response notice sent to participant {self.participant_id}"
