"""The QI team's analysis of a consultation: who has been heard (by audience, kind, directorate
and staff level, with each directorate's response rate against its head count), the agreement
and choice questions counted, and the comments by part, theme and status. Every figure is one
aggregate query, so the page stays fast at tens of thousands of comments."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from qihub.consultations.models import (
    AGREEMENT_LABELS,
    Answer,
    Audience,
    Comment,
    CommentStatus,
    Consultation,
    Participant,
    QuestionKind,
    Theme,
)
from qihub.consultations.selectors.public import public_attribution
from qihub.core.models import Directorate, Person, PersonKind, StaffLevel


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    percent: float | None = None


@dataclass(frozen=True)
class DirectorateRow:
    name: str
    responses: int
    head_count: int

    @property
    def rate(self) -> float | None:
        return 100 * self.responses / self.head_count if self.head_count else None


@dataclass
class QuestionSummary:
    text: str
    kind: str
    answered: int
    rows: list[Row] = field(default_factory=list)


@dataclass
class Analysis:
    participants: int
    comments: int
    by_audience: list[Row]
    by_kind: list[Row]
    by_directorate: list[DirectorateRow]
    by_level: list[Row]
    questions: list[QuestionSummary]
    comments_by_status: list[Row]
    comments_by_part: list[Row]
    comments_by_theme: list[Row]


def _percent(count: int, total: int) -> float | None:
    return 100 * count / total if total else None


def counted_participants(consultation: Consultation) -> QuerySet[Participant]:
    """Who counts as heard: everyone with an account, and visitors once confirmed."""
    return Participant.objects.filter(consultation=consultation, confirmed_at__isnull=False)


def _counts(queryset: QuerySet, column: str) -> dict[Any, int]:
    return dict(queryset.values_list(column).annotate(n=Count("pk")).values_list(column, "n"))


def analysis_for(*, consultation: Consultation) -> Analysis:
    # Who took part, in one grouped scan: by audience, kind, directorate and level at once.
    groups = (
        counted_participants(consultation)
        .values_list("audience", "kind", "directorate", "level")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("audience", "kind", "directorate", "level", "n")
    )
    by_audience: dict[Any, int] = {}
    by_kind: dict[Any, int] = {}
    by_directorate: dict[Any, int] = {}
    by_level: dict[Any, int] = {}
    for audience, kind, directorate, level, n in groups:
        by_audience[audience] = by_audience.get(audience, 0) + n
        by_kind[kind] = by_kind.get(kind, 0) + n
        if audience == Audience.STAFF:
            by_directorate[directorate] = by_directorate.get(directorate, 0) + n
            by_level[level] = by_level.get(level, 0) + n
    total = sum(by_audience.values())
    # Head counts from the roster: active staff in each directorate now.
    head_counts = dict(
        Person.objects.filter(kind=PersonKind.STAFF, is_active=True)
        .values_list("team__service__directorate")
        .annotate(n=Count("pk"))
        .values_list("team__service__directorate", "n")
    )
    directorates = [
        DirectorateRow(d.name, by_directorate.get(d.pk, 0), head_counts.get(d.pk, 0))
        for d in Directorate.objects.all()
    ]
    if by_directorate.get(None):
        directorates.append(DirectorateRow("Not in a directorate", by_directorate[None], 0))
    staff_total = sum(by_level.values())
    levels = [
        Row(level.name, by_level.get(level.pk, 0), _percent(by_level.get(level.pk, 0), staff_total))
        for level in StaffLevel.objects.all()
    ]
    comments = Comment.objects.filter(consultation=consultation)
    status_counts: dict[str, int] = {}
    part_counts: dict[int | None, int] = {}
    heard = {CommentStatus.PUBLISHED, CommentStatus.HELD}
    for part, status, n in (
        comments.values_list("part", "status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("part", "status", "n")
    ):
        status_counts[status] = status_counts.get(status, 0) + n
        if status in heard:
            part_counts[part] = part_counts.get(part, 0) + n
    theme_counts = dict(
        Theme.objects.filter(consultation=consultation)
        .order_by()
        .annotate(n=Count("comments", filter=~Q(comments__status=CommentStatus.SPAM)))
        .values_list("name", "n")
    )
    return Analysis(
        participants=total,
        comments=sum(part_counts.values()),
        by_audience=[
            Row(
                str(a.label),
                by_audience.get(a.value, 0),
                _percent(by_audience.get(a.value, 0), total),
            )
            for a in Audience
        ],
        by_kind=[
            Row(str(k.label), by_kind.get(k.value, 0), _percent(by_kind.get(k.value, 0), total))
            for k in PersonKind
        ],
        by_directorate=directorates,
        by_level=levels,
        questions=list(_question_summaries(consultation)),
        comments_by_status=[
            Row(str(s.label), status_counts.get(s.value, 0)) for s in CommentStatus
        ],
        comments_by_part=[Row("The whole draft", part_counts.get(None, 0))]
        + [Row(part.title, part_counts.get(part.pk, 0)) for part in consultation.parts.all()],
        comments_by_theme=[Row(name, n) for name, n in sorted(theme_counts.items())],
    )


def _question_summaries(consultation: Consultation) -> Iterator[QuestionSummary]:
    """Every question's answers counted in one grouped scan of the answers."""
    questions = list(consultation.questions.all())
    counts: dict[tuple[int, int | None, str], int] = {
        (question, agreement, choice): n
        for question, agreement, choice, n in Answer.objects.filter(
            question_id__in=[q.pk for q in questions], participant__confirmed_at__isnull=False
        )
        .values_list("question", "agreement", "choice")
        .annotate(n=Count("pk"))
        .values_list("question", "agreement", "choice", "n")
    }
    answered: dict[int, int] = {}
    agreement: dict[tuple[int, int | None], int] = {}
    choice: dict[tuple[int, str], int] = {}
    for (question_id, value, option), n in counts.items():
        answered[question_id] = answered.get(question_id, 0) + n
        agreement[question_id, value] = agreement.get((question_id, value), 0) + n
        choice[question_id, option] = choice.get((question_id, option), 0) + n
    for question in questions:
        total = answered.get(question.pk, 0)
        summary = QuestionSummary(question.text, question.kind, total)
        if question.kind == QuestionKind.AGREEMENT:
            summary.rows = [
                Row(
                    f"{value} – {label}",
                    agreement.get((question.pk, value), 0),
                    _percent(agreement.get((question.pk, value), 0), total),
                )
                for value, label in AGREEMENT_LABELS.items()
            ]
        elif question.kind == QuestionKind.CHOICE:
            summary.rows = [
                Row(
                    option,
                    choice.get((question.pk, option), 0),
                    _percent(choice.get((question.pk, option), 0), total),
                )
                for option in question.choice_list
            ]
        yield summary


def comments_for_moderators(
    *, consultation: Consultation, status: str = "", theme_id: int | None = None
) -> QuerySet[Comment]:
    """Comments with who wrote them, for the QI team (held first, oldest first)."""
    comments = Comment.objects.filter(consultation=consultation)
    if status:
        comments = comments.filter(status=status)
    if theme_id:
        comments = comments.filter(themes__pk=theme_id)
    return (
        comments.select_related(
            "participant__person", "participant__directorate", "participant__level", "part"
        )
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )


def comments_held_count(*, consultation: Consultation) -> int:
    """How many comments wait for a moderator."""
    return Comment.objects.filter(consultation=consultation, status=CommentStatus.HELD).count()


def attribution_for_team(participant: Participant) -> str:
    """Who wrote a comment, for the QI team: the person's name, or a visitor's address."""
    shown = public_attribution(participant)
    if participant.person is not None:
        return f"{participant.person.full_name} ({shown})"
    return f"{participant.email} ({shown}, no account)"


EXPORT_HEADER = [
    "Comment",
    "Written",
    "Status",
    "Part",
    "Audience",
    "Kind",
    "Directorate",
    "Staff level",
    "Written by",
    "Shown publicly as",
    "Themes",
    "Comment text",
    "Reason rejected",
]


def export_rows(*, consultation: Consultation) -> Iterator[list[int | str]]:
    """Every comment, one row each, for the QI team's spreadsheet."""
    comments = comments_for_moderators(consultation=consultation)
    for comment in comments.iterator(chunk_size=2000):
        participant = comment.participant
        yield [
            comment.pk,
            comment.created_at.isoformat(timespec="minutes"),
            comment.get_status_display(),
            comment.part.title if comment.part else "The whole draft",
            participant.get_audience_display(),
            participant.get_kind_display(),
            participant.directorate.name if participant.directorate else "",
            participant.level.name if participant.level else "",
            participant.person.full_name if participant.person else participant.email,
            public_attribution(participant),
            "; ".join(theme.name for theme in comment.themes.all()),
            comment.text,
            comment.reject_reason,
        ]
