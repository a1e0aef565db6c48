"""The door: scan or type a ticket, find someone by name, add a walk-in; and the QI team's page
choosing who works it. Every form works without JavaScript; the scanner posts the same ticket
form and reads the answer as JSON."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qihub.core.models import Person
from qihub.core.permissions import is_qi_team
from qihub.events.errors import EventError
from qihub.events.forms_checkin import TicketForm, WalkInForm
from qihub.events.models import Event, Registration
from qihub.events.models_checkin import DoorStaff
from qihub.events.permissions import event_can_check_in, event_can_view
from qihub.events.permissions_checkin import event_can_choose_door_staff
from qihub.events.selectors import events_visible_to
from qihub.events.selectors_report import (
    door_counts,
    door_search,
    door_staff_of,
    roster_search,
)
from qihub.events.services.checkin import (
    door_check_in,
    door_check_in_registration,
    door_staff_add,
    door_staff_remove,
    walk_in_add,
)


def _event_visible(request: HttpRequest, slug: str) -> Event:
    event = events_visible_to(user=request.user).filter(slug=slug).first()
    if event is None or not event_can_view(user=request.user, obj=event):
        raise Http404
    return event


def _door_event_for(request: HttpRequest, slug: str) -> Event:
    """The event, if this user may check people in at it; else 404 or 403."""
    event = _event_visible(request, slug)
    if not event_can_check_in(user=request.user, obj=event):
        raise PermissionDenied("Only the QI team and this event's door staff check people in.")
    return event


def _staff_event_for(request: HttpRequest, slug: str) -> Event:
    """The event, if this user chooses its door staff; else 404 or 403."""
    event = _event_visible(request, slug)
    if not event_can_choose_door_staff(user=request.user, obj=event):
        raise PermissionDenied("Only the QI team chooses who works the door.")
    return event


def _checked_in_words(registration: Registration, first: bool) -> str:
    name = registration.display_name
    if first:
        return f"{name} is checked in."
    assert registration.checked_in_at is not None
    return (
        f"{name} was already checked in at {timezone.localtime(registration.checked_in_at):%H:%M}."
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_GET
def door(request: HttpRequest, slug: str) -> HttpResponse:
    """The door's page: the scanner, the ticket code form, the name search and the counts."""
    event = _door_event_for(request, slug)
    query = request.GET.get("q", "").strip()[:100]
    return TemplateResponse(
        request,
        "events/checkin/door.html",
        {
            "event": event,
            "form": TicketForm(),
            "query": query,
            "results": door_search(event=event, query=query) if query else None,
            "counts": door_counts(event=event),
            "may_choose_staff": event_can_choose_door_staff(user=request.user, obj=event),
        },
    )


def _door_answer(
    request: HttpRequest, event: Event, *, ok: bool, message: str, first: bool = False
) -> HttpResponse:
    if _wants_json(request):
        counts = door_counts(event=event)
        return JsonResponse(
            {"ok": ok, "first": first, "message": message, **counts}, status=200 if ok else 400
        )
    (messages.success if ok else messages.error)(request, message)
    url = reverse("events:door", args=[event.slug])
    query = request.POST.get("q", "").strip()[:100]
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@login_required
@require_POST
def door_ticket(request: HttpRequest, slug: str) -> HttpResponse:
    """Check in a ticket's code, scanned or typed."""
    event = _door_event_for(request, slug)
    form = TicketForm(request.POST)
    code = form.cleaned_data["code"] if form.is_valid() else ""
    if not code.strip():
        return _door_answer(request, event, ok=False, message="Enter the ticket's code.")
    try:
        registration, first = door_check_in(event=event, ticket_code=code, user=request.user)
    except EventError as error:
        return _door_answer(request, event, ok=False, message=error.message)
    return _door_answer(
        request, event, ok=True, first=first, message=_checked_in_words(registration, first)
    )


@login_required
@require_POST
def door_registration(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Check in a registration found by the name search."""
    event = _door_event_for(request, slug)
    try:
        registration, first = door_check_in_registration(
            event=event, registration_id=pk, user=request.user
        )
    except EventError as error:
        return _door_answer(request, event, ok=False, message=error.message)
    return _door_answer(
        request, event, ok=True, first=first, message=_checked_in_words(registration, first)
    )


@login_required
@require_http_methods(["GET", "POST"])
def door_walk_in(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a walk-in: a person found in the roster, or a visitor by name and email."""
    event = _door_event_for(request, slug)
    query = request.GET.get("q", "").strip()[:100]
    form = WalkInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        person = None
        if request.POST.get("person"):
            person = Person.objects.filter(pk=_int(request.POST["person"]), kind="staff").first()
            if person is None:
                raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = walk_in_add(
                    event=event,
                    user=request.user,
                    person=person,
                    name=data["name"],
                    email=data["email"],
                    over_capacity=data["over_capacity"],
                )
            except EventError as error:
                form.add_error(
                    error.code if error.code in {"name", "email"} else None, error.message
                )
            else:
                messages.success(request, f"{registration.display_name} is checked in.")
                return redirect("events:door", event.slug)
        status = 400
    return TemplateResponse(
        request,
        "events/checkin/walk_in.html",
        {
            "event": event,
            "form": form,
            "query": query,
            "people": roster_search(query=query) if query else None,
            "counts": door_counts(event=event),
            "user_is_qi_team": is_qi_team(request.user),
        },
        status=status,
    )


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def door_staff(request: HttpRequest, slug: str) -> HttpResponse:
    """The QI team chooses who checks people in at this event."""
    event = _staff_event_for(request, slug)
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                door = DoorStaff.objects.filter(
                    event=event, pk=_int(request.POST["remove"])
                ).first()
                if door is None:
                    raise Http404
                name = door.person.full_name
                door_staff_remove(door=door, user=request.user)
                messages.success(request, f"{name} no longer checks people in at this event.")
            else:
                person = Person.objects.filter(pk=_int(request.POST.get("person", ""))).first()
                if person is None:
                    raise Http404
                door_staff_add(event=event, person=person, user=request.user)
                messages.success(request, f"{person.full_name} can now check people in.")
        except EventError as error:
            messages.error(request, error.message)
        return redirect("events:door_staff", event.slug)
    query = request.GET.get("q", "").strip()[:100]
    return TemplateResponse(
        request,
        "events/checkin/staff.html",
        {
            "event": event,
            "door_staff": door_staff_of(event=event),
            "query": query,
            "people": roster_search(query=query) if query else None,
        },
    )
