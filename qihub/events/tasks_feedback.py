"""Background work for feedback: the form emailed to an event's attendees once it is over."""

from django_tasks import task


@task()
def feedback_invitations_send(event_id: int) -> int:
    """Email the feedback form to the event's attendees not yet sent it; return emails sent."""
    # Imported here: the services import this module to enqueue this task.
    from qihub.events.services.feedback import feedback_invitations_send_now

    return feedback_invitations_send_now(event_id=event_id)
