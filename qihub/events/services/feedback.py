"""Feedback after an event: the form sent to each attendee, once, by the worker a set time after
the end, and the feedback they give through its signed link (no account needed), once."""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends

from qihub.core.audit import audit_log
from qihub.events.errors import EventError
from qihub.events.models import Event, EventEngagementKind, Registration, RegistrationStatus
from qihub.events.models_checkin import (
    FEEDBACK_TEXT_MAX,
    RATING_MAX,
    RATING_MIN,
    Feedback,
    FeedbackInvitation,
)
from qihub.events.services.registration import _record
from qihub.events.tasks_feedback import feedback_invitations_send

logger = logging.getLogger(__name__)

FEEDBACK_AFTER = datetime.timedelta(hours=2)
FEEDBACK_SALT = "qihub.events.feedback"
FEEDBACK_MAX_AGE = 60 * 24 * 3600


def feedback_due_at(event: Event) -> datetime.datetime:
    """When the event's attendees are sent the feedback form."""
    return event.ends_at + FEEDBACK_AFTER


def feedback_invitations_schedule(*, event: Event) -> None:
    """Ask the worker to send the event's feedback forms when they are due (a backend that cannot
    wait, such as the immediate one, sends nothing: there is nobody to send to yet)."""
    if task_backends["default"].supports_defer:
        feedback_invitations_send.using(run_after=feedback_due_at(event)).enqueue(event.pk)


def feedback_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=FEEDBACK_SALT)


def feedback_invitations_send_now(*, event_id: int) -> int:
    """Send the form to each attendee with an address not yet sent it, each in a transaction of
    its own (so a failure leaves the others sent and that one to send again); if the event was
    moved later, wait for its new end instead."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    if timezone.now() < feedback_due_at(event):
        feedback_invitations_schedule(event=event)
        return 0
    attendees = (
        Registration.objects.filter(
            event=event, status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False
        )
        .filter(feedback_invitation__isnull=True, feedback__isnull=True)
        .select_related("person__user")
        .order_by("pk")
    )
    sent = 0
    for registration in attendees:
        address = registration.address
        if not address:
            continue
        try:
            with transaction.atomic():
                FeedbackInvitation.objects.create(registration=registration)
                link = settings.WAGTAILADMIN_BASE_URL + reverse(
                    "events:feedback", args=[feedback_token(registration)]
                )
                body = render_to_string(
                    "events/feedback/email.txt",
                    {"registration": registration, "event": event, "link": link},
                )
                sent += EmailMessage(f"How was it? {event.title}", body, None, [address]).send()
        except IntegrityError:
            continue  # another worker sent this one
    logger.info("event %s: %s feedback forms sent", event.pk, sent)
    return sent


def feedback_token_check(*, token: str) -> Registration:
    """The attendee's registration a feedback link is for, or an EventError."""
    try:
        pk = int(signing.loads(token, salt=FEEDBACK_SALT, max_age=FEEDBACK_MAX_AGE))
    except signing.BadSignature:
        raise EventError(
            "This feedback link is not valid, or is more than 60 days old.", code="bad_token"
        ) from None
    registration = Registration.objects.select_related("event", "person").filter(pk=pk).first()
    if registration is None or registration.checked_in_at is None:
        raise EventError("This feedback link is not valid.", code="bad_token")
    if Feedback.objects.filter(registration=registration).exists():
        raise EventError(
            "You have given your feedback on this event already: thank you.", code="already"
        )
    return registration


def _rating(rating: str | int | None) -> int:
    try:
        value = int(rating) if rating not in (None, "") else None
    except (TypeError, ValueError):
        value = None
    if value is None or not RATING_MIN <= value <= RATING_MAX:
        raise EventError(
            f"Choose a rating from {RATING_MIN} (poor) to {RATING_MAX} (excellent).",
            code="rating",
        )
    return value


def _text(text: str, what: str) -> str:
    text = text.strip()
    if len(text) > FEEDBACK_TEXT_MAX:
        raise EventError(
            f"“{what}” is {len(text)} characters long: shorten it to {FEEDBACK_TEXT_MAX} or fewer.",
            code="text",
        )
    return text


def feedback_give(
    *, token: str, rating: str | int | None, went_well: str = "", could_be_better: str = ""
) -> Feedback:
    """An attendee gives their feedback, once; it goes in the ledger as "gave feedback"."""
    registration = feedback_token_check(token=token)
    value = _rating(rating)
    went_well = _text(went_well, "What went well")
    could_be_better = _text(could_be_better, "What could be better")
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                registration=registration,
                rating=value,
                went_well=went_well,
                could_be_better=could_be_better,
            )
            _record(registration, EventEngagementKind.GAVE_FEEDBACK)
            audit_log(
                action="qihub.events.feedback.give",
                instance=registration.event,
                data={"registration": registration.pk, "rating": value},
            )
    except IntegrityError:
        raise EventError(
            "You have given your feedback on this event already: thank you.", code="already"
        ) from None
    return feedback
