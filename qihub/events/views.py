"""The event pages: upcoming and past events, an event with its Register button, registering,
a visitor's confirmation, cancelling, the ticket, "My events" and the calendar feed. Every form
works without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from qihub.core.permissions import person_for
from qihub.core.selectors import programme_name_for
from qihub.events.calendar import events_calendar
from qihub.events.errors import EventError
from qihub.events.forms import RegisterForm
from qihub.events.models import Event, Registration, RegistrationStatus
from qihub.events.permissions import (
    event_can_manage,
    event_can_view,
    event_in_audience,
    registration_can_cancel,
)
from qihub.events.selectors import (
    events_for_feed,
    events_past,
    events_upcoming,
    events_visible_to,
    registration_by_ticket,
    registration_live_of,
    registrations_of,
)
from qihub.events.services import (
    cancel_token_check,
    event_register,
    registration_cancel,
    visitor_confirm,
    visitor_confirm_check,
    waiting_position,
)
from qihub.events.tasks import ticket_qr_svg

ERROR_FIELDS = {"name": "name", "email": "email"}


def _event_for(request: HttpRequest, slug: str) -> Event:
    """The event, if the user may see it; else 404."""
    event = events_visible_to(user=request.user).filter(slug=slug).first()
    if event is None or not event_can_view(user=request.user, obj=event):
        raise Http404
    return event


def _registration_for(request: HttpRequest, pk: int) -> Registration:
    """The signed-in person's registration (or, for the QI team, anyone's); else 404."""
    registration = Registration.objects.select_related("event", "person").filter(pk=pk).first()
    if registration is None or not registration_can_cancel(user=request.user, obj=registration):
        raise Http404
    return registration


def _message(
    request: HttpRequest, title: str, lines: list[str], *, event: Event | None = None, status=200
) -> HttpResponse:
    return TemplateResponse(
        request,
        "events/message.html",
        {"title": title, "lines": lines, "event": event},
        status=status,
    )


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "events/list.html",
        {"events": events_upcoming(user=request.user), "past": False},
    )


@require_GET
def event_list_past(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "events/list.html",
        {"events": events_past(user=request.user)[:200], "past": True},
    )


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)
    registration = registration_live_of(event=event, user=request.user)
    return TemplateResponse(
        request,
        "events/detail.html",
        {
            "event": event,
            "registration": registration,
            "position": waiting_position(registration=registration) if registration else None,
            "in_audience": event_in_audience(user=request.user, obj=event),
            "may_manage": event_can_manage(user=request.user, obj=event),
        },
    )


@require_http_methods(["GET", "POST"])
def event_register_view(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the form (a button, or name and email for a visitor); POST: register."""
    event = _event_for(request, slug)
    visitor = person_for(request.user) is None and not request.user.is_authenticated
    existing = registration_live_of(event=event, user=request.user)
    if existing is not None:
        return redirect("events:detail", event.slug)
    status = 200
    full = False
    if request.method == "POST":
        form = RegisterForm(request.POST, visitor=visitor)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = event_register(
                    event=event,
                    user=request.user,
                    name=data.get("name") or "",
                    email=data.get("email") or "",
                    waiting_list=data["waiting_list"],
                )
            except EventError as error:
                form.add_error(ERROR_FIELDS.get(error.code), error.message)
                full = error.code == "full"
            else:
                return _registered(request, event, registration, visitor=visitor)
        status = 400 if not full else 200
    else:
        form = RegisterForm(visitor=visitor)
    if full:
        # Offer the waiting list: the same form, asking for it this time.
        data = request.POST.copy()
        data["waiting_list"] = "True"
        form = RegisterForm(initial=data.dict(), visitor=visitor)
    return TemplateResponse(
        request,
        "events/register.html",
        {
            "event": event,
            "form": form,
            "visitor": visitor,
            "full": full or event.places_left == 0,
            "in_audience": event_in_audience(user=request.user, obj=event),
        },
        status=status,
    )


def _registered(
    request: HttpRequest, event: Event, registration: Registration, *, visitor: bool
) -> HttpResponse:
    if visitor:
        return _message(
            request,
            "Check your email",
            [
                "We have emailed you a link. Open it within 7 days to confirm your address: your "
                "place is held once you do.",
                "If this address is registered already, the email has its details again.",
            ],
            event=event,
        )
    if registration.status == RegistrationStatus.WAITING:
        messages.success(
            request,
            "You are on the waiting list. If a place comes free it is yours, and we will email "
            "you.",
        )
    else:
        messages.success(request, "You have a place. We have emailed you your ticket.")
    return redirect("events:detail", event.slug)


def _link_refused(request: HttpRequest, error: EventError) -> HttpResponse:
    return _message(request, "This link does not work", [error.message], status=400)


@require_http_methods(["GET", "POST"])
def visitor_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (so that a mail scanner following the link confirms nothing); POST confirms."""
    try:
        if request.method == "GET":
            registration = visitor_confirm_check(token=token)
            return TemplateResponse(
                request, "events/confirm.html", {"event": registration.event, "token": token}
            )
        registration = visitor_confirm(token=token)
    except EventError as error:
        return _link_refused(request, error)
    return redirect("events:ticket", registration.ticket_code)


@require_http_methods(["GET", "POST"])
def cancel_view(request: HttpRequest, token: str) -> HttpResponse:
    """The email's cancel link: GET asks, POST cancels (the signed link is the proof)."""
    try:
        registration = cancel_token_check(token=token)
        if request.method == "POST":
            registration = registration_cancel(registration=registration)
            return _cancelled(request, registration)
    except EventError as error:
        return _link_refused(request, error)
    return TemplateResponse(
        request, "events/cancel.html", {"registration": registration, "event": registration.event}
    )


def _cancelled(request: HttpRequest, registration: Registration) -> HttpResponse:
    return _message(
        request,
        "Your registration is cancelled",
        ["Thank you for letting us know: if someone is waiting, your place is now theirs."],
        event=registration.event,
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel from "My events": GET asks, POST cancels."""
    registration = _registration_for(request, pk)
    if request.method == "POST":
        try:
            registration = registration_cancel(registration=registration, user=request.user)
        except EventError as error:
            messages.error(request, error.message)
            return redirect("events:mine")
        return _cancelled(request, registration)
    return TemplateResponse(
        request, "events/cancel.html", {"registration": registration, "event": registration.event}
    )


@require_GET
def ticket(request: HttpRequest, code: str) -> HttpResponse:
    """The ticket, for a phone at the door: its QR code and code. The code is the proof: whoever
    has the link from the email sees it."""
    registration = registration_by_ticket(code=code)
    if registration is None:
        raise Http404
    has_place = registration.status == RegistrationStatus.CONFIRMED
    response = TemplateResponse(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "event": registration.event,
            "qr": ticket_qr_svg(registration.ticket_code) if has_place else "",
            "position": waiting_position(registration=registration),
        },
    )
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def my_events(request: HttpRequest) -> HttpResponse:
    registrations = list(registrations_of(user=request.user))
    for registration in registrations:
        registration.position = waiting_position(registration=registration)  # type: ignore[attr-defined]
    return TemplateResponse(
        request,
        "events/mine.html",
        {"registrations": registrations, "has_person": person_for(request.user) is not None},
    )


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """The upcoming events, for calendar programs to subscribe to."""
    name = f"{programme_name_for(request=request)}: events"
    return HttpResponse(
        events_calendar(events_for_feed(), name=name), content_type="text/calendar; charset=utf-8"
    )
