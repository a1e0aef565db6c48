"""Every reference-group page: who may see and do what, without JavaScript (plain forms)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from qihub.core.models import PersonKind
from qihub.core.tests.factories import PersonFactory, StaffFactory
from qihub.groups.models import Attendance, MembershipStatus
from qihub.groups.tests.factories import (
    ActionFactory,
    MeetingFactory,
    MembershipFactory,
    PublicGroupFactory,
    ReferenceGroupFactory,
    RuleFactory,
)

pytestmark = pytest.mark.django_db
QI_PAGES = ["groups:manage", "groups:grid"]


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_everyone_reads_the_list_and_a_groups_page(client):
    group = ReferenceGroupFactory.create(name="Staff reference group")
    assert "Staff reference group" in client.get(reverse("groups:list")).content.decode()
    page = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    assert "To advise the programme." in page and "Sign in to apply" in page


def test_a_public_groups_page_names_no_member_and_suppresses_small_counts(client):
    group = PublicGroupFactory.create()
    for _ in range(6):
        MembershipFactory.create(group=group, person=PersonFactory.create(kind=PersonKind.PATIENT))
    carer = MembershipFactory.create(
        group=group, person=PersonFactory.create(kind=PersonKind.CARER, last_name="Zebedee")
    )
    page = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    assert "7 current members" in page
    assert "Zebedee" not in page and carer.person.first_name not in page.split("Who is on it")[1]
    assert ">6<" in page  # patients
    assert "fewer than 5" in page  # the one carer


def test_published_notes_are_public_and_unpublished_ones_are_for_members(client, staff_user):
    group = ReferenceGroupFactory.create()
    published = MeetingFactory.create(group=group, agenda="Secret agenda")
    draft = MeetingFactory.create(group=group, notes_published=False)
    page = client.get(reverse("groups:meeting", args=[group.slug, published.pk]))
    assert page.status_code == 200 and "Secret agenda" not in page.content.decode()
    assert client.get(reverse("groups:meeting", args=[group.slug, draft.pk])).status_code == 404
    _signed_in(client, staff_user)
    assert client.get(reverse("groups:meeting", args=[group.slug, draft.pk])).status_code == 404
    MembershipFactory.create(group=group, person=staff_user.person)
    page = client.get(reverse("groups:meeting", args=[group.slug, published.pk]))
    assert "Secret agenda" in page.content.decode()
    assert client.get(reverse("groups:meeting", args=[group.slug, draft.pk])).status_code == 200


def test_staff_apply_without_javascript(client, staff_user):
    group = ReferenceGroupFactory.create()
    url = reverse("groups:apply", args=[group.slug])
    assert client.get(url).status_code == 302  # a visitor signs in first
    _signed_in(client, staff_user)
    assert "Send my application" in client.get(url).content.decode()
    response = client.post(url, {"statement": "I work nights."})
    assert response.status_code == 302 and response.url == reverse("groups:mine")
    assert group.memberships.get().status == MembershipStatus.APPLIED
    again = client.post(url, {"statement": ""})
    assert again.status_code == 400 and "already have" in again.content.decode()
    assert group.memberships.count() == 1


def test_the_public_are_told_a_staff_group_is_not_for_them(client, public_user):
    group = ReferenceGroupFactory.create()
    _signed_in(client, public_user)
    response = client.post(reverse("groups:apply", args=[group.slug]), {"statement": ""})
    assert response.status_code == 400 and "Only staff" in response.content.decode()
    assert not group.memberships.exists()


def test_a_member_sees_their_groups_and_marks_their_action_done(client, staff_user):
    person = staff_user.person
    group = ReferenceGroupFactory.create(name="Staff reference group")
    MembershipFactory.create(group=group, person=person)
    action = ActionFactory.create(
        meeting=MeetingFactory.create(group=group), owner=person, text="Ask my ward"
    )
    assert client.get(reverse("groups:mine")).status_code == 302
    _signed_in(client, staff_user)
    page = client.get(reverse("groups:mine")).content.decode()
    assert "Staff reference group" in page and "Ask my ward" in page
    client.post(reverse("groups:action_done", args=[action.pk]))
    action.refresh_from_db()
    assert action.is_done


def test_nobody_marks_someone_elses_action_done(client, staff_user):
    action = ActionFactory.create(owner=StaffFactory.create())
    _signed_in(client, staff_user)
    assert client.post(reverse("groups:action_done", args=[action.pk])).status_code == 404
    action.refresh_from_db()
    assert not action.is_done


def test_an_invitee_accepts_and_nobody_else_may(client, staff_user, leader_user):
    invitation = MembershipFactory.create(
        person=staff_user.person, status=MembershipStatus.INVITED, started_on=None
    )
    url = reverse("groups:decide", args=[invitation.pk, "accept"])
    _signed_in(client, leader_user)
    assert client.post(url).status_code == 404
    _signed_in(client, staff_user)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == MembershipStatus.ACTIVE
    assert client.post(reverse("groups:decide", args=[invitation.pk, "forge"])).status_code == 404


@pytest.mark.parametrize("name", QI_PAGES)
def test_the_qi_teams_pages_are_theirs_alone(client, staff_user, leader_user, qi_team_user, name):
    url = reverse(name, args=[ReferenceGroupFactory.create().slug])
    assert client.get(url).status_code == 302
    for user in (staff_user, leader_user):
        assert _signed_in(client, user).get(url).status_code == 403
    assert _signed_in(client, qi_team_user).get(url).status_code == 200


def test_the_qi_team_accepts_an_application_from_the_members_page(client, staff_user, qi_team_user):
    group = ReferenceGroupFactory.create()
    application = MembershipFactory.create(
        group=group,
        person=staff_user.person,
        status=MembershipStatus.APPLIED,
        started_on=None,
    )
    _signed_in(client, qi_team_user)
    assert (
        staff_user.person.full_name
        in client.get(reverse("groups:manage", args=[group.slug])).content.decode()
    )
    response = client.post(
        reverse("groups:decide", args=[application.pk, "accept"]), {"back": "manage"}
    )
    assert response.url == reverse("groups:manage", args=[group.slug])
    application.refresh_from_db()
    assert application.status == MembershipStatus.ACTIVE


def test_the_grid_shows_the_gap_and_who_could_fill_it(client, qi_team_user):
    group = ReferenceGroupFactory.create()
    RuleFactory.create(group=group, dimension="directorate", minimum=1)
    member = StaffFactory.create()
    MembershipFactory.create(group=group, person=member)
    candidate = StaffFactory.create(last_name="Candidate")
    StaffFactory.create(last_name="Leaver", is_active=False, team=candidate.team)
    _signed_in(client, qi_team_user)
    page = client.get(reverse("groups:grid", args=[group.slug])).content.decode()
    assert "Candidate" in page and "Leaver" not in page
    assert reverse("groups:invite", args=[group.slug, candidate.pk]) in page


def test_the_qi_team_invites_from_the_grid(client, staff_user, qi_team_user):
    group = ReferenceGroupFactory.create()
    person = StaffFactory.create()
    url = reverse("groups:invite", args=[group.slug, person.pk])
    assert _signed_in(client, staff_user).get(url).status_code == 403
    assert _signed_in(client, staff_user).post(url).status_code == 403
    _signed_in(client, qi_team_user)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert group.memberships.get().status == MembershipStatus.INVITED
    assert client.post(url).status_code == 400  # invited already: said, not saved twice
    assert group.memberships.count() == 1
    public = PersonFactory.create()
    response = client.post(reverse("groups:invite", args=[group.slug, public.pk]))
    assert response.status_code == 400 and "cannot join" in response.content.decode()


def test_the_qi_team_records_attendance(client, staff_user, qi_team_user):
    group = ReferenceGroupFactory.create()
    meeting = MeetingFactory.create(group=group)
    member = MembershipFactory.create(group=group, person=StaffFactory.create()).person
    late = MembershipFactory.create(
        group=group, person=StaffFactory.create(), started_on=timezone.localdate()
    ).person
    url = reverse("groups:attendance", args=[group.slug, meeting.pk])
    assert _signed_in(client, staff_user).get(url).status_code == 403
    _signed_in(client, qi_team_user)
    page = client.get(url).content.decode()
    assert member.full_name in page and late.full_name not in page
    bad = client.post(url, {"people": [str(late.pk)]})
    assert bad.status_code == 400
    assert client.post(url, {"people": [str(member.pk)]}).status_code == 302
    assert list(Attendance.objects.values_list("person", flat=True)) == [member.pk]


def test_an_overdue_action_says_so(client, staff_user):
    ActionFactory.create(
        owner=staff_user.person, due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    page = _signed_in(client, staff_user).get(reverse("groups:mine")).content.decode()
    assert "(overdue)" in page
