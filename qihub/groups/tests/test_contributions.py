"""What groups add to the platform: search, an aim's page, "Needs your attention", a person's
data download and erasure, the QI team's permissions and its kinds of engagement
(qihub/core/extensions.py)."""

import datetime

import pytest
from django.utils import timezone

from qihub.core import extensions
from qihub.core.models import Person, PersonKind
from qihub.core.services import person_erase
from qihub.core.tests.factories import StaffFactory
from qihub.engagement.models import EngagementKind, EngagementRecord
from qihub.groups.models import Action, Attendance, Decision, Membership, MembershipStatus
from qihub.groups.services import meeting_attendance_record
from qihub.groups.tests.factories import (
    ActionFactory,
    MeetingFactory,
    MembershipFactory,
    PublicGroupFactory,
    ReferenceGroupFactory,
)
from qihub.programme.tests.factories import aim_make

pytestmark = pytest.mark.django_db


def test_search_finds_groups_by_name_or_purpose(client):
    group = ReferenceGroupFactory.create(
        name="Staff reference group", purpose="Advice on launching."
    )
    ReferenceGroupFactory.create(name="Another", purpose="Something else.")
    found = extensions.site_search_results(query="launching", user=None)
    assert [(r.title, r.url) for r in found] == [(group.name, f"/groups/{group.slug}/")]


def test_an_aims_page_lists_groups_whose_published_advice_shaped_it():
    aim = aim_make()
    group = ReferenceGroupFactory.create()
    hidden = MeetingFactory.create(group=ReferenceGroupFactory.create(), notes_published=False)
    Decision.objects.create(meeting=hidden, text="Secret", shaped_aim=aim)
    Decision.objects.create(
        meeting=MeetingFactory.create(group=group), text="Name it", shaped_aim=aim
    )
    items = extensions.aligned_with_aim(aim_id=aim.pk, user=None)
    assert [(i.kind, i.title) for i in items] == [("Reference group", group.name)]


def test_overdue_actions_and_applications_need_the_qi_teams_attention(qi_team_user, staff_user):
    group = ReferenceGroupFactory.create(name="Staff reference group")
    meeting = MeetingFactory.create(group=group)
    ActionFactory.create(meeting=meeting, due_on=timezone.localdate() - datetime.timedelta(days=2))
    ActionFactory.create(meeting=meeting)  # due in three days: not overdue
    MembershipFactory.create(
        group=group, person=StaffFactory.create(), status=MembershipStatus.APPLIED, started_on=None
    )
    MembershipFactory.create(
        group=group,
        person=StaffFactory.create(),
        started_on=timezone.localdate() - datetime.timedelta(days=700),
        term_ends_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    items = extensions.attention_items(user=qi_team_user)
    texts = {item.text: item for item in items}
    assert texts["1 overdue action in Staff reference group."].due_soon
    assert "1 application to join Staff reference group." in texts
    assert [t for t in texts if t.startswith("1 term on Staff reference group ends by ")]
    assert not [
        i for i in extensions.attention_items(user=staff_user) if "Staff reference" in i.text
    ]


def test_a_member_of_the_public_downloads_then_erases_their_group_records(
    public_user, qi_team_user
):
    person = public_user.person
    group = PublicGroupFactory.create(name="Patients, carers and governors group")
    MembershipFactory.create(group=group, person=person, statement="I care for my mum.")
    meeting = MeetingFactory.create(group=group)
    meeting_attendance_record(meeting=meeting, user=qi_team_user, people=[person])
    action = ActionFactory.create(meeting=meeting, owner=person, text="Read the leaflet")
    sections = extensions.person_exports(person=person)
    assert sections["reference_groups"][0]["statement"] == "I care for my mum."
    assert len(sections["reference_group_meetings_attended"]) == 1
    assert sections["reference_group_actions"][0]["action"] == "Read the leaflet"
    person_erase(person=person, actor=public_user)
    assert not Person.objects.filter(kind=PersonKind.PATIENT, pk=person.pk).exists()
    assert not Membership.objects.exists() and not Attendance.objects.exists()
    assert not EngagementRecord.objects.exists()
    action = Action.objects.get(pk=action.pk)  # the meeting keeps its action, with no owner
    assert action.owner is None


def test_the_qi_team_may_edit_groups_and_meetings_and_the_ledger_knows_the_kinds():
    pairs = set(extensions.qi_team_permissions())
    assert {("groups", "change_referencegroup"), ("groups", "add_meeting")} <= pairs
    assert set(EngagementKind.objects.values_list("code", flat=True)) >= {
        "group_joined",
        "group_attended",
    }
    labels = [item.label for item in extensions.navigation_items()]
    assert "Groups" in labels
