"""Why an event refuses something, and the named actions it writes to the audit log."""

AUDIT_ACTIONS = {
    "qihub.events.registration.register": "Register for an event",
    "qihub.events.registration.confirm": "Confirm a visitor's registration for an event",
    "qihub.events.registration.cancel": "Cancel a registration for an event",
    "qihub.events.registration.promote": "Give a place to the next person on the waiting list",
    "qihub.events.registration.check_in": "Check someone in at an event",
}


class EventError(Exception):
    """A refusal in words for the person who asked, with a code tests and views can match."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
