"""The critical-mass dashboard in a real browser: the QI team's dashboard and drill-down, a
leader's view and the public page, accessible at 320 and 1280 px."""

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from qihub.core.models import Directorate, Team, User
from qihub.core.tests.factories import StaffFactory, TeamFactory
from qihub.engagement.models import EngagementAim, EngagementLevel
from qihub.engagement.services import engagement_record

from .conftest import DESKTOP, PHONE, axe_violations, horizontal_overflow

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


def _check(page: Page, viewport: ViewportSize, heading: str) -> None:
    expect(page.locator("h1")).to_contain_text(heading)
    report = axe_violations(page)
    assert not report, report
    if viewport == PHONE:
        assert horizontal_overflow(page) == 0, "the page scrolls sideways on a 320 px phone"


@pytest.fixture
def engaged(site: LiveServer, leader_user: User) -> Directorate:
    """Two directorates of 12 staff, a year of acts rising after a launch, the ladder and aim."""
    EngagementLevel.objects.create(name="Aware", position=1, min_acts=1, months=12)
    involved = EngagementLevel.objects.create(name="Involved", position=2, min_acts=2, months=12)
    today = timezone.localdate()
    EngagementAim.objects.create(
        statement="20% of staff in every directorate at Involved or above within a year",
        level=involved,
        share=20,
        starts_on=today - datetime.timedelta(days=300),
        due_on=today + datetime.timedelta(days=65),
    )
    for team in (Team.objects.get(people__user=leader_user), TeamFactory.create()):
        for number, person in enumerate(StaffFactory.create_batch(12, team=team)):
            for act in range(number % 4):
                engagement_record(
                    person=person,
                    kind="voted",
                    subject="competition:1",
                    subject_label="Our brand",
                    occurred_on=today - datetime.timedelta(days=30 * (number + act)),
                )
    return Directorate.objects.get(leaderships__person__user=leader_user)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_qi_teams_dashboard_is_accessible(
    page: Page,
    viewport: ViewportSize,
    engaged: Directorate,
    qi_team_user: User,
    sign_in: Callable[[User], None],
) -> None:
    sign_in(qi_team_user)
    page.set_viewport_size(viewport)
    page.goto("/critical-mass/")
    _check(page, viewport, "Critical mass")
    expect(page.get_by_text("Involved: 2 or more acts of taking part")).to_be_visible()
    page.get_by_role("link", name=engaged.name).click()
    _check(page, viewport, engaged.name)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_leaders_dashboard_and_the_public_page_are_accessible(
    page: Page,
    viewport: ViewportSize,
    engaged: Directorate,
    leader_user: User,
    sign_in: Callable[[User], None],
) -> None:
    page.set_viewport_size(viewport)
    page.goto("/critical-mass/public/")
    _check(page, viewport, "How many staff take part")
    sign_in(leader_user)
    page.goto("/critical-mass/")
    _check(page, viewport, "Critical mass")
    expect(page.get_by_role("link", name=engaged.name)).to_be_visible()
