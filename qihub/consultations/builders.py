"""Consultations built by code, for the demo and the benchmark: through the same services the QI
team and participants use, or, for the benchmark's tens of thousands of comments, in bulk."""

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from qihub.consultations.models import (
    Answer,
    Audience,
    Comment,
    CommentStatus,
    Consultation,
    Participant,
    Question,
    QuestionKind,
    Theme,
)
from qihub.consultations.services import consultation_publish
from qihub.core.models import Person, PersonKind


@dataclass
class SignedInAs:
    """A person as if signed in, for building through the services without an account each
    (the demo's thousands of staff have none)."""

    person: Person
    is_authenticated: bool = True
    is_active: bool = True
    pk: None = None

    def __post_init__(self) -> None:
        self._qihub_person = self.person


STANDARD_QUESTIONS = [
    ("How much do you agree with the draft?", QuestionKind.AGREEMENT, ""),
    (
        "Which part matters most to you?",
        QuestionKind.CHOICE,
        "Safer care\nThe right care in the right place\nImproving together",
    ),
    ("What is missing from it?", QuestionKind.FREE_TEXT, ""),
]


def consultation_build(
    *,
    draft_key: str,
    title: str,
    slug: str,
    summary: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    actor: Any,
    **flags: Any,
) -> Consultation:
    """Create a consultation with the standard questions and publish it (copying its draft)."""
    with transaction.atomic():
        consultation = Consultation.objects.create(
            draft_key=draft_key,
            title=title,
            slug=slug,
            summary=summary,
            opens_at=opens_at,
            closes_at=closes_at,
            **flags,
        )
        Question.objects.bulk_create(
            Question(consultation=consultation, sort_order=n, text=text, kind=kind, choices=choices)
            for n, (text, kind, choices) in enumerate(STANDARD_QUESTIONS)
        )
        return consultation_publish(consultation=consultation, user=actor)


def comments_bulk_build(
    *, consultation: Consultation, comments: int, rng: random.Random, themes: list[str]
) -> None:
    """`comments` comments, one a participant, from active staff (round the directorates) and
    then visitors (confirmed), with answers, published and tagged by theme; in bulk, in batches."""
    theme_rows = Theme.objects.bulk_create(
        Theme(consultation=consultation, name=name) for name in themes
    )
    parts = [*consultation.parts.all(), None]
    questions = list(consultation.questions.all())
    staff = list(
        Person.objects.filter(kind=PersonKind.STAFF, is_active=True)
        .select_related("team__service")
        .order_by("pk")[:comments]
    )
    now = timezone.now()
    batch = 2000
    for start in range(0, comments, batch):
        size = min(batch, comments - start)
        participants = []
        for index in range(start, start + size):
            if index < len(staff):
                person = staff[index]
                participants.append(
                    Participant(
                        consultation=consultation,
                        person=person,
                        audience=Audience.STAFF,
                        kind=PersonKind.STAFF,
                        directorate_id=person.team.service.directorate_id if person.team else None,
                        level_id=person.level_id,
                        confirmed_at=now,
                    )
                )
            else:
                kind = rng.choice([k for k in PersonKind if k != PersonKind.STAFF])
                participants.append(
                    Participant(
                        consultation=consultation,
                        email=f"visitor{index}@bench.example",
                        audience=Audience.VISITOR,
                        kind=kind,
                        confirmed_at=now,
                    )
                )
        Participant.objects.bulk_create(participants)
        Answer.objects.bulk_create(
            Answer(
                participant=participant,
                question=question,
                agreement=rng.randint(1, 5) if question.kind == QuestionKind.AGREEMENT else None,
                choice=rng.choice(question.choice_list)
                if question.kind == QuestionKind.CHOICE
                else "",
                text="More about staffing." if question.kind == QuestionKind.FREE_TEXT else "",
            )
            for participant in participants
            for question in questions
        )
        made = Comment.objects.bulk_create(
            Comment(
                consultation=consultation,
                participant=participant,
                part=rng.choice(parts),
                text=f"Comment {participant.pk}: {rng.choice(themes)} matters to us.",
                status=CommentStatus.PUBLISHED,
            )
            for participant in participants
        )
        Comment.themes.through.objects.bulk_create(
            Comment.themes.through(comment_id=comment.pk, theme_id=rng.choice(theme_rows).pk)
            for comment in made
        )
