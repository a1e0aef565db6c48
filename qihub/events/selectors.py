"""Reads that depend on who is asking: the events they may see, their registrations."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from qihub.core.permissions import is_qi_team, person_for
from qihub.events.models import (
    LIVE_STATUSES,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
)


def events_visible_to(*, user: Any) -> QuerySet[Event]:
    """Published and cancelled events for everyone; drafts too for the QI team."""
    events = Event.objects.select_related("series")
    if is_qi_team(user):
        return events
    return events.exclude(status=EventStatus.DRAFT)


def events_upcoming(*, user: Any) -> QuerySet[Event]:
    """Events not yet over, soonest first."""
    return events_visible_to(user=user).filter(ends_at__gt=timezone.now()).order_by("starts_at")


def events_past(*, user: Any) -> QuerySet[Event]:
    """Events that are over, latest first."""
    return events_visible_to(user=user).filter(ends_at__lte=timezone.now()).order_by("-starts_at")


def events_for_feed() -> QuerySet[Event]:
    """The public calendar feed: published and cancelled events not yet over (a cancelled one
    stays, marked cancelled, so subscribed calendars drop it)."""
    return (
        Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
        .filter(ends_at__gt=timezone.now())
        .order_by("starts_at")
    )


def registration_live_of(*, event: Event, user: Any) -> Registration | None:
    """The signed-in person's live registration for the event, if they have one."""
    person = person_for(user)
    if person is None:
        return None
    return Registration.objects.filter(event=event, person=person, status__in=LIVE_STATUSES).first()


def registrations_of(*, user: Any) -> QuerySet[Registration]:
    """The signed-in person's registrations, the newest events first ("My events")."""
    person = person_for(user)
    if person is None:
        return Registration.objects.none()
    return (
        Registration.objects.filter(person=person)
        .select_related("event")
        .order_by("-event__starts_at", "-created_at")
    )


def registration_by_ticket(*, code: str) -> Registration | None:
    """The registration a ticket code is for (the code is the ticket holder's proof)."""
    return (
        Registration.objects.select_related("event", "person")
        .filter(ticket_code=code)
        .exclude(status=RegistrationStatus.PENDING)
        .first()
    )


def events_matching(*, query: str, user: Any) -> QuerySet[Event]:
    """Events whose title or description mention the words searched for."""
    events = events_visible_to(user=user)
    for word in query.split()[:10]:
        events = events.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return events.order_by("-starts_at")


def events_for_aim(*, aim_id: int, user: Any) -> QuerySet[Event]:
    return events_visible_to(user=user).filter(aim_id=aim_id).order_by("-starts_at")
