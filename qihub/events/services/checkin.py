"""Check-in at the door: by ticket (scanned or typed), from a name search, and walk-ins; who works
the door.

A ticket is checked in by `registration_check_in` (the registration's row lock makes a second
scan, from any phone, find it checked in already and count nothing). A walk-in takes one of the
event's places when one is left; when none is, the QI team (and only they) may raise the capacity
by one to let them in, so the database's "never over capacity" stays true."""

import datetime
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from qihub.core.audit import audit_log
from qihub.core.models import Person
from qihub.core.permissions import is_qi_team
from qihub.events.errors import EventError
from qihub.events.models import (
    LIVE_STATUSES,
    Event,
    EventEngagementKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from qihub.events.models_checkin import DoorStaff
from qihub.events.permissions import event_can_check_in
from qihub.events.permissions_checkin import event_can_choose_door_staff
from qihub.events.services.feedback import feedback_due_at, feedback_invitations_schedule
from qihub.events.services.registration import (
    NAME_MAX_LENGTH,
    _event_locked,
    _place_take,
    _record,
    _ticket_code_new,
    registration_check_in,
)

# The door opens this long before the event starts; door staff may check people in until this
# long after it ends (the QI team, later too: a paper list typed in the next day).
DOOR_OPENS_BEFORE = datetime.timedelta(hours=6)
DOOR_STAFF_UNTIL_AFTER = datetime.timedelta(hours=12)


def _when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"


def door_check(*, event: Event, user: Any) -> None:
    """Refuse, in words, a check-in this user may not make at this event now."""
    if not event_can_check_in(user=user, obj=event):
        raise EventError("You cannot check people in at this event.", code="forbidden")
    if event.status == EventStatus.CANCELLED:
        raise EventError("This event has been cancelled.", code="cancelled")
    if event.status != EventStatus.PUBLISHED:
        raise EventError("This event is not published yet.", code="not_published")
    now = timezone.now()
    if now < event.starts_at - DOOR_OPENS_BEFORE:
        raise EventError(
            f"Check-in opens on {_when(event.starts_at - DOOR_OPENS_BEFORE)}, "
            f"{DOOR_OPENS_BEFORE.seconds // 3600} hours before the event starts.",
            code="door_not_open",
        )
    if now > event.ends_at + DOOR_STAFF_UNTIL_AFTER and not is_qi_team(user):
        raise EventError(
            "Check-in for this event has closed: ask the QI team to add anyone missed.",
            code="door_closed",
        )


def _feedback_schedule(event: Event) -> None:
    """After an event's first check-in, ask the worker to send the feedback form once it is over
    (the task looks at the event's end again when it runs, and sends each form once); after a
    check-in typed in once the forms have gone, ask again, so that person is sent theirs."""
    checked_in = Registration.objects.filter(event=event, checked_in_at__isnull=False)
    if checked_in.count() > 1 and timezone.now() < feedback_due_at(event):
        return
    transaction.on_commit(partial(feedback_invitations_schedule, event=event), robust=True)


def door_check_in(*, event: Event, ticket_code: str, user: Any) -> tuple[Registration, bool]:
    """Check in a ticket's holder at the door; return the registration and whether this was its
    first check-in."""
    door_check(event=event, user=user)
    with transaction.atomic():
        registration, first = registration_check_in(ticket_code=ticket_code, event=event, user=user)
        if first:
            _feedback_schedule(event)
    return registration, first


def door_check_in_registration(
    *, event: Event, registration_id: int, user: Any
) -> tuple[Registration, bool]:
    """Check in a registration found by a name search at the door."""
    door_check(event=event, user=user)
    code = (
        Registration.objects.filter(event=event, pk=registration_id)
        .values_list("ticket_code", flat=True)
        .first()
    )
    if code is None:
        raise EventError("There is no such registration for this event.", code="bad_ticket")
    return door_check_in(event=event, ticket_code=code, user=user)


def _walk_in_details(name: str, email: str) -> tuple[str, str]:
    name, email = name.strip(), email.strip()
    if not name:
        raise EventError("Enter the walk-in's name.", code="name")
    if len(name) > NAME_MAX_LENGTH:
        raise EventError(
            f"The name is {len(name)} characters long: shorten it to {NAME_MAX_LENGTH} or fewer.",
            code="name",
        )
    if not email:
        raise EventError(
            "Enter their email address (the feedback form goes there), or find them in the roster.",
            code="email",
        )
    try:
        validate_email(email)
    except ValidationError:
        raise EventError(
            "Enter the email address in the right form, like name@example.com.", code="email"
        ) from None
    return name, email


def _walk_in_place(event: Event, user: Any, *, over_capacity: bool) -> bool:
    """Take a place for a walk-in; return whether the capacity was raised to make one."""
    if _place_take(event):
        return False
    if not (over_capacity and is_qi_team(user)):
        raise EventError(
            f"The event is full: all {event.capacity} places are taken. "
            + (
                "Tick “Raise the capacity by one” to let them in."
                if is_qi_team(user)
                else "Ask someone from the QI team: they can raise the capacity to let them in."
            ),
            code="full",
        )
    Event.objects.filter(pk=event.pk).update(
        capacity=F("capacity") + 1, places_taken=F("places_taken") + 1
    )
    audit_log(
        action="qihub.events.event.capacity_raise",
        instance=event,
        user=user,
        data={"capacity": event.capacity + 1},
    )
    return True


def walk_in_add(
    *,
    event: Event,
    user: Any,
    person: Person | None = None,
    name: str = "",
    email: str = "",
    over_capacity: bool = False,
) -> Registration:
    """Add someone who came without a place and check them in: a person found in the roster, or
    a visitor by name and email. Someone with a live registration already (a place, a place on
    the waiting list, an address not yet confirmed) is given a place on it instead of a second
    one; someone checked in already is left as they are."""
    door_check(event=event, user=user)
    if person is None:
        name, email = _walk_in_details(name, email)
    elif not person.is_active:
        raise EventError(f"{person.full_name} has left the organisation.", code="inactive")
    try:
        with transaction.atomic():
            locked = _event_locked(event)
            live = Registration.objects.select_for_update().filter(
                event=locked, status__in=LIVE_STATUSES
            )
            live = (
                live.filter(person=person)
                if person is not None
                else live.filter(person__isnull=True, email__iexact=email)
            )
            registration = live.first()
            if registration is not None and registration.status == RegistrationStatus.CONFIRMED:
                registration, _ = door_check_in(
                    event=locked, ticket_code=registration.ticket_code, user=user
                )
                return registration
            raised = _walk_in_place(locked, user, over_capacity=over_capacity)
            now = timezone.now()
            if registration is None:
                registration = Registration(
                    event=locked,
                    person=person,
                    name="" if person else name,
                    email="" if person else email,
                    ticket_code=_ticket_code_new(),
                )
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
            registration.checked_in_at = now
            registration.checked_in_by = user if user.is_authenticated else None
            if registration.pk is None:
                registration.save()
            else:
                registration.save(
                    update_fields=["status", "confirmed_at", "checked_in_at", "checked_in_by"]
                )
            # A visitor's address was typed at the door, not confirmed: their attendance goes
            # in the ledger only when they were found in the roster.
            if person is not None:
                _record(registration, EventEngagementKind.ATTENDED, on=timezone.localdate(now))
            audit_log(
                action="qihub.events.registration.walk_in",
                instance=locked,
                user=user,
                data={"registration": registration.pk, "capacity_raised": raised},
            )
            _feedback_schedule(locked)
    except IntegrityError:
        raise EventError("They were added a moment ago: search for them.", code="already") from None
    return registration


def door_staff_add(*, event: Event, person: Person, user: Any) -> DoorStaff:
    """Let a person check people in at this event (they sign in with their own account)."""
    if not event_can_choose_door_staff(user=user, obj=event):
        raise EventError("Only the QI team chooses who works the door.", code="forbidden")
    if not person.is_active or person.user_id is None:
        raise EventError(
            f"{person.full_name} has no active account to sign in with, so cannot check people in.",
            code="no_account",
        )
    try:
        with transaction.atomic():
            door = DoorStaff.objects.create(event=event, person=person, added_by=user)
            audit_log(
                action="qihub.events.door_staff.add",
                instance=event,
                user=user,
                data={"person": person.pk},
            )
    except IntegrityError:
        raise EventError(
            f"{person.full_name} is on this event's door staff already.", code="already"
        ) from None
    return door


def door_staff_remove(*, door: DoorStaff, user: Any) -> None:
    if not event_can_choose_door_staff(user=user, obj=door.event):
        raise EventError("Only the QI team chooses who works the door.", code="forbidden")
    with transaction.atomic():
        audit_log(
            action="qihub.events.door_staff.remove",
            instance=door.event,
            user=user,
            data={"person": door.person_id},
        )
        door.delete()
