"""Consultations ready for tests: a document or a registered draft, published, open or closed."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.utils import timezone
from wagtail import hooks

from qihub.consultations import spam
from qihub.consultations.drafts import document_draft_key
from qihub.consultations.models import (
    Consultation,
    ConsultationPart,
    ConsultationStatus,
    DraftDocument,
    Question,
    QuestionKind,
)
from qihub.core import extensions
from qihub.core.extensions import ConsultableDraft, DraftPart

BODY = (
    "We will make care safer every year.\n\n"
    "We will give the right care in the right place at the right time.\n\n"
    "We will improve together with patients."
)


def consultation_make(
    *,
    status: str = ConsultationStatus.PUBLISHED,
    opens: datetime.timedelta = -datetime.timedelta(days=1),
    closes: datetime.timedelta = datetime.timedelta(days=7),
    questions: bool = True,
    **fields: Any,
) -> Consultation:
    """A consultation on a new document, opening and closing relative to now; published (its
    parts copied) unless `status` says otherwise."""
    now = timezone.now()
    document = DraftDocument.objects.create(
        title=f"Document {DraftDocument.objects.count() + 1}", body=BODY
    )
    number = Consultation.objects.count() + 1
    values = {
        "title": f"Our mission {number}",
        "slug": f"our-mission-{number}",
        "summary": "Tell us what you think of our draft mission.",
        "draft_key": document_draft_key(document),
        "opens_at": now + opens,
        "closes_at": now + closes,
        "for_staff": True,
        "for_public": True,
        "for_visitors": True,
        "status": status,
        "published_at": now if status != ConsultationStatus.DRAFT else None,
    }
    values.update(fields)
    if values["status"] == ConsultationStatus.RESPONDED:
        values.setdefault("response_published_at", now)
    consultation = Consultation.objects.create(**values)
    if status != ConsultationStatus.DRAFT:
        ConsultationPart.objects.bulk_create(
            ConsultationPart(
                consultation=consultation,
                position=n,
                key=f"paragraph:{n}",
                title=f"Paragraph {n}",
                text=text,
            )
            for n, text in enumerate(document.paragraphs, start=1)
        )
    if questions:
        Question.objects.create(
            consultation=consultation,
            sort_order=0,
            text="Do you agree with the mission?",
            kind=QuestionKind.AGREEMENT,
        )
        Question.objects.create(
            consultation=consultation,
            sort_order=1,
            text="Which aim matters most?",
            kind=QuestionKind.CHOICE,
            choices="Safety\nAccess\nTogether",
        )
        Question.objects.create(
            consultation=consultation,
            sort_order=2,
            text="What is missing?",
            kind=QuestionKind.FREE_TEXT,
        )
    return consultation


def started_long_ago() -> str:
    """A form's `started` field, as if drawn a minute ago (past the minimum time to fill it)."""
    return spam.form_started(at=timezone.now().timestamp() - 60)


class RecordedDraft:
    """A draft another app would offer (as the programme offers its aims), remembering what was
    adopted."""

    def __init__(self, key: str = "tests.aims") -> None:
        self.key = key
        self.parts = [
            DraftPart(key="aim:1", title="Reduce harm", text="Reduce harm by 30% every year."),
            DraftPart(key="aim:2", title="Right care", text="The right care in the right place."),
        ]
        self.adopted: list[list[DraftPart]] = []

    def adopt(self, *, parts: list[DraftPart], actor: Any) -> None:
        self.adopted.append(parts)

    def as_draft(self) -> ConsultableDraft:
        return ConsultableDraft(self.key, "The aims (test)", lambda: list(self.parts), self.adopt)


@contextmanager
def draft_registered(draft: RecordedDraft) -> Iterator[RecordedDraft]:
    with hooks.register_temporarily(extensions.CONSULTABLE_DRAFTS, lambda: [draft.as_draft()]):
        yield draft
