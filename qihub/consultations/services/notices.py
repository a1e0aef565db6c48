"""Emails to many people, each at most once: staff in the audience invited when a consultation
opens, and participants told when its response is published (unless they opted out).

As competitions' notices do: the worker sends in batches, one task a batch, each queueing the
next; each batch first claims its people in a table whose unique constraint lets no one be
claimed twice, then emails those it claimed. If the mail server fails part-way, the people not
yet reached are released and the task fails, for the batch to be run again.
"""

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.core.mail import EmailMessage, get_connection
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task_backends

from qihub.consultations.models import (
    Consultation,
    ConsultationStatus,
    InvitationSent,
    Participant,
    ResponseNoticeSent,
)
from qihub.consultations.tasks import invitations_send, response_notices_send
from qihub.consultations.urls_absolute import absolute_url
from qihub.core.models import Person, PersonKind

BATCH = 500


def _send(
    messages: Sequence[tuple[Any, EmailMessage]], release: Callable[[list[Any]], object]
) -> int:
    sent = 0
    with get_connection() as connection:
        for index, (_, message) in enumerate(messages):
            try:
                sent += connection.send_messages([message]) or 0
            except Exception:
                release([key for key, _ in messages[index:]])
                raise
    return sent


def _staff_to_invite(consultation: Consultation) -> QuerySet[Person]:
    return (
        Person.objects.filter(kind=PersonKind.STAFF, is_active=True)
        .exclude(email="")
        .exclude(pk__in=InvitationSent.objects.filter(consultation=consultation).values("person"))
    )


def invitations_send_batch(*, consultation_id: int) -> int:
    """Invite the next batch of staff, if the consultation is for staff, asks for invitations
    and is open; queue the next batch if there may be more."""
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None or not (consultation.for_staff and consultation.invite_staff):
        return 0
    if not consultation.has_opened and task_backends["default"].supports_defer:
        invitations_send.using(run_after=consultation.opens_at).enqueue(consultation.pk)
        return 0
    if not consultation.is_open:
        return 0
    waiting = list(
        _staff_to_invite(consultation).order_by("pk").values_list("pk", flat=True)[:BATCH]
    )
    batch = uuid.uuid4()
    InvitationSent.objects.bulk_create(
        [InvitationSent(consultation=consultation, person_id=pk, batch=batch) for pk in waiting],
        ignore_conflicts=True,
    )
    people = Person.objects.filter(
        pk__in=InvitationSent.objects.filter(batch=batch).values("person")
    ).order_by("pk")
    link = absolute_url("consultations:detail", consultation.slug)
    closes = timezone.localtime(consultation.closes_at)
    messages = [
        (
            person.pk,
            EmailMessage(
                f"Have your say: {consultation.title}",
                render_to_string(
                    "consultations/email/invitation.txt",
                    {
                        "consultation": consultation,
                        "person": person,
                        "link": link,
                        "closes": closes,
                    },
                ),
                None,
                [person.email],
            ),
        )
        for person in people
    ]
    sent = _send(
        messages,
        lambda unsent: InvitationSent.objects.filter(
            consultation=consultation, person_id__in=unsent
        ).delete(),
    )
    if len(waiting) == BATCH:
        invitations_send.enqueue(consultation.pk)
    return sent


def _address(participant: Participant) -> str:
    if participant.person_id is not None:
        return participant.person.email if participant.person else ""
    return participant.email if participant.is_confirmed else ""


def response_notices_send_batch(*, consultation_id: int) -> int:
    """Tell the next batch of participants the response is published; queue the next."""
    from qihub.consultations.services.taking_part import response_opt_out_token

    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None or consultation.status != ConsultationStatus.RESPONDED:
        return 0
    waiting = list(
        Participant.objects.filter(
            consultation=consultation, notify_on_response=True, confirmed_at__isnull=False
        )
        .exclude(response_notice__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    batch = uuid.uuid4()
    ResponseNoticeSent.objects.bulk_create(
        [ResponseNoticeSent(participant_id=pk, batch=batch) for pk in waiting],
        ignore_conflicts=True,
    )
    participants = (
        Participant.objects.filter(response_notice__batch=batch)
        .select_related("person")
        .order_by("pk")
    )
    link = absolute_url("consultations:response", consultation.slug)
    messages: list[tuple[Any, EmailMessage]] = []
    for participant in participants:
        address = _address(participant)
        if not address:
            continue
        opt_out = absolute_url("consultations:opt_out", response_opt_out_token(participant))
        message = EmailMessage(
            f"You said, we did: {consultation.title}",
            render_to_string(
                "consultations/email/response.txt",
                {"consultation": consultation, "link": link, "opt_out": opt_out},
            ),
            None,
            [address],
            headers={
                "List-Unsubscribe": f"<{opt_out}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        messages.append((participant.pk, message))
    sent = _send(
        messages,
        lambda unsent: ResponseNoticeSent.objects.filter(participant_id__in=unsent).delete(),
    )
    if len(waiting) == BATCH:
        response_notices_send.enqueue(consultation.pk)
    return sent
