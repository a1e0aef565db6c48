"""What check-in and feedback add to a person's data download (their erasure needs nothing more:
feedback goes with its registration, door-staff roles with the person)."""

from typing import Any

from qihub.core.models import Person
from qihub.events.models_checkin import DoorStaff, Feedback


def checkin_person_export(*, person: Person) -> dict[str, Any]:
    feedback = Feedback.objects.filter(registration__person=person).select_related(
        "registration__event"
    )
    doors = DoorStaff.objects.filter(person=person).select_related("event")
    return {
        "event_feedback": [
            {
                "event": item.registration.event.title,
                "rating": item.rating,
                "went_well": item.went_well,
                "could_be_better": item.could_be_better,
                "given_at": item.given_at.isoformat(),
            }
            for item in feedback
        ],
        "event_door_staff": [door.event.title for door in doors],
    }
