"""Reads for the public pages: the consultations a person may see, the draft's parts with how
many published comments each has, and published comments with the attribution the public sees
(never a held comment, never a name the writer did not choose to show)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from qihub.consultations.diff import PartDiff, version_diff
from qihub.consultations.models import (
    Audience,
    Comment,
    CommentStatus,
    Consultation,
    ConsultationPart,
    ConsultationStatus,
    Participant,
    Theme,
)
from qihub.consultations.permissions import consultation_can_view
from qihub.core.models import PersonKind
from qihub.core.permissions import is_qi_team


def consultations_visible_to(*, user: Any) -> QuerySet[Consultation]:
    consultations = Consultation.objects.all()
    if not is_qi_team(user):
        consultations = consultations.exclude(status=ConsultationStatus.DRAFT)
    return consultations


def consultation_for(*, user: Any, slug: str) -> Consultation | None:
    consultation = Consultation.objects.filter(slug=slug).first()
    if consultation is None or not consultation_can_view(user=user, obj=consultation):
        return None
    return consultation


def parts_with_counts(*, consultation: Consultation) -> list[ConsultationPart]:
    """The consulted parts, each with `published_comments`."""
    return list(
        consultation.parts.annotate(
            published_comments=Count("comments", filter=Q(comments__status=CommentStatus.PUBLISHED))
        ).order_by("position")
    )


def whole_draft_comment_count(*, consultation: Consultation) -> int:
    return consultation.comments.filter(status=CommentStatus.PUBLISHED, part__isnull=True).count()


def public_attribution(participant: Participant) -> str:
    """How the public sees who wrote a comment: staff as "a member of staff in <directorate>"
    unless they chose to show their name; everyone else by their kind only."""
    if participant.audience == Audience.STAFF:
        where = f" in {participant.directorate.name}" if participant.directorate else ""
        if participant.show_name and participant.person is not None:
            return f"{participant.person.full_name}, member of staff{where}"
        return f"A member of staff{where}"
    return str(PersonKind(participant.kind).label)


@dataclass(frozen=True)
class PublicComment:
    """A published comment as the public may see it: no participant, no person."""

    pk: int
    text: str
    attribution: str
    part_title: str
    created_at: Any


def published_comments(
    *, consultation: Consultation, part: ConsultationPart | None, whole: bool = False
) -> QuerySet[Comment]:
    """Published comments on one part, on the whole draft (`whole`), or on any (neither)."""
    comments = consultation.comments.filter(status=CommentStatus.PUBLISHED)
    if part is not None:
        comments = comments.filter(part=part)
    elif whole:
        comments = comments.filter(part__isnull=True)
    return comments.select_related(
        "participant__directorate", "participant__person", "part"
    ).order_by("created_at", "pk")


def comments_for_public(comments: Any) -> list[PublicComment]:
    return [
        PublicComment(
            pk=comment.pk,
            text=comment.text,
            attribution=public_attribution(comment.participant),
            part_title=comment.part.title if comment.part else "The whole draft",
            created_at=comment.created_at,
        )
        for comment in comments
    ]


def participant_of(*, consultation: Consultation, person: Any) -> Participant | None:
    if person is None:
        return None
    return Participant.objects.filter(consultation=consultation, person=person).first()


def consultations_on_aim(*, aim_id: int, user: Any) -> QuerySet[Consultation]:
    """Consultations whose consulted draft has this aim as one of its parts."""
    return consultations_visible_to(user=user).filter(parts__key=f"aim:{aim_id}").distinct()


def has_answered(*, consultation: Consultation, person: Any) -> bool:
    """Whether this person has answered the consultation's questions (they answer once)."""
    participant = participant_of(consultation=consultation, person=person)
    return participant is not None and participant.answers.exists()


@dataclass(frozen=True)
class ConsultationResponse:
    """ "You said, we did": the themes with their published comments' counts, and what changed
    from the consulted version to the adopted one, part by part."""

    themes: list[Theme]
    diffs: list[PartDiff]


def response_of(*, consultation: Consultation) -> ConsultationResponse:
    consulted = [(p.key, p.title, p.text) for p in consultation.parts.all()]
    adopted = [(p.key, p.title, p.text) for p in consultation.adopted_parts.all() if p.text]
    themes = consultation.themes.annotate(
        comment_count=Count("comments", filter=Q(comments__status=CommentStatus.PUBLISHED))
    )
    return ConsultationResponse(themes=list(themes), diffs=version_diff(consulted, adopted))


def response_parts_to_edit(*, consultation: Consultation) -> list[tuple[str, str, str]]:
    """The parts (key, title, text) the response form starts from: the adopted version saved
    so far, else the consulted version."""
    saved = [(p.key, p.title, p.text) for p in consultation.adopted_parts.all()]
    if saved:
        return saved
    return [(p.key, p.title, p.text) for p in consultation.parts.all()]
