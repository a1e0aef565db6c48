"""Reference groups in a real browser: every page type (the public's, a member's and the QI
team's) accessible at 320 and 1280 px, and applying, deciding, recording attendance and marking
an action done with JavaScript off."""

import datetime
import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from qihub.core.models import PersonKind, User
from qihub.core.tests.factories import PersonFactory, StaffFactory, TeamFactory
from qihub.groups.models import Action, Attendance, Decision, MembershipStatus, ReferenceGroup
from qihub.groups.tests.factories import (
    ActionFactory,
    MeetingFactory,
    MembershipFactory,
    PublicGroupFactory,
    ReferenceGroupFactory,
    RuleFactory,
)

from .conftest import DESKTOP, PHONE, axe_violations, horizontal_overflow

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


def _check(page: Page, viewport: ViewportSize, heading: str) -> None:
    expect(page.locator("h1")).to_contain_text(heading)
    report = axe_violations(page)
    assert not report, report
    if viewport == PHONE:
        assert horizontal_overflow(page) == 0, "the page scrolls sideways on a 320 px phone"


@pytest.fixture
def staff_group(site: LiveServer, staff_user: User) -> ReferenceGroup:
    """A staff group of which the staff member is one, with a gap, a published meeting (a
    decision, an action of theirs) and an application waiting."""
    group = ReferenceGroupFactory.create(name="Staff reference group", slug="staff-reference-group")
    RuleFactory.create(group=group, dimension="directorate", minimum=1)
    RuleFactory.create(group=group, dimension="staff_level", minimum=1)
    TeamFactory.create()  # a directorate with nobody on the group: a gap
    MembershipFactory.create(group=group, person=staff_user.person)
    for _ in range(3):
        MembershipFactory.create(group=group, person=StaffFactory.create())
    StaffFactory.create(last_name="Candidate")
    meeting = MeetingFactory.create(group=group, agenda="1. Welcome\n2. The launch")
    Decision.objects.create(
        meeting=meeting, text="Launch on a Tuesday.", shaped_other="The launch posters"
    )
    ActionFactory.create(meeting=meeting, owner=staff_user.person, text="Ask my ward about times")
    ActionFactory.create(
        meeting=meeting,
        owner=StaffFactory.create(),
        due_on=timezone.localdate() - datetime.timedelta(days=3),
        text="Book the hall",
    )
    MembershipFactory.create(
        group=group,
        person=StaffFactory.create(first_name="Ada", last_name="Applicant"),
        status=MembershipStatus.APPLIED,
        started_on=None,
        statement="I work nights and would like nights to be heard.",
    )
    other = ReferenceGroupFactory.create(name="Digital reference group")
    MembershipFactory.create(
        group=other, person=staff_user.person, status=MembershipStatus.INVITED, started_on=None
    )
    return group


@pytest.fixture
def public_group(site: LiveServer) -> ReferenceGroup:
    group = PublicGroupFactory.create(name="Patients, carers and governors group", slug="pcg")
    RuleFactory.create(
        group=group, dimension="person_kind", person_kind=PersonKind.GOVERNOR, minimum=3
    )
    for kind in (PersonKind.PATIENT,) * 5 + (PersonKind.CARER, PersonKind.GOVERNOR):
        MembershipFactory.create(group=group, person=PersonFactory.create(kind=kind))
    PersonFactory.create(kind=PersonKind.GOVERNOR, last_name="Governor")
    MeetingFactory.create(group=group)
    return group


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_public_and_member_pages_are_accessible(
    page: Page,
    viewport: ViewportSize,
    staff_group: ReferenceGroup,
    public_group: ReferenceGroup,
    staff_user: User,
    sign_in,
) -> None:
    page.set_viewport_size(viewport)
    page.goto("/groups/")
    _check(page, viewport, "Reference groups")
    page.goto(f"/groups/{public_group.slug}/")
    _check(page, viewport, public_group.name)
    expect(page.get_by_text("fewer than 5").first).to_be_visible()
    meeting = staff_group.meetings.get()
    page.goto(f"/groups/{staff_group.slug}/meetings/{meeting.pk}/")
    _check(page, viewport, "Meeting of")
    expect(page.get_by_text("Launch on a Tuesday.")).to_be_visible()
    sign_in(staff_user)
    page.goto(f"/groups/{staff_group.slug}/meetings/{meeting.pk}/")
    _check(page, viewport, "Meeting of")
    expect(page.get_by_text("Ask my ward about times")).to_be_visible()
    page.goto("/groups/mine/")
    _check(page, viewport, "Your groups")
    expect(page.get_by_role("heading", name="Digital reference group")).to_be_visible()
    page.goto(f"/groups/{public_group.slug}/apply/")
    _check(page, viewport, "Apply to join")
    expect(
        page.get_by_text("is for patients, carers, governors and the public only")
    ).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_qi_teams_pages_are_accessible(
    page: Page,
    viewport: ViewportSize,
    staff_group: ReferenceGroup,
    public_group: ReferenceGroup,
    qi_team_user: User,
    sign_in,
) -> None:
    sign_in(qi_team_user)
    page.set_viewport_size(viewport)
    page.goto(f"/groups/{staff_group.slug}/manage/")
    _check(page, viewport, "Members and applications")
    expect(page.get_by_role("heading", name="Ada Applicant")).to_be_visible()
    page.goto(f"/groups/{staff_group.slug}/manage/grid/")
    _check(page, viewport, "Representativeness grid")
    expect(page.get_by_text("gap 1").first).to_be_visible()
    page.goto(f"/groups/{public_group.slug}/manage/grid/")
    _check(page, viewport, "Representativeness grid")
    page.get_by_role("link", name="Invite").first.click()
    _check(page, viewport, "Invite")
    meeting = staff_group.meetings.get()
    page.goto(f"/groups/{staff_group.slug}/manage/meetings/{meeting.pk}/attendance/")
    _check(page, viewport, "Attendance")


def _page_without_js(browser: Browser, site: LiveServer, user: User) -> Page:
    context = browser.new_context(base_url=site.url, java_script_enabled=False, viewport=PHONE)
    context.set_default_timeout(10_000)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": site.url}]
    )
    return context.new_page()


@pytest.fixture
def staff_without_js(browser: Browser, site: LiveServer, staff_user: User) -> Iterator[Page]:
    page = _page_without_js(browser, site, staff_user)
    yield page
    page.context.close()


@pytest.fixture
def qi_team_without_js(browser: Browser, site: LiveServer, qi_team_user: User) -> Iterator[Page]:
    page = _page_without_js(browser, site, qi_team_user)
    yield page
    page.context.close()


@pytest.mark.browser
def test_a_member_applies_accepts_an_invitation_and_marks_an_action_done_without_javascript(
    staff_without_js: Page, staff_group: ReferenceGroup, staff_user: User
) -> None:
    page = staff_without_js
    third = ReferenceGroupFactory.create(name="Nights reference group", slug="nights")
    page.goto(f"/groups/{third.slug}/")
    page.get_by_role("button", name="Apply to join").click()
    page.get_by_label("Why would you like to join? (optional)").fill("I work nights.")
    page.get_by_role("button", name="Send my application").click()
    expect(
        page.get_by_text("your application to join Nights reference group is in")
    ).to_be_visible()
    page.get_by_role("button", name="Accept the invitation to Digital reference group").click()
    expect(page.get_by_text("is now a member of Digital reference group")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Mark done\W+Ask my ward about times$")).click()
    expect(page.get_by_text("Marked done: Ask my ward about times")).to_be_visible()
    person = staff_user.person
    assert third.memberships.get(person=person).status == MembershipStatus.APPLIED
    assert Action.objects.get(owner=person, text="Ask my ward about times").is_done


@pytest.mark.browser
def test_the_qi_team_accepts_and_records_attendance_without_javascript(
    qi_team_without_js: Page, staff_group: ReferenceGroup, staff_user: User
) -> None:
    page = qi_team_without_js
    page.goto(f"/groups/{staff_group.slug}/manage/")
    page.get_by_role("button", name="Accept Ada Applicant").click()
    expect(page.get_by_text("Ada Applicant is now a member")).to_be_visible()
    meeting = staff_group.meetings.get()
    page.goto(f"/groups/{staff_group.slug}/manage/meetings/{meeting.pk}/attendance/")
    page.get_by_role("button", name="Record attendance").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("There is a problem")
    page.get_by_label(staff_user.person.full_name).check()
    page.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_text("1 attendance recorded.")).to_be_visible()
    assert Attendance.objects.filter(meeting=meeting).count() == 1
