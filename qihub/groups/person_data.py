"""What reference groups add to a person's data download and erasure
(qihub/core/extensions.py)."""

from typing import Any

from qihub.core.models import Person
from qihub.groups.models import Action, Attendance, Membership


def groups_person_export(*, person: Person) -> dict[str, Any]:
    """A person's applications, invitations and terms, the meetings they came to, their actions."""
    memberships = Membership.objects.filter(person=person).select_related("group")
    attended = Attendance.objects.filter(person=person).select_related("meeting__group")
    actions = Action.objects.filter(owner=person).select_related("meeting__group")
    return {
        "reference_groups": [
            {
                "group": m.group.name,
                "status": m.get_status_display(),
                "statement": m.statement,
                "requested_at": m.requested_at.isoformat(),
                "started_on": m.started_on.isoformat() if m.started_on else None,
                "term_ends_on": m.term_ends_on.isoformat() if m.term_ends_on else None,
                "ended_on": m.ended_on.isoformat() if m.ended_on else None,
            }
            for m in memberships
        ],
        "reference_group_meetings_attended": [
            {"group": a.meeting.group.name, "held_at": a.meeting.held_at.isoformat()}
            for a in attended
        ],
        "reference_group_actions": [
            {
                "group": a.meeting.group.name,
                "action": a.text,
                "due_on": a.due_on.isoformat(),
                "done": a.is_done,
            }
            for a in actions
        ],
    }


def groups_person_erase(*, person: Person) -> None:
    """A member of the public's memberships and attendance go with them; the actions they owned
    stay with their meetings, with no owner."""
    Attendance.objects.filter(person=person).delete()
    Membership.objects.filter(person=person).delete()
    Action.objects.filter(owner=person).update(owner=None)
