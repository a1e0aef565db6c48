from qihub.consultations.selectors.analysis import (
    EXPORT_HEADER,
    Analysis,
    analysis_for,
    attribution_for_team,
    comments_for_moderators,
    export_rows,
)
from qihub.consultations.selectors.public import (
    PublicComment,
    comments_for_public,
    consultation_for,
    consultations_on_aim,
    consultations_visible_to,
    participant_of,
    parts_with_counts,
    public_attribution,
    published_comments,
    whole_draft_comment_count,
)

__all__ = [
    "EXPORT_HEADER",
    "Analysis",
    "PublicComment",
    "analysis_for",
    "attribution_for_team",
    "comments_for_moderators",
    "comments_for_public",
    "consultation_for",
    "consultations_on_aim",
    "consultations_visible_to",
    "export_rows",
    "participant_of",
    "parts_with_counts",
    "public_attribution",
    "published_comments",
    "whole_draft_comment_count",
]
