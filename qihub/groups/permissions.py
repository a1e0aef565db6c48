"""Who may act on a reference group. Predicates `<entity>_can_<verb>(*, user, obj)`, asked by the
views' access helpers and by the services, so the two never disagree. They decide who, not when:
whether a group takes applications, or an invitation is still open, is the services' business."""

from typing import Any

from qihub.core.models import PersonKind
from qihub.core.permissions import is_qi_team, person_for
from qihub.groups.models import (
    Action,
    GroupAudience,
    Meeting,
    Membership,
    MembershipStatus,
    ReferenceGroup,
)


def in_audience(*, person: Any, group: ReferenceGroup) -> bool:
    """An active person of the kind the group is drawn from (staff, or the public)."""
    if person is None or not person.is_active:
        return False
    is_staff = person.kind == PersonKind.STAFF
    return is_staff if group.audience == GroupAudience.STAFF else not is_staff


def group_can_apply(*, user: Any, obj: ReferenceGroup) -> bool:
    """Applying: staff or members of the public with an account, in the group's audience."""
    return in_audience(person=person_for(user), group=obj)


def group_can_manage(*, user: Any, obj: ReferenceGroup) -> bool:
    """Inviting, deciding, ending terms, attendance and the grid: the QI team only. Their pages
    name every member and applicant, which nobody else may see."""
    return is_qi_team(user)


def group_is_member(*, user: Any, obj: ReferenceGroup) -> bool:
    person = person_for(user)
    if person is None or not person.is_active:
        return False
    return obj.memberships.filter(person=person, status=MembershipStatus.ACTIVE).exists()


def meeting_can_view_all(*, user: Any, obj: Meeting) -> bool:
    """The agenda, unpublished notes and actions: the group's current members and the QI team."""
    return is_qi_team(user) or group_is_member(user=user, obj=obj.group)


def membership_can_respond(*, user: Any, obj: Membership) -> bool:
    """Accepting or declining an invitation: the person invited."""
    person = person_for(user)
    return person is not None and person.is_active and obj.person_id == person.pk


def membership_can_end(*, user: Any, obj: Membership) -> bool:
    """Ending a term: the QI team, or the member stepping down."""
    return is_qi_team(user) or membership_can_respond(user=user, obj=obj)


def action_can_mark_done(*, user: Any, obj: Action) -> bool:
    """Its owner, or the QI team."""
    person = person_for(user)
    is_owner = person is not None and person.is_active and obj.owner_id == person.pk
    return is_owner or is_qi_team(user)
