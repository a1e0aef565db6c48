"""Who works the door and who reads an event's report.

The QI team may check people in at any event; besides them, the people the QI team chose as an
event's door staff (`DoorStaff`) may, for that event only, while their account is linked to an
active person. `qihub.events.permissions.event_can_check_in` asks `is_door_staff`."""

from typing import Any

from qihub.core.permissions import is_qi_team, person_for
from qihub.events.models import Event
from qihub.events.models_checkin import DoorStaff


def is_door_staff(*, user: Any, event: Event) -> bool:
    """Whether the QI team chose this user's person to check people in at this event."""
    person = person_for(user)
    if person is None or not person.is_active:
        return False
    return DoorStaff.objects.filter(event=event, person=person).exists()


def event_can_choose_door_staff(*, user: Any, obj: Event) -> bool:
    """The QI team chooses who works the door."""
    return is_qi_team(user)


def event_can_see_report(*, user: Any, obj: Event) -> bool:
    """The report names who came and what they said: the QI team's alone."""
    return is_qi_team(user)
