"""Why a consultation refuses something, and the named actions it writes to the audit log."""

AUDIT_ACTIONS = {
    "qihub.consultations.consultation.publish": "Publish a consultation",
    "qihub.consultations.response.save": "Save a consultation's response as a draft",
    "qihub.consultations.response.publish": "Publish a consultation's response and adopt the draft",
    "qihub.consultations.comment.approve": "Approve a consultation comment",
    "qihub.consultations.comment.reject": "Reject a consultation comment",
    "qihub.consultations.comment.spam": "Mark a consultation comment as spam",
    "qihub.consultations.comment.tag": "Tag a consultation comment with themes",
    "qihub.consultations.theme.add": "Add a theme to a consultation",
    "qihub.consultations.document.adopt": "Adopt a new version of a document after consultation",
    "qihub.consultations.invitations.start": "Start inviting a consultation's staff by email",
}


class ConsultationError(Exception):
    """A refusal in words for the person who asked, with a code tests and views can match."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
