"""The drafts a consultation can be on: those the apps offer (`CONSULTABLE_DRAFTS`, such as the
programme's mission and aims), and consultations' own documents written in the back office."""

from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from qihub.consultations.models import DraftDocument
from qihub.core.audit import audit_log
from qihub.core.extensions import ConsultableDraft, DraftPart, consultable_drafts

DOCUMENT_KEY = "consultations.document:"


def document_draft_key(document: DraftDocument) -> str:
    return f"{DOCUMENT_KEY}{document.pk}"


def _document_parts(document_id: int) -> list[DraftPart]:
    document = DraftDocument.objects.get(pk=document_id)
    return [
        DraftPart(key=f"paragraph:{number}", title=f"Paragraph {number}", text=text)
        for number, text in enumerate(document.paragraphs, start=1)
    ]


def _document_adopt(document_id: int, *, parts: list[DraftPart], actor: Any) -> None:
    """Publish the adopted paragraphs as the document's next version."""
    with transaction.atomic():
        document = DraftDocument.objects.select_for_update().get(pk=document_id)
        document.body = "\n\n".join(part.text for part in parts if part.text.strip())
        document.version += 1
        document.adopted_at = timezone.now()
        document.save(update_fields=["body", "version", "adopted_at"])
        audit_log(
            action="qihub.consultations.document.adopt",
            instance=document,
            user=actor,
            data={"version": document.version},
        )


def document_drafts() -> list[ConsultableDraft]:
    """Every document written in the back office, as a draft to consult on (the app's own
    `CONSULTABLE_DRAFTS` contribution)."""
    return [
        ConsultableDraft(
            key=document_draft_key(document),
            label=f"Document: {document.title}",
            parts=partial(_document_parts, document.pk),
            adopt=partial(_document_adopt, document.pk),
        )
        for document in DraftDocument.objects.all()
    ]


def draft_for(key: str) -> ConsultableDraft | None:
    """The draft with this key, from whichever app offers it, or None if none does now."""
    return consultable_drafts().get(key)


def draft_choices() -> list[tuple[str, str]]:
    return [(key, draft.label) for key, draft in consultable_drafts().items()]


def draft_parts_now(*, consultation: Any) -> list[DraftPart]:
    """The consultation's draft as it stands now (none if no app offers it any longer)."""
    draft = draft_for(consultation.draft_key)
    return draft.parts() if draft is not None else []
