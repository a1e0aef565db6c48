"""Why a reference group refuses something, and the named actions it writes to the audit log."""

AUDIT_ACTIONS = {
    "qihub.groups.membership.apply": "Apply to join a reference group",
    "qihub.groups.membership.invite": "Invite someone to join a reference group",
    "qihub.groups.membership.accept": "Accept someone into a reference group",
    "qihub.groups.membership.decline": "Decline an application or invitation to a reference group",
    "qihub.groups.membership.end": "End a reference group member's term",
    "qihub.groups.membership.renew": "Renew a reference group member's term",
    "qihub.groups.meeting.attendance": "Record who attended a reference group meeting",
    "qihub.groups.meeting.publish": "Publish a reference group meeting's notes",
    "qihub.groups.action.done": "Mark a reference group action done",
}


class GroupError(Exception):
    """A refusal in words for the person who asked, with a code tests and views can match."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
