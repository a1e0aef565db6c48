"""Moderation: approving, rejecting with a reason, or marking as spam the comments that wait;
themes, and tagging comments with them."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from qihub.consultations.errors import ConsultationError
from qihub.consultations.models import Comment, CommentStatus, Consultation, Theme
from qihub.consultations.permissions import consultation_can_manage
from qihub.core.audit import audit_log

# The states each decision may be taken from.
FROM = {
    CommentStatus.PUBLISHED: {CommentStatus.HELD, CommentStatus.REJECTED, CommentStatus.SPAM},
    CommentStatus.REJECTED: {CommentStatus.HELD, CommentStatus.PUBLISHED},
    CommentStatus.SPAM: {CommentStatus.HELD, CommentStatus.PUBLISHED, CommentStatus.REJECTED},
}
ACTIONS = {
    CommentStatus.PUBLISHED: "qihub.consultations.comment.approve",
    CommentStatus.REJECTED: "qihub.consultations.comment.reject",
    CommentStatus.SPAM: "qihub.consultations.comment.spam",
}


def _check_moderator(user: Any, consultation: Consultation) -> None:
    if not consultation_can_manage(user=user, obj=consultation):
        raise ConsultationError("Only the QI team moderates comments.", code="not_allowed")


def comment_moderate(
    *, comment: Comment, user: Any, status: CommentStatus, reason: str = ""
) -> Comment:
    """Approve (publish), reject with a reason, or mark a comment as spam."""
    consultation = comment.consultation
    _check_moderator(user, consultation)
    reason = reason.strip()
    if status == CommentStatus.REJECTED and not reason:
        raise ConsultationError(
            "Say why the comment is rejected: the reason is kept with it.", code="reason"
        )
    if len(reason) > Comment._meta.get_field("reject_reason").max_length:  # type: ignore[operator]
        raise ConsultationError("Shorten the reason to 500 characters or fewer.", code="reason")
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.status == CommentStatus.UNCONFIRMED:
            raise ConsultationError(
                "This comment's writer has not confirmed their email address yet.",
                code="unconfirmed",
            )
        if locked.status not in FROM[status]:
            raise ConsultationError(
                f"This comment is {locked.get_status_display().lower()} already.", code="state"
            )
        before = locked.status
        locked.status = status
        locked.reject_reason = reason if status == CommentStatus.REJECTED else ""
        locked.moderated_by = user
        locked.moderated_at = timezone.now()
        locked.save(update_fields=["status", "reject_reason", "moderated_by", "moderated_at"])
        audit_log(
            action=ACTIONS[status],
            instance=consultation,
            user=user,
            data={"comment": locked.pk, "from": before, "to": status},
        )
    return locked


def theme_add(*, consultation: Consultation, user: Any, name: str) -> Theme:
    _check_moderator(user, consultation)
    name = " ".join(name.split())
    if not name:
        raise ConsultationError("Enter the theme's name.", code="theme_name")
    if len(name) > Theme._meta.get_field("name").max_length:  # type: ignore[operator]
        raise ConsultationError("Shorten the theme's name to 120 characters.", code="theme_name")
    try:
        with transaction.atomic():
            theme = Theme.objects.create(consultation=consultation, name=name)
            audit_log(
                action="qihub.consultations.theme.add",
                instance=consultation,
                user=user,
                data={"theme": name},
            )
    except IntegrityError:
        raise ConsultationError(
            f"This consultation has a theme called “{name}” already.", code="theme_name"
        ) from None
    return theme


def comment_tag(*, comment: Comment, user: Any, themes: list[Theme]) -> Comment:
    """Set the themes a comment is tagged with (replacing those it had)."""
    consultation = comment.consultation
    _check_moderator(user, consultation)
    if any(theme.consultation_id != consultation.pk for theme in themes):
        raise ConsultationError("Those themes belong to another consultation.", code="theme")
    with transaction.atomic():
        comment.themes.set(themes)
        audit_log(
            action="qihub.consultations.comment.tag",
            instance=consultation,
            user=user,
            data={"comment": comment.pk, "themes": [theme.name for theme in themes]},
        )
    return comment
