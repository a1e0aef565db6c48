"""Applying, inviting, accepting, declining, ending terms, attendance and actions: who may, what
changes, what the ledger, the audit log and the outbox hold."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from wagtail.models import ModelLogEntry

from qihub.core.tests.factories import PersonFactory, StaffFactory
from qihub.engagement.models import EngagementRecord
from qihub.groups.errors import GroupError
from qihub.groups.models import Membership, MembershipStatus
from qihub.groups.services import (
    action_mark_done,
    action_reminders_due,
    meeting_attendance_record,
    membership_accept,
    membership_apply,
    membership_decline,
    membership_end,
    membership_invite,
    membership_renew,
)
from qihub.groups.tests.factories import (
    ActionFactory,
    MeetingFactory,
    MembershipFactory,
    PublicGroupFactory,
    ReferenceGroupFactory,
)

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@override_settings(TASKS=IMMEDIATE)
def test_staff_apply_the_qi_team_accepts_and_joining_is_in_the_ledger(
    staff_user, qi_team_user, django_capture_on_commit_callbacks
):
    group = ReferenceGroupFactory.create(term_months=24)
    with django_capture_on_commit_callbacks(execute=True):
        membership = membership_apply(group=group, user=staff_user, statement=" I'd like to. ")
    assert membership.status == MembershipStatus.APPLIED and membership.statement == "I'd like to."
    assert mail.outbox[-1].to == [staff_user.email]
    with django_capture_on_commit_callbacks(execute=True):
        membership_accept(membership=membership, user=qi_team_user)
    membership.refresh_from_db()
    today = timezone.localdate()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.started_on == today
    assert membership.term_ends_on == today.replace(year=today.year + 2)
    record = EngagementRecord.objects.get(person=staff_user.person)
    assert record.kind_id == "group_joined" and record.subject == f"group:{group.pk}"
    assert "Welcome to" in mail.outbox[-1].subject
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"qihub.groups.membership.apply", "qihub.groups.membership.accept"} <= actions


def test_an_applicant_cannot_accept_their_own_application(staff_user):
    membership = membership_apply(group=ReferenceGroupFactory.create(), user=staff_user)
    with pytest.raises(GroupError) as refused:
        membership_accept(membership=membership, user=staff_user)
    assert refused.value.code == "forbidden"
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED
    assert not EngagementRecord.objects.exists()


def test_the_public_cannot_apply_to_a_staff_group_nor_staff_to_a_public_one(
    public_user, staff_user
):
    with pytest.raises(GroupError) as refused:
        membership_apply(group=ReferenceGroupFactory.create(), user=public_user)
    assert refused.value.code == "not_audience"
    with pytest.raises(GroupError):
        membership_apply(group=PublicGroupFactory.create(), user=staff_user)
    assert not Membership.objects.exists()


def test_nobody_applies_twice_or_while_a_member(staff_user):
    group = ReferenceGroupFactory.create()
    membership_apply(group=group, user=staff_user)
    with pytest.raises(GroupError) as refused:
        membership_apply(group=group, user=staff_user)
    assert refused.value.code == "already"
    assert Membership.objects.count() == 1


def test_a_group_not_taking_applications_refuses_them(staff_user):
    with pytest.raises(GroupError) as refused:
        membership_apply(
            group=ReferenceGroupFactory.create(open_to_applications=False), user=staff_user
        )
    assert refused.value.code == "not_taking_applications"


def test_an_overlong_statement_is_refused_and_nothing_is_saved(staff_user):
    with pytest.raises(GroupError) as refused:
        membership_apply(
            group=ReferenceGroupFactory.create(), user=staff_user, statement="x" * 2001
        )
    assert refused.value.code == "statement_too_long"
    assert not Membership.objects.exists()


@override_settings(TASKS=IMMEDIATE)
def test_the_invitee_declines_and_may_be_invited_again(
    staff_user, qi_team_user, django_capture_on_commit_callbacks
):
    group = ReferenceGroupFactory.create()
    person = staff_user.person
    with django_capture_on_commit_callbacks(execute=True):
        invitation = membership_invite(group=group, person=person, user=qi_team_user)
    assert "invited" in mail.outbox[-1].subject and "/groups/mine/" in str(mail.outbox[-1].body)
    membership_decline(membership=invitation, user=staff_user)
    invitation.refresh_from_db()
    assert invitation.status == MembershipStatus.DECLINED
    again = membership_invite(group=group, person=person, user=qi_team_user)
    membership_accept(membership=again, user=staff_user)
    assert group.memberships.filter(status=MembershipStatus.ACTIVE).count() == 1
    assert group.memberships.count() == 2  # the declined invitation stays in the history


def test_only_the_qi_team_invites_and_only_people_in_the_audience(staff_user, qi_team_user):
    group = ReferenceGroupFactory.create()
    with pytest.raises(GroupError) as refused:
        membership_invite(group=group, person=StaffFactory.create(), user=staff_user)
    assert refused.value.code == "forbidden"
    with pytest.raises(GroupError) as refused:
        membership_invite(group=group, person=PersonFactory.create(), user=qi_team_user)
    assert refused.value.code == "not_audience"
    with pytest.raises(GroupError) as refused:
        membership_invite(
            group=group, person=StaffFactory.create(is_active=False), user=qi_team_user
        )
    assert refused.value.code == "not_audience"
    assert not Membership.objects.exists()


def test_someone_elses_invitation_cannot_be_accepted(staff_user, qi_team_user):
    invitation = membership_invite(
        group=ReferenceGroupFactory.create(), person=StaffFactory.create(), user=qi_team_user
    )
    with pytest.raises(GroupError):
        membership_accept(membership=invitation, user=staff_user)
    with pytest.raises(GroupError):
        membership_decline(membership=invitation, user=staff_user)


def test_a_decided_application_cannot_be_decided_again(staff_user, qi_team_user):
    membership = membership_apply(group=ReferenceGroupFactory.create(), user=staff_user)
    membership_decline(membership=membership, user=qi_team_user)
    with pytest.raises(GroupError) as refused:
        membership_accept(membership=membership, user=qi_team_user)
    assert refused.value.code == "not_waiting"


def test_a_member_steps_down_and_the_ended_term_stays(staff_user, qi_team_user):
    started = timezone.localdate() - datetime.timedelta(days=30)
    membership = MembershipFactory.create(person=staff_user.person, started_on=started)
    with pytest.raises(GroupError) as refused:
        membership_end(
            membership=membership, user=staff_user, ended_on=started - datetime.timedelta(days=1)
        )
    assert refused.value.code == "ends_before_start"
    membership_end(membership=membership, user=staff_user)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ENDED
    assert membership.ended_on == timezone.localdate()
    with pytest.raises(GroupError) as refused:
        membership_end(membership=membership, user=qi_team_user)
    assert refused.value.code == "not_active"


def test_the_qi_team_renews_a_term_from_its_end(staff_user, qi_team_user):
    membership = MembershipFactory.create(
        person=StaffFactory.create(),
        group=ReferenceGroupFactory.create(term_months=12),
        term_ends_on=datetime.date(2027, 1, 31),
    )
    with pytest.raises(GroupError) as refused:
        membership_renew(membership=membership, user=staff_user)
    assert refused.value.code == "forbidden"
    membership_renew(membership=membership, user=qi_team_user)
    membership.refresh_from_db()
    assert membership.term_ends_on == datetime.date(2028, 1, 31)


def test_nobody_else_ends_a_term(staff_user):
    membership = MembershipFactory.create(person=StaffFactory.create())
    with pytest.raises(GroupError) as refused:
        membership_end(membership=membership, user=staff_user)
    assert refused.value.code == "forbidden"


def test_attendance_is_in_the_ledger_once_and_only_for_members(qi_team_user):
    meeting = MeetingFactory.create()
    member = MembershipFactory.create(group=meeting.group, person=StaffFactory.create()).person
    assert meeting_attendance_record(meeting=meeting, user=qi_team_user, people=[member]) == 1
    assert meeting_attendance_record(meeting=meeting, user=qi_team_user, people=[member]) == 0
    record = EngagementRecord.objects.get(kind_id="group_attended")
    assert record.person == member and record.occurred_on == timezone.localdate(meeting.held_at)
    with pytest.raises(GroupError) as refused:
        meeting_attendance_record(
            meeting=meeting, user=qi_team_user, people=[StaffFactory.create()]
        )
    assert refused.value.code == "not_member"
    assert EngagementRecord.objects.count() == 1


def test_attendance_is_the_qi_teams_to_record(staff_user):
    meeting = MeetingFactory.create()
    member = MembershipFactory.create(group=meeting.group, person=staff_user.person).person
    with pytest.raises(GroupError):
        meeting_attendance_record(meeting=meeting, user=staff_user, people=[member])


def test_an_owner_marks_their_action_done_once(staff_user, leader_user):
    action = ActionFactory.create(owner=staff_user.person)
    with pytest.raises(GroupError) as refused:
        action_mark_done(action=action, user=leader_user)
    assert refused.value.code == "forbidden"
    action_mark_done(action=action, user=staff_user)
    action.refresh_from_db()
    assert action.is_done
    with pytest.raises(GroupError) as refused:
        action_mark_done(action=action, user=staff_user)
    assert refused.value.code == "already_done"


@override_settings(TASKS=IMMEDIATE)
def test_owners_of_actions_due_this_week_are_reminded_once(
    staff_user, django_capture_on_commit_callbacks
):
    owner = staff_user.person
    today = timezone.localdate()
    due = ActionFactory.create(
        owner=owner, due_on=today + datetime.timedelta(days=3), text="Due soon"
    )
    ActionFactory.create(owner=owner, due_on=today + datetime.timedelta(days=30), text="Later")
    ActionFactory.create(
        owner=owner, due_on=today + datetime.timedelta(days=2), done_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert action_reminders_due() == 1
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
    assert "Due soon" in str(mail.outbox[0].body)
    with django_capture_on_commit_callbacks(execute=True):
        assert action_reminders_due() == 0
    assert len(mail.outbox) == 1
    # A new due date is a new reminder.
    due.due_on = today + datetime.timedelta(days=5)
    due.save(update_fields=["due_on"])
    with django_capture_on_commit_callbacks(execute=True):
        assert action_reminders_due() == 1
    assert len(mail.outbox) == 2
