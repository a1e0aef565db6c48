"""What the check-in, feedback and report tests share: an event on today, a person with a place."""

import datetime

from django.contrib.auth.models import AnonymousUser

from qihub.conftest import _account_for
from qihub.core.models import User
from qihub.core.tests.factories import StaffFactory
from qihub.events.models import Event, Registration
from qihub.events.models_checkin import DoorStaff
from qihub.events.services import event_register
from qihub.events.tests.factories import event_make

VISITOR = AnonymousUser()


def event_today(**fields) -> Event:
    """An event starting in an hour, registration open: the door is open."""
    return event_make(starts=datetime.timedelta(hours=1), **fields)


def attendee(event: Event, **person) -> Registration:
    """A member of staff with an account and a place at the event."""
    user = _account_for(StaffFactory.create(**person))
    return event_register(event=event, user=user)


def door_user(event: Event) -> User:
    """A member of staff the QI team chose to check people in at this event."""
    user = _account_for(StaffFactory.create())
    DoorStaff.objects.create(event=event, person=user.person)
    return user
