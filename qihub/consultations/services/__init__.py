from qihub.consultations.services.consultations import (
    ResponseDraft,
    consultation_publish,
    response_save,
)
from qihub.consultations.services.moderation import comment_moderate, comment_tag, theme_add
from qihub.consultations.services.taking_part import (
    Contribution,
    contribution_submit,
    response_opt_out,
    visitor_confirm,
    visitor_confirm_check,
)

__all__ = [
    "Contribution",
    "ResponseDraft",
    "comment_moderate",
    "comment_tag",
    "consultation_publish",
    "contribution_submit",
    "response_opt_out",
    "response_save",
    "theme_add",
    "visitor_confirm",
    "visitor_confirm_check",
]
