"""The named actions check-in at the door and feedback write to the audit log."""

CHECKIN_AUDIT_ACTIONS = {
    "qihub.events.door_staff.add": "Choose someone to check people in at an event",
    "qihub.events.door_staff.remove": "Stop someone checking people in at an event",
    "qihub.events.registration.walk_in": "Add a walk-in at an event's door",
    "qihub.events.event.capacity_raise": "Raise an event's capacity at the door for a walk-in",
    "qihub.events.feedback.give": "Give feedback on an event",
}
