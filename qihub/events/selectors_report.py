"""The QI team's report on one event, and what the door sees: counts, feedback, who came."""

import dataclasses
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from qihub.core.models import Person, PersonKind
from qihub.events.models import Event, Registration, RegistrationStatus
from qihub.events.models_checkin import DoorStaff, Feedback

VISITOR = "Visitor (no account)"
NOT_RECORDED = "Not recorded"
SEARCH_MIN = 2
SEARCH_LIMIT = 30


@dataclasses.dataclass(frozen=True)
class Breakdown:
    label: str
    count: int


@dataclasses.dataclass(frozen=True)
class EventReport:
    confirmed: int
    waiting: int
    pending: int
    cancelled: int
    attended: int
    no_shows: int
    feedback_count: int
    rating_average: float | None
    ratings: list[Breakdown]
    feedback: list[Feedback]
    by_directorate: list[Breakdown]
    by_level: list[Breakdown]
    by_kind: list[Breakdown]


def _breakdown(attended: QuerySet[Registration], field: str) -> list[Breakdown]:
    rows = attended.values(field).annotate(n=Count("id")).order_by("-n", field)
    return [Breakdown(label=row[field] or NOT_RECORDED, count=row["n"]) for row in rows]


def event_report(*, event: Event) -> EventReport:
    """The event's registrations, attendance and feedback (call after `event_can_see_report`).
    No-shows are people with a place who were not checked in: counted once the event has
    started."""
    registrations = Registration.objects.filter(event=event)
    counts = registrations.aggregate(
        confirmed=Count("id", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("id", filter=Q(status=RegistrationStatus.WAITING)),
        pending=Count("id", filter=Q(status=RegistrationStatus.PENDING)),
        cancelled=Count("id", filter=Q(status=RegistrationStatus.CANCELLED)),
        attended=Count("id", filter=Q(checked_in_at__isnull=False)),
    )
    started = timezone.now() >= event.starts_at
    attended = registrations.filter(checked_in_at__isnull=False)
    feedback = Feedback.objects.filter(registration__event=event)
    rating_rows = feedback.values("rating").annotate(n=Count("id")).order_by("-rating")
    kinds = dict(PersonKind.choices)
    by_kind = [
        Breakdown(
            label=kinds.get(b.label, VISITOR) if b.label != NOT_RECORDED else VISITOR, count=b.count
        )
        for b in _breakdown(attended, "person__kind")
    ]
    return EventReport(
        confirmed=counts["confirmed"],
        waiting=counts["waiting"],
        pending=counts["pending"],
        cancelled=counts["cancelled"],
        attended=counts["attended"],
        no_shows=counts["confirmed"] - counts["attended"] if started else 0,
        feedback_count=feedback.count(),
        rating_average=feedback.aggregate(a=Avg("rating"))["a"],
        ratings=[Breakdown(label=str(row["rating"]), count=row["n"]) for row in rating_rows],
        feedback=list(feedback.select_related("registration__person")),
        by_directorate=_breakdown(attended, "person__team__service__directorate__name"),
        by_level=_breakdown(attended.filter(person__kind=PersonKind.STAFF), "person__level__name"),
        by_kind=by_kind,
    )


def event_registrations_for_export(*, event: Event) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event)
        .select_related(
            "person__team__service__directorate", "person__level", "person__user", "feedback"
        )
        .order_by("created_at", "id")
    )


def _name_matches(words: list[str], prefix: str = "") -> Q:
    query = Q()
    for word in words:
        query &= Q(**{f"{prefix}first_name__icontains": word}) | Q(
            **{f"{prefix}last_name__icontains": word}
        )
    return query


def _words(query: str) -> list[str]:
    words = query.split()
    return words if len("".join(words)) >= SEARCH_MIN else []


def door_search(*, event: Event, query: str) -> list[Registration]:
    """Live registrations for the event whose name (or, for a visitor, address) matches every word
    of the query: what the door checks in without a ticket. Call after `event_can_check_in`."""
    words = _words(query)
    if not words:
        return []
    visitor = Q()
    for word in words:
        visitor &= Q(name__icontains=word) | Q(email__icontains=word)
    return list(
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .filter(_name_matches(words, "person__") | (Q(person__isnull=True) & visitor))
        .select_related("person__team", "checked_in_by")
        .order_by("person__last_name", "name", "id")[:SEARCH_LIMIT]
    )


def roster_search(*, query: str, user: Any = None) -> list[Person]:
    """Active staff in the roster whose name matches every word: for a walk-in at the door, or
    the QI team choosing door staff. Names and teams only."""
    words = _words(query)
    if not words:
        return []
    return list(
        Person.objects.filter(kind=PersonKind.STAFF, is_active=True)
        .filter(_name_matches(words))
        .select_related("team")
        .order_by("last_name", "first_name", "id")[:SEARCH_LIMIT]
    )


def door_staff_of(*, event: Event) -> QuerySet[DoorStaff]:
    return DoorStaff.objects.filter(event=event).select_related("person__team")


def door_counts(*, event: Event) -> dict[str, int]:
    """What the door needs at a glance: checked in, places, places left."""
    event.refresh_from_db(fields=["capacity", "places_taken"])
    checked_in = Registration.objects.filter(event=event, checked_in_at__isnull=False).count()
    return {"checked_in": checked_in, "capacity": event.capacity, "places_left": event.places_left}
