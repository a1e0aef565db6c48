"""Every write to reference groups: applying, inviting, accepting, declining and ending terms;
attendance; actions done and their reminders. Each checks who asks and the current state, writes
in one transaction, logs a named action, and refuses with a `GroupError` in words."""

import datetime
from collections.abc import Iterable
from functools import partial
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from qihub.core.audit import audit_log
from qihub.core.models import Person
from qihub.core.permissions import person_for
from qihub.engagement.services import engagement_record
from qihub.groups import tasks
from qihub.groups.errors import GroupError
from qihub.groups.models import (
    Action,
    Attendance,
    GroupEngagementKind,
    Meeting,
    Membership,
    MembershipStatus,
    ReferenceGroup,
)
from qihub.groups.permissions import (
    action_can_mark_done,
    group_can_apply,
    group_can_manage,
    in_audience,
    membership_can_end,
    membership_can_respond,
)
from qihub.groups.selectors import DUE_SOON_DAYS

ALREADY = "They already have an application, invitation or term open in this group."
STATEMENT_LENGTH = 2000


def _email_later(membership: Membership, event: str) -> None:
    transaction.on_commit(partial(tasks.membership_email.enqueue, membership.pk, event))


def _open_membership(**fields: Any) -> Membership:
    membership = Membership(**fields)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:
        raise GroupError(ALREADY, code="already") from error
    return membership


def membership_apply(*, group: ReferenceGroup, user: Any, statement: str = "") -> Membership:
    """Apply to join a group (staff or members of the public with an account, in its
    audience); the QI team then accepts or declines."""
    if not group_can_apply(user=user, obj=group):
        audience = "staff" if group.audience == "staff" else "members of the public"
        raise GroupError(f"Only {audience} can join {group.name}.", code="not_audience")
    if not group.open_to_applications:
        raise GroupError(
            f"{group.name} is not taking applications just now.", code="not_taking_applications"
        )
    statement = statement.strip()
    if len(statement) > STATEMENT_LENGTH:
        raise GroupError(
            f"Say why you would like to join in at most {STATEMENT_LENGTH} characters.",
            code="statement_too_long",
        )
    with transaction.atomic():
        membership = _open_membership(
            group=group,
            person=person_for(user),
            status=MembershipStatus.APPLIED,
            statement=statement,
        )
        audit_log(action="qihub.groups.membership.apply", instance=membership, user=user)
        _email_later(membership, "applied")
    return membership


def membership_invite(*, group: ReferenceGroup, person: Person, user: Any) -> Membership:
    """The QI team invites someone in the group's audience; they accept or decline."""
    if not group_can_manage(user=user, obj=group):
        raise GroupError("Only the QI team can invite people to a group.", code="forbidden")
    if not in_audience(person=person, group=group):
        raise GroupError(
            f"{person.full_name} cannot join {group.name}: it is for "
            f"{group.get_audience_display().lower()}, and they must be active.",
            code="not_audience",
        )
    with transaction.atomic():
        membership = _open_membership(group=group, person=person, status=MembershipStatus.INVITED)
        audit_log(action="qihub.groups.membership.invite", instance=membership, user=user)
        _email_later(membership, "invited")
    return membership


def _locked(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update()
        .select_related("group", "person")
        .get(pk=membership.pk)
    )


def _may_decide(*, user: Any, membership: Membership) -> bool:
    """An application is the QI team's to decide; an invitation the invitee's, or the QI
    team's on their behalf (when they answer by phone or in person)."""
    if group_can_manage(user=user, obj=membership.group):
        return True
    return membership.status == MembershipStatus.INVITED and membership_can_respond(
        user=user, obj=membership
    )


def membership_accept(
    *, membership: Membership, user: Any, started_on: datetime.date | None = None
) -> Membership:
    """Start a term: the QI team accepts an application, or the invitee accepts. The term runs
    the group's term length; joining is an engagement record."""
    with transaction.atomic():
        membership = _locked(membership)
        if membership.status not in (MembershipStatus.APPLIED, MembershipStatus.INVITED):
            raise GroupError(
                f"This is no longer waiting for an answer: it is "
                f"{membership.get_status_display().lower()}.",
                code="not_waiting",
            )
        if not _may_decide(user=user, membership=membership):
            raise GroupError("You cannot accept this.", code="forbidden")
        if not in_audience(person=membership.person, group=membership.group):
            raise GroupError(
                f"{membership.person.full_name} is no longer active, so cannot join.",
                code="not_audience",
            )
        started_on = started_on or timezone.localdate()
        membership.status = MembershipStatus.ACTIVE
        membership.decided_at = timezone.now()
        membership.started_on = started_on
        membership.term_ends_on = started_on + relativedelta(months=membership.group.term_months)
        membership.save(update_fields=["status", "decided_at", "started_on", "term_ends_on"])
        engagement_record(
            person=membership.person,
            kind=GroupEngagementKind.JOINED,
            subject=f"group:{membership.group_id}",
            subject_label=membership.group.name,
            occurred_on=started_on,
        )
        audit_log(
            action="qihub.groups.membership.accept",
            instance=membership,
            user=user,
            data={"started_on": started_on.isoformat()},
        )
        _email_later(membership, "accepted")
    return membership


def membership_decline(*, membership: Membership, user: Any) -> Membership:
    """The QI team declines an application (or withdraws an invitation); the invitee declines
    an invitation. It stays in the group's history."""
    with transaction.atomic():
        membership = _locked(membership)
        if membership.status not in (MembershipStatus.APPLIED, MembershipStatus.INVITED):
            raise GroupError(
                f"This is no longer waiting for an answer: it is "
                f"{membership.get_status_display().lower()}.",
                code="not_waiting",
            )
        if not _may_decide(user=user, membership=membership):
            raise GroupError("You cannot decline this.", code="forbidden")
        was = membership.status
        membership.status = MembershipStatus.DECLINED
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_at"])
        audit_log(
            action="qihub.groups.membership.decline",
            instance=membership,
            user=user,
            data={"was": was},
        )
        if was == MembershipStatus.APPLIED:
            _email_later(membership, "declined")
    return membership


def membership_end(
    *, membership: Membership, user: Any, ended_on: datetime.date | None = None
) -> Membership:
    """End a term (the QI team, or the member stepping down); it stays in the history."""
    with transaction.atomic():
        membership = _locked(membership)
        if membership.status != MembershipStatus.ACTIVE:
            raise GroupError("Only a current member's term can end.", code="not_active")
        if not membership_can_end(user=user, obj=membership):
            raise GroupError("You cannot end this term.", code="forbidden")
        ended_on = ended_on or timezone.localdate()
        assert membership.started_on is not None  # an active term has dates (a constraint)
        if ended_on < membership.started_on:
            raise GroupError(
                f"A term cannot end before it started ({membership.started_on:%d %B %Y}).",
                code="ends_before_start",
            )
        membership.status = MembershipStatus.ENDED
        membership.ended_on = ended_on
        membership.save(update_fields=["status", "ended_on"])
        audit_log(
            action="qihub.groups.membership.end",
            instance=membership,
            user=user,
            data={"ended_on": ended_on.isoformat()},
        )
        _email_later(membership, "ended")
    return membership


def membership_renew(*, membership: Membership, user: Any) -> Membership:
    """The QI team extends a current term by the group's term length, from its end date."""
    with transaction.atomic():
        membership = _locked(membership)
        if not group_can_manage(user=user, obj=membership.group):
            raise GroupError("Only the QI team can renew a term.", code="forbidden")
        if membership.status != MembershipStatus.ACTIVE or membership.term_ends_on is None:
            raise GroupError("Only a current member's term can be renewed.", code="not_active")
        was = membership.term_ends_on
        membership.term_ends_on = was + relativedelta(months=membership.group.term_months)
        membership.save(update_fields=["term_ends_on"])
        audit_log(
            action="qihub.groups.membership.renew",
            instance=membership,
            user=user,
            data={"was": was.isoformat(), "now": membership.term_ends_on.isoformat()},
        )
    return membership


def meeting_attendance_record(*, meeting: Meeting, user: Any, people: Iterable[Person]) -> int:
    """Record who came (members whose term covered the meeting's day); each is an engagement
    record, once. Return how many were added."""
    if not group_can_manage(user=user, obj=meeting.group):
        raise GroupError("Only the QI team can record attendance.", code="forbidden")
    day = timezone.localdate(meeting.held_at)
    people = list(people)
    members = set(
        meeting.group.memberships.filter(
            person__in=people, started_on__lte=day, status__in=["active", "ended"]
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .values_list("person_id", flat=True)
    )
    outsiders = [p.full_name for p in people if p.pk not in members]
    if outsiders:
        raise GroupError(
            f"Not a member on {day:%d %B %Y}: {', '.join(outsiders)}.", code="not_member"
        )
    added = 0
    with transaction.atomic():
        for person in people:
            _, created = Attendance.objects.get_or_create(meeting=meeting, person=person)
            if created:
                added += 1
                engagement_record(
                    person=person,
                    kind=GroupEngagementKind.ATTENDED,
                    subject=f"group_meeting:{meeting.pk}",
                    subject_label=str(meeting),
                    occurred_on=day,
                )
        if added:
            audit_log(
                action="qihub.groups.meeting.attendance",
                instance=meeting,
                user=user,
                data={"added": added},
            )
    return added


def action_mark_done(*, action: Action, user: Any) -> Action:
    """Its owner or the QI team marks an action done."""
    if not action_can_mark_done(user=user, obj=action):
        raise GroupError("Only its owner or the QI team can mark this done.", code="forbidden")
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        if action.done_at is not None:
            raise GroupError(
                f"It was already marked done on {timezone.localtime(action.done_at):%d %B %Y}.",
                code="already_done",
            )
        action.done_at = timezone.now()
        action.save(update_fields=["done_at"])
        audit_log(action="qihub.groups.action.done", instance=action, user=user)
    return action


def action_reminder_claim(*, action_id: int, today: datetime.date | None = None) -> bool:
    """Claim the reminder of an open action due within a week, once per due date: true if this
    caller is the one to send it (a conditional UPDATE, so two workers never both send)."""
    today = today or timezone.localdate()
    claimed = (
        Action.objects.filter(
            pk=action_id,
            done_at__isnull=True,
            owner__isnull=False,
            due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
            due_on__gte=today,
        )
        .exclude(reminded_for=F("due_on"))
        .update(reminded_for=F("due_on"))
    )
    return claimed == 1


def action_reminders_schedule(*, meeting: Meeting) -> int:
    """Ask the worker to remind each open action's owner a week before it is due (at once if
    that is past); the reminder itself checks again when it runs. Return how many."""
    actions = list(meeting.actions.filter(done_at__isnull=True, owner__isnull=False))
    now = timezone.now()
    for action in actions:
        remind = datetime.datetime.combine(
            action.due_on - datetime.timedelta(days=DUE_SOON_DAYS),
            datetime.time(8),
            tzinfo=timezone.get_current_timezone(),
        )
        task = tasks.action_reminder_send.using(run_after=max(remind, now))
        transaction.on_commit(partial(task.enqueue, action.pk))
    return len(actions)


def action_reminders_due(*, today: datetime.date | None = None) -> int:
    """Queue a reminder for every open action due within a week whose owner has not had one for
    its due date (the daily sweep, `qihub remind_group_actions`). Return how many."""
    today = today or timezone.localdate()
    due = (
        Action.objects.filter(
            done_at__isnull=True,
            owner__isnull=False,
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .exclude(reminded_for=F("due_on"))
        .values_list("pk", flat=True)
    )
    ids = list(due)
    for pk in ids:
        transaction.on_commit(partial(tasks.action_reminder_send.enqueue, pk))
    return len(ids)
