"""Registering for an event, confirming a visitor's address, cancelling, the waiting list and
checking in.

Every write takes the event's row lock first (`select_for_update`; on SQLite the IMMEDIATE write
transaction serialises writers instead), so the checks below see every registration committed
before them. The database holds the invariants whatever happens: `places_taken` never exceeds
`capacity` (a check constraint), and a person or an address has one live registration per event
(partial unique constraints).

Over 450 lines, and not split yet: every service here shares the row lock, the place counter and
the ledger helpers above, so the seam is the helpers (a `_places.py`) against the register,
confirm, cancel and waiting-list services; that split is the next session's first step, made with
a CI run beside it (docs: the issue 12 note)."""

import datetime
import logging
from functools import partial
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import get_random_string

from qihub.core.audit import audit_log
from qihub.core.models import Person
from qihub.core.permissions import person_for
from qihub.core.selectors import person_with_confirmed_email
from qihub.engagement.services import engagement_record
from qihub.events.errors import EventError
from qihub.events.models import (
    LIVE_STATUSES,
    TICKET_CODE_LENGTH,
    Event,
    EventEngagementKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from qihub.events.permissions import (
    event_can_check_in,
    event_can_view,
    event_in_audience,
    registration_can_cancel,
)
from qihub.events.tasks import registration_email

logger = logging.getLogger(__name__)

CONFIRM_SALT = "qihub.events.visitor-confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600
CANCEL_SALT = "qihub.events.cancel"
TICKET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at the door
NAME_MAX_LENGTH = 200


class Email:
    """What `registration_email` sends."""

    CONFIRM_ADDRESS = "confirm_address"
    TICKET = "ticket"
    WAITING = "waiting"
    PROMOTED = "promoted"
    CANCELLED = "cancelled"


def _ticket_code_new() -> str:
    return get_random_string(TICKET_CODE_LENGTH, TICKET_ALPHABET)


def _when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"


def _event_locked(event: Event) -> Event:
    """The event's row, locked until the transaction ends, as committed now."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _check_open(event: Event, now: datetime.datetime) -> None:
    """Refuse a registration for an event that does not take one now, saying why."""
    if event.status == EventStatus.CANCELLED:
        raise EventError("This event has been cancelled.", code="cancelled")
    if event.status != EventStatus.PUBLISHED:
        raise EventError("There is no such event.", code="not_found")
    if now >= event.ends_at:
        raise EventError("This event has finished.", code="past")
    if now < event.registration_opens_at:
        raise EventError(
            f"Registration for this event opens on {_when(event.registration_opens_at)}.",
            code="not_open",
        )
    if now >= event.registration_closes_at:
        raise EventError(
            f"Registration for this event closed on {_when(event.registration_closes_at)}.",
            code="closed",
        )


def _full(event: Event) -> EventError:
    return EventError(
        "This event is full. You can join the waiting list: when someone cancels, the next "
        "person on it is given their place and told by email.",
        code="full",
    )


def _visitor_details(name: str, email: str) -> tuple[str, str]:
    name, email = name.strip(), email.strip()
    if not name:
        raise EventError("Enter your name.", code="name")
    if len(name) > NAME_MAX_LENGTH:
        raise EventError(
            f"Your name is {len(name)} characters long: shorten it to {NAME_MAX_LENGTH} or fewer.",
            code="name",
        )
    try:
        validate_email(email)
    except ValidationError:
        raise EventError(
            "Enter your email address in the right form, like name@example.com.", code="email"
        ) from None
    return name, email


def _place_take(event: Event) -> bool:
    """Take one of the event's places, if one is left: one conditional UPDATE, so the check and
    the taking cannot be split by another registration."""
    taken = Event.objects.filter(pk=event.pk, places_taken__lt=F("capacity")).update(
        places_taken=F("places_taken") + 1
    )
    return bool(taken)


def _place_give_back(event: Event) -> None:
    Event.objects.filter(pk=event.pk, places_taken__gt=0).update(places_taken=F("places_taken") - 1)


def _record(registration: Registration, kind: str, on: datetime.date | None = None) -> None:
    """The act in the ledger: the account holder's, or, for a visitor who has confirmed their
    address, the person's whose address it is (if there is one)."""
    person: Person | None = registration.person
    if person is None:
        person = person_with_confirmed_email(email=registration.email)
    if person is None:
        return
    event = registration.event
    engagement_record(
        person=person,
        kind=kind,
        subject=f"event:{event.pk}",
        subject_label=event.title[:255],
        occurred_on=on,
    )


def _send(registration: Registration, what: str, *, back_dated: bool = False) -> None:
    if back_dated:
        return  # the record of something past (the demo, an import): nobody to tell now
    # Robust: the registration has committed; a queue that fails must not undo the page.
    transaction.on_commit(partial(registration_email.enqueue, registration.pk, what), robust=True)


def _hold_or_wait(
    event: Event, registration: Registration, now: datetime.datetime, *, may_wait: bool
) -> None:
    """Give the (unsaved or pending) registration a place, or a place on the waiting list."""
    if _place_take(event):
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
    elif may_wait:
        registration.status = RegistrationStatus.WAITING
        registration.waiting_since = now
    else:
        raise _full(event)


def event_register(
    *,
    event: Event,
    user: Any,
    name: str = "",
    email: str = "",
    waiting_list: bool = False,
    at: datetime.datetime | None = None,
) -> Registration:
    """Register someone in the event's audience.

    A person with an account is given a place at once (or, when the event is full and they ask
    for it, a place on the waiting list). A visitor gives their name and email address and is
    held as pending until they follow the link emailed to them; the place is taken then. A
    visitor whose address is registered already is sent its details again, and nothing else
    changes, so the page says the same whether or not an address is registered.

    `at` back-dates the registration (the demo, an import of a past event's list): it is checked
    against the event as of then, and nothing is emailed."""
    if not event_can_view(user=user, obj=event):
        raise EventError("There is no such event.", code="not_found")
    if not event_in_audience(user=user, obj=event):
        raise EventError(
            f"This event is for {event.get_audience_display().lower()}"
            + ("; sign in to register." if not user.is_authenticated else "."),
            code="not_in_audience",
        )
    person = person_for(user)
    if person is None and getattr(user, "is_authenticated", False):
        raise EventError(
            "Your account is not linked to a person in the programme, so it cannot register: "
            "ask the QI team to link it.",
            code="no_person",
        )
    if person is None:
        name, email = _visitor_details(name, email)
    try:
        with transaction.atomic():
            locked = _event_locked(event)
            _check_open(locked, at or timezone.now())
            if person is None:
                registration = _visitor_register(locked, name, email, waiting_list=waiting_list)
            else:
                registration = _person_register(locked, person, waiting_list=waiting_list, at=at)
    except IntegrityError:
        # Only if a lock did not serialise two registrations: the database refused the second.
        raise EventError("You are registered for this event already.", code="already") from None
    logger.info("event %s: registration %s %s", event.pk, registration.pk, registration.status)
    return registration


def _person_register(
    event: Event, person: Person, *, waiting_list: bool, at: datetime.datetime | None
) -> Registration:
    live = Registration.objects.filter(event=event, person=person, status__in=LIVE_STATUSES)
    existing = live.first()
    if existing is not None:
        where = "on its waiting list" if existing.status == RegistrationStatus.WAITING else "for it"
        raise EventError(f"You are registered {where} already.", code="already")
    registration = Registration(event=event, person=person, ticket_code=_ticket_code_new())
    _hold_or_wait(event, registration, at or timezone.now(), may_wait=waiting_list)
    registration.save()
    if at is not None:
        Registration.objects.filter(pk=registration.pk).update(created_at=at)
    _record(registration, EventEngagementKind.REGISTERED, on=timezone.localdate(at) if at else None)
    audit_log(
        action="qihub.events.registration.register",
        instance=event,
        user=person.user,
        data={"registration": registration.pk, "status": registration.status},
    )
    _send(
        registration,
        Email.TICKET if registration.status == RegistrationStatus.CONFIRMED else Email.WAITING,
        back_dated=at is not None,
    )
    return registration


def _visitor_register(event: Event, name: str, email: str, *, waiting_list: bool) -> Registration:
    existing = Registration.objects.filter(
        event=event, person__isnull=True, email__iexact=email, status__in=LIVE_STATUSES
    ).first()
    if existing is not None:
        _send(existing, _email_for_status(existing))
        return existing
    if event.places_left == 0 and not waiting_list:
        raise _full(event)
    registration = Registration.objects.create(
        event=event,
        name=name,
        email=email,
        status=RegistrationStatus.PENDING,
        ticket_code=_ticket_code_new(),
    )
    audit_log(
        action="qihub.events.registration.register",
        instance=event,
        data={"registration": registration.pk, "status": registration.status},
    )
    _send(registration, Email.CONFIRM_ADDRESS)
    return registration


def _email_for_status(registration: Registration) -> str:
    return {
        RegistrationStatus.PENDING: Email.CONFIRM_ADDRESS,
        RegistrationStatus.CONFIRMED: Email.TICKET,
        RegistrationStatus.WAITING: Email.WAITING,
    }[RegistrationStatus(registration.status)]


def visitor_confirm_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CONFIRM_SALT)


def visitor_confirm_check(*, token: str) -> Registration:
    """The registration a confirmation link is for, or an EventError if the link is forged or
    older than 7 days; confirms nothing (the link's page asks first, so that a mail scanner
    following it confirms nothing)."""
    try:
        pk = int(signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE))
    except signing.BadSignature:
        raise EventError(
            "This confirmation link is not valid, or is more than 7 days old. Register again to "
            "get a new one.",
            code="bad_token",
        ) from None
    registration = Registration.objects.select_related("event").filter(pk=pk).first()
    if registration is None:
        raise EventError("There is nothing left to confirm here.", code="bad_token")
    return registration


def visitor_confirm(*, token: str) -> Registration:
    """A visitor confirms their address: they are given a place, or, if the last places went
    while they were confirming, a place on the waiting list (both emailed). Confirming twice
    changes nothing."""
    registration = visitor_confirm_check(token=token)
    with transaction.atomic():
        event = _event_locked(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if registration.status == RegistrationStatus.CANCELLED:
            raise EventError(
                "This registration was cancelled: register again if you want to come.",
                code="cancelled_registration",
            )
        if registration.status != RegistrationStatus.PENDING:
            return registration
        now = timezone.now()
        _check_open(event, now)
        _hold_or_wait(event, registration, now, may_wait=True)
        registration.save(update_fields=["status", "confirmed_at", "waiting_since"])
        _record(registration, EventEngagementKind.REGISTERED)
        audit_log(
            action="qihub.events.registration.confirm",
            instance=event,
            data={"registration": registration.pk, "status": registration.status},
        )
        _send(registration, _email_for_status(registration))
    return registration


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CANCEL_SALT)


def cancel_token_check(*, token: str) -> Registration:
    """The registration an email's cancel link is for, or an EventError if it is forged."""
    try:
        pk = int(signing.loads(token, salt=CANCEL_SALT))
    except signing.BadSignature:
        raise EventError("This cancel link is not valid.", code="bad_token") from None
    registration = Registration.objects.select_related("event", "person").filter(pk=pk).first()
    if registration is None:
        raise EventError("This cancel link is not valid.", code="bad_token")
    return registration


def registration_cancel(
    *, registration: Registration, user: Any = None, at: datetime.datetime | None = None
) -> Registration:
    """Cancel a registration, by its holder from their account (`user`) or from the email's
    signed link (no `user`: the link is the proof). A place given back goes to the next person
    on the waiting list, who is told by email. `at` back-dates it, as in `event_register`."""
    if user is not None and not registration_can_cancel(user=user, obj=registration):
        raise EventError("There is no such registration.", code="not_found")
    with transaction.atomic():
        event = _event_locked(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if registration.status == RegistrationStatus.CANCELLED:
            raise EventError("This registration is cancelled already.", code="already_cancelled")
        now = at or timezone.now()
        if now >= event.starts_at:
            raise EventError(
                "This event has started, so the registration can no longer be cancelled.",
                code="past",
            )
        held_a_place = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        if held_a_place:
            _place_give_back(event)
        audit_log(
            action="qihub.events.registration.cancel",
            instance=event,
            user=user,
            data={"registration": registration.pk},
        )
        _send(registration, Email.CANCELLED, back_dated=at is not None)
        if held_a_place:
            waiting_list_promote(event=event, at=at)
    return registration


def waiting_list_promote(
    *, event: Event, at: datetime.datetime | None = None
) -> list[Registration]:
    """Give the event's free places to the people waiting longest, and tell them by email; call
    it in the transaction that freed the places (a cancellation, a larger capacity)."""
    promoted: list[Registration] = []
    with transaction.atomic():
        event = _event_locked(event)
        now = at or timezone.now()
        if event.status != EventStatus.PUBLISHED or now >= event.starts_at:
            return promoted
        waiting = (
            Registration.objects.select_for_update()
            .filter(event=event, status=RegistrationStatus.WAITING)
            .order_by("waiting_since", "id")
        )
        for registration in waiting[: event.places_left]:
            if not _place_take(event):
                break
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
            registration.save(update_fields=["status", "confirmed_at"])
            audit_log(
                action="qihub.events.registration.promote",
                instance=event,
                data={"registration": registration.pk},
            )
            _send(registration, Email.PROMOTED, back_dated=at is not None)
            promoted.append(registration)
    return promoted


def waiting_position(*, registration: Registration) -> int | None:
    """Where the registration is on its event's waiting list (1 is next), or None."""
    if registration.status != RegistrationStatus.WAITING or registration.waiting_since is None:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id,
        status=RegistrationStatus.WAITING,
        waiting_since__lte=registration.waiting_since,
    ).exclude(waiting_since=registration.waiting_since, id__gt=registration.pk)
    return ahead.count()


def registration_check_in(
    *, ticket_code: str, event: Event, user: Any, at: datetime.datetime | None = None
) -> tuple[Registration, bool]:
    """Check in the holder of a ticket at the door; return the registration and whether this was
    the first check-in (a second scan checks nobody in twice and says when the first was). A
    ticket for another event, a made-up code, a cancelled or waiting registration is refused."""
    if not event_can_check_in(user=user, obj=event):
        raise EventError("You cannot check people in at this event.", code="forbidden")
    code = ticket_code.strip().upper().replace("-", "").replace(" ", "")
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "person")
            .filter(ticket_code=code, event=event)
            .first()
        )
        if registration is None:
            raise EventError(
                "This ticket is not for this event: no registration has this code.",
                code="bad_ticket",
            )
        if registration.checked_in_at is not None:
            return registration, False
        if registration.status != RegistrationStatus.CONFIRMED:
            raise EventError(
                f"This ticket's registration is {registration.get_status_display().lower()}: "
                "it holds no place.",
                code="no_place",
            )
        registration.checked_in_at = at or timezone.now()
        registration.checked_in_by = user if getattr(user, "is_authenticated", False) else None
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
        _record(
            registration,
            EventEngagementKind.ATTENDED,
            on=timezone.localdate(registration.checked_in_at),
        )
        audit_log(
            action="qihub.events.registration.check_in",
            instance=registration.event,
            user=user,
            data={"registration": registration.pk},
        )
    return registration, True
