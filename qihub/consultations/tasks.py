"""Background tasks, run by the worker (`qihub worker`) after the change that asks commits: a
visitor's confirmation email, staff invitations when a consultation opens, and telling people
who took part that the response is published. The batches are in `services.notices`."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from qihub.consultations.models import Participant
from qihub.consultations.urls_absolute import absolute_url


@task()
def visitor_confirmation_email(participant_id: int) -> int:
    """Email a visitor the link that confirms their address; return emails sent."""
    # Imported here: the services import this module to enqueue its tasks.
    from qihub.consultations.services.taking_part import (
        response_opt_out_token,
        visitor_confirm_token,
    )

    participant = (
        Participant.objects.select_related("consultation").filter(pk=participant_id).first()
    )
    if participant is None or not participant.email:
        return 0
    consultation = participant.consultation
    body = render_to_string(
        "consultations/email/confirm.txt",
        {
            "consultation": consultation,
            "link": absolute_url("consultations:confirm", visitor_confirm_token(participant)),
            "opt_out": absolute_url("consultations:opt_out", response_opt_out_token(participant)),
        },
    )
    subject = f"Confirm your comment: {consultation.title}"
    return send_mail(subject, body, None, [participant.email])


@task()
def invitations_send(consultation_id: int) -> int:
    """Invite the next batch of the consultation's staff; return how many were emailed."""
    from qihub.consultations.services.notices import invitations_send_batch

    return invitations_send_batch(consultation_id=consultation_id)


@task()
def response_notices_send(consultation_id: int) -> int:
    """Tell the next batch of participants the response is published; return how many."""
    from qihub.consultations.services.notices import response_notices_send_batch

    return response_notices_send_batch(consultation_id=consultation_id)
