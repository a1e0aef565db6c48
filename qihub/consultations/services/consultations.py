"""The QI team's part: publishing a consultation (the draft's parts are copied as the consulted
version), then, once it has closed, its response ("You said, we did") and the adopted version,
handed back to the draft's owner to publish."""

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from qihub.consultations.drafts import draft_for
from qihub.consultations.errors import ConsultationError
from qihub.consultations.models import (
    AdoptedPart,
    Consultation,
    ConsultationPart,
    ConsultationStatus,
    Theme,
)
from qihub.consultations.permissions import consultation_can_manage
from qihub.consultations.tasks import invitations_send, response_notices_send
from qihub.core.audit import audit_log
from qihub.core.extensions import DraftPart


def _check_manager(user: Any, consultation: Consultation) -> None:
    if not consultation_can_manage(user=user, obj=consultation):
        raise ConsultationError("Only the QI team runs consultations.", code="not_allowed")


def consultation_publish(*, consultation: Consultation, user: Any) -> Consultation:
    """Publish a draft consultation: it is public from now on, takes part from its opening date,
    and its draft's parts as they stand now are the version consulted on."""
    _check_manager(user, consultation)
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.status != ConsultationStatus.DRAFT:
            raise ConsultationError("This consultation is published already.", code="state")
        if locked.closes_at <= timezone.now():
            raise ConsultationError(
                "Its closing date has passed: move it later before publishing.", code="dates"
            )
        draft = draft_for(locked.draft_key)
        if draft is None:
            raise ConsultationError(
                "The draft it is on is no longer offered: choose another draft.", code="draft"
            )
        parts = draft.parts()
        if not parts:
            raise ConsultationError(
                "The draft is empty: write it before consulting on it.", code="draft"
            )
        ConsultationPart.objects.bulk_create(
            ConsultationPart(
                consultation=locked,
                position=position,
                key=part.key,
                title=part.title,
                text=part.text,
            )
            for position, part in enumerate(parts, start=1)
        )
        locked.status = ConsultationStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at"])
        audit_log(
            action="qihub.consultations.consultation.publish",
            instance=locked,
            user=user,
            data={"parts": len(parts), "draft": locked.draft_key},
        )
        if locked.invite_staff:
            # The task waits for the opening date itself (services.notices).
            transaction.on_commit(partial(invitations_send.enqueue, locked.pk))
    return locked


@dataclass(frozen=True)
class ResponseDraft:
    """What the QI team writes to close a consultation."""

    summary: str
    we_did: dict[int, str]  # theme id -> what changed
    adopted: list[DraftPart]


def response_save(
    *, consultation: Consultation, user: Any, response: ResponseDraft, publish: bool = False
) -> Consultation:
    """Save the response and the adopted version; with `publish`, publish them, and hand the
    adopted parts to the draft's `adopt`, in one transaction: if adopting fails, nothing is
    published. Only once the consultation has closed."""
    _check_manager(user, consultation)
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.status == ConsultationStatus.DRAFT:
            raise ConsultationError("Publish the consultation first.", code="state")
        if locked.status == ConsultationStatus.RESPONDED:
            raise ConsultationError("The response is published already.", code="state")
        if not locked.has_closed:
            raise ConsultationError(
                "The consultation is still open: respond once it has closed.", code="still_open"
            )
        summary = response.summary.strip()
        adopted = [part for part in response.adopted if part.text.strip()]
        if publish and not summary:
            raise ConsultationError(
                "Write what you heard and did before publishing.", code="summary"
            )
        if publish and not adopted:
            raise ConsultationError("The adopted version is empty.", code="adopted")
        locked.response_summary = summary
        themes = {theme.pk: theme for theme in locked.themes.all()}
        for theme_id, text in response.we_did.items():
            theme = themes.get(theme_id)
            if theme is None:
                raise ConsultationError("That theme is not this consultation's.", code="theme")
            theme.we_did = text.strip()
        Theme.objects.bulk_update(list(themes.values()), ["we_did"])
        AdoptedPart.objects.filter(consultation=locked).delete()
        AdoptedPart.objects.bulk_create(
            AdoptedPart(
                consultation=locked,
                position=position,
                key=part.key,
                title=part.title,
                text=part.text.strip(),
            )
            for position, part in enumerate(response.adopted, start=1)
        )
        fields = ["response_summary"]
        if publish:
            draft = draft_for(locked.draft_key)
            if draft is None:
                raise ConsultationError(
                    "The draft this consultation is on is no longer offered, so the adopted "
                    "version cannot be published.",
                    code="draft",
                )
            draft.adopt(parts=adopted, actor=user)
            locked.status = ConsultationStatus.RESPONDED
            locked.response_published_at = timezone.now()
            fields += ["status", "response_published_at"]
        locked.save(update_fields=fields)
        audit_log(
            action="qihub.consultations.response.publish"
            if publish
            else "qihub.consultations.response.save",
            instance=locked,
            user=user,
            data={"adopted_parts": len(adopted)},
        )
        if publish:
            transaction.on_commit(partial(response_notices_send.enqueue, locked.pk))
    return locked
