"""Who may act on events and registrations.

Each rule is a predicate `<entity>_can_<verb>(*, user, obj)`, asked by the views' access helpers
(to refuse with 403 or 404) and by the services (to refuse with an `EventError`), so the two never
disagree. They decide who, not when: whether registration is open is the services' business."""

from typing import Any

from qihub.core.models import PersonKind
from qihub.core.permissions import is_qi_team, person_for
from qihub.events.models import Event, EventAudience, EventStatus, Registration
from qihub.events.permissions_checkin import is_door_staff


def event_can_view(*, user: Any, obj: Event) -> bool:
    """Everyone sees a published or cancelled event; only the QI team sees a draft."""
    return obj.status != EventStatus.DRAFT or is_qi_team(user)


def event_in_audience(*, user: Any, obj: Event) -> bool:
    """Whether the user is someone the event is for: staff events for active staff; public
    events for members of the public and visitors without an account; `both` for anyone."""
    if obj.audience == EventAudience.BOTH:
        return True
    person = person_for(user)
    if person is None:
        # A visitor, or an account no person is linked to: they register by name and email.
        return obj.audience == EventAudience.PUBLIC and not getattr(user, "is_authenticated", False)
    is_staff = person.kind == PersonKind.STAFF and person.is_active
    return is_staff if obj.audience == EventAudience.STAFF else person.kind != PersonKind.STAFF


def event_can_manage(*, user: Any, obj: Event | None = None) -> bool:
    """The QI team runs events."""
    return is_qi_team(user)


def event_can_check_in(*, user: Any, obj: Event) -> bool:
    """Who checks people in at the door: the QI team, and the event's door staff."""
    return is_qi_team(user) or is_door_staff(user=user, event=obj)


def registration_can_view(*, user: Any, obj: Registration) -> bool:
    """A person sees their own registrations; the QI team sees every one."""
    person = person_for(user)
    return (person is not None and obj.person_id == person.pk) or is_qi_team(user)


def registration_can_cancel(*, user: Any, obj: Registration) -> bool:
    """A person cancels their own registration from their account (a visitor, from the link in
    their email); the QI team may cancel anyone's."""
    return registration_can_view(user=user, obj=obj)
