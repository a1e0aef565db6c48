"""What events add to a person's data download and erasure (qihub/core/extensions.py)."""

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from qihub.core.models import Person
from qihub.events.models import Event, Registration, RegistrationStatus
from qihub.events.services import registration_cancel


def _when(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def events_person_export(*, person: Person) -> dict[str, Any]:
    """A person's registrations: for which event, what became of them, and when."""
    registrations = Registration.objects.filter(person=person).select_related("event")
    return {
        "event_registrations": [
            {
                "event": registration.event.title,
                "starts_at": _when(registration.event.starts_at),
                "status": registration.status,
                "registered_at": _when(registration.created_at),
                "place_given_at": _when(registration.confirmed_at),
                "cancelled_at": _when(registration.cancelled_at),
                "checked_in_at": _when(registration.checked_in_at),
            }
            for registration in registrations
        ]
    }


@transaction.atomic
def events_person_erase(*, person: Person) -> None:
    """A member of the public's registrations go with them. A place they held at an event still
    to come goes to the next person waiting, as if they had cancelled; a place at one that has
    started is given back too, so an event's places taken stay its confirmed registrations."""
    now = timezone.now()
    registrations = Registration.objects.filter(person=person).select_related("event")
    for registration in registrations:
        if registration.is_live and registration.event.starts_at > now:
            registration_cancel(registration=registration)
        elif registration.status == RegistrationStatus.CONFIRMED:
            Event.objects.filter(pk=registration.event_id, places_taken__gt=0).update(
                places_taken=F("places_taken") - 1
            )
    Registration.objects.filter(person=person).delete()
