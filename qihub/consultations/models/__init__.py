from qihub.consultations.models.consultation import (
    AGREEMENT_LABELS,
    ANSWER_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    AdoptedPart,
    Audience,
    Consultation,
    ConsultationEngagementKind,
    ConsultationPart,
    ConsultationStatus,
    DraftDocument,
    Question,
    QuestionKind,
    Theme,
)
from qihub.consultations.models.notices import InvitationSent, ResponseNoticeSent
from qihub.consultations.models.taking_part import Answer, Comment, CommentStatus, Participant

__all__ = [
    "AGREEMENT_LABELS",
    "ANSWER_MAX_LENGTH",
    "COMMENT_MAX_LENGTH",
    "AdoptedPart",
    "Answer",
    "Audience",
    "Comment",
    "CommentStatus",
    "Consultation",
    "ConsultationEngagementKind",
    "ConsultationPart",
    "ConsultationStatus",
    "DraftDocument",
    "InvitationSent",
    "Participant",
    "Question",
    "QuestionKind",
    "ResponseNoticeSent",
    "Theme",
]
