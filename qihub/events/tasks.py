"""Background tasks, run by the worker (`qihub worker`) after the change that asks commits: the
emails a registration sends (confirm your address, your ticket, you are on the waiting list, you
have been given a place, your registration is cancelled)."""

import io
from email.mime.image import MIMEImage

import segno
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from qihub.events.calendar import event_absolute_url, events_calendar
from qihub.events.models import Registration

SUBJECTS = {
    "confirm_address": "Confirm your registration: {title}",
    "ticket": "Your ticket: {title}",
    "waiting": "You are on the waiting list: {title}",
    "promoted": "A place for you: {title}",
    "cancelled": "Registration cancelled: {title}",
}
WITH_TICKET = {"ticket", "promoted"}
QR_CONTENT_ID = "ticket-qr"


def _absolute(name: str, *args: object) -> str:
    return settings.WAGTAILADMIN_BASE_URL + reverse(name, args=args)


def ticket_qr_png(code: str) -> bytes:
    """The ticket's QR code, as the email's image (the ticket page draws the same as SVG)."""
    out = io.BytesIO()
    segno.make(code, error="m").save(out, kind="png", scale=8, border=4)
    return out.getvalue()


def ticket_qr_svg(code: str) -> str:
    """The ticket's QR code as inline SVG, for the ticket page on a phone."""
    return segno.make(code, error="m").svg_inline(
        scale=8, border=4, title=f"QR code of ticket {code}"
    )


@task()
def registration_email(registration_id: int, what: str) -> int:
    """Send the registration one of its emails (`what`: a key of SUBJECTS); return emails sent."""
    # Imported here: the services import this module to enqueue this task.
    from qihub.events.services.registration import cancel_token, visitor_confirm_token

    registration = (
        Registration.objects.select_related("event", "person__user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or what not in SUBJECTS or not registration.address:
        return 0
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "event_url": event_absolute_url(event),
        "ticket_url": _absolute("events:ticket", registration.ticket_code),
        "cancel_url": _absolute("events:cancel", cancel_token(registration)),
        "confirm_url": _absolute("events:confirm", visitor_confirm_token(registration)),
        "with_ticket": what in WITH_TICKET,
        "qr_content_id": QR_CONTENT_ID,
    }
    message = EmailMultiAlternatives(
        SUBJECTS[what].format(title=event.title),
        render_to_string(f"events/email/{what}.txt", context),
        None,
        [registration.address],
    )
    if what in WITH_TICKET:
        message.attach_alternative(
            render_to_string("events/email/ticket.html", context), "text/html"
        )
        image = MIMEImage(ticket_qr_png(registration.ticket_code), "png")
        image.add_header("Content-ID", f"<{QR_CONTENT_ID}>")
        image.add_header("Content-Disposition", "inline", filename="ticket.png")
        message.attach(image)
        message.attach(
            f"{event.slug}.ics",
            events_calendar([event], name=event.title),
            "text/calendar; method=PUBLISH",
        )
    return message.send()
