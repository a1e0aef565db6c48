"""Competitions in a real browser: accessible pages, a keyboard-only and script-free ballot, and
live turnout that updates without a reload."""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from qihub.competitions.builders import EntryPlan, Stage, competition_build
from qihub.competitions.models import Ballot, Competition, Elector, PanelMember, SealedVote
from qihub.competitions.selectors import team_invitation_token
from qihub.competitions.services import vote_cast
from qihub.competitions.tests.factories import (
    brand_draft,
    entry_sent,
    image_bytes,
    mixed_panel,
    user_for,
)
from qihub.core.models import User
from qihub.core.tests.factories import StaffFactory, TeamFactory

from .conftest import DESKTOP, PHONE, axe_violations, horizontal_overflow

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
TITLES = ["Bold heart", "Open door", "Rising sun", "Helping hands"]
RECEIPT = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def _build(stage: Stage) -> tuple[Competition, dict[str, PanelMember]]:
    """A brand competition at `stage`, with a mixed panel and four entries."""
    competition = brand_draft(shortlist_size=3)
    panel = mixed_panel(competition)
    entries = [
        EntryPlan(
            person=StaffFactory.create(),
            title=title,
            description=f"{title}: a simple mark in NHS blue.",
            image=image_bytes("PNG", size=(480, 320)),
        )
        for title in TITLES
    ]
    chair = user_for(panel["chair"].person)
    competition_build(competition=competition, stage=stage, entries=entries, confirmed_by=chair)
    return competition, panel


@pytest.fixture
def shortlisting(site: LiveServer) -> tuple[Competition, dict[str, PanelMember]]:
    return _build(Stage.SHORTLISTING)


@pytest.fixture
def voting(site: LiveServer, staff_user: User) -> Competition:
    """Voting is open; `staff_user` was on the roster when it opened, so may vote."""
    competition, _ = _build(Stage.VOTING)
    assert Elector.objects.filter(competition=competition, person__user=staff_user).exists()
    return competition


def _check(page: Page, viewport: ViewportSize, heading: str) -> None:
    expect(page.locator("h1")).to_contain_text(heading)
    screenshots = os.environ.get("QIHUB_SCREENSHOT_DIR")
    if screenshots:  # to look at the pages, not to compare them
        name = f"{re.sub(r'[^a-z0-9]+', '-', heading.lower())}-{viewport['width']}.png"
        page.screenshot(path=str(Path(screenshots) / name), full_page=True)
    report = axe_violations(page)
    assert not report, report
    if viewport == PHONE:
        assert horizontal_overflow(page) == 0, "the page scrolls sideways on a 320 px phone"


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_competition_page_is_accessible(
    page: Page, viewport: ViewportSize, voting: Competition, staff_user: User, sign_in
) -> None:
    sign_in(staff_user)
    page.set_viewport_size(viewport)
    page.goto(f"/competitions/{voting.slug}/")
    _check(page, viewport, "Design our brand")
    expect(page.get_by_role("button", name="Vote now")).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_ballot_page_is_accessible(
    page: Page,
    viewport: ViewportSize,
    voting: Competition,
    staff_user: User,
    sign_in: Callable[[User], None],
) -> None:
    sign_in(staff_user)
    page.set_viewport_size(viewport)
    page.goto(f"/competitions/{voting.slug}/vote/")
    _check(page, viewport, "Vote for one entry")
    group = page.get_by_role("group", name="Vote for one entry")
    for number, title in enumerate(TITLES[:3], start=1):
        expect(group.get_by_role("radio", name=f"Entry {number}: {title}")).to_be_visible()
    expect(page.get_by_role("img", name="Entry 1, Bold heart: image 1")).to_be_visible()
    # The form's own errors are accessible too.
    page.get_by_role("button", name="Send my vote").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the entry")
    report = axe_violations(page)
    assert not report, report


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_receipt_pages_are_accessible(
    page: Page,
    viewport: ViewportSize,
    voting: Competition,
    staff_user: User,
    sign_in: Callable[[User], None],
) -> None:
    sign_in(staff_user)
    page.set_viewport_size(viewport)
    page.goto(f"/competitions/{voting.slug}/vote/")
    page.get_by_label("Entry 2: Open door").check()
    page.get_by_role("button", name="Send my vote").click()
    _check(page, viewport, "Your vote has been counted")
    receipt = page.locator("[data-receipt-code]").inner_text()
    assert RECEIPT.fullmatch(receipt)

    page.get_by_role("link", name="Check your receipt code").click()
    _check(page, viewport, "Check that a vote is counted")
    page.get_by_label("Receipt code").fill(receipt)
    page.get_by_role("button", name="Check the code").click()
    expect(page.get_by_role("heading", name="This vote is counted")).to_be_visible()
    _check(page, viewport, "Check that a vote is counted")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_turnout_page_is_accessible(page: Page, viewport: ViewportSize, voting: Competition):
    for elector in Elector.objects.filter(competition=voting)[:6]:
        vote_cast(competition=voting, person=elector.voter, entry=voting.entries.get(number=1))
    page.set_viewport_size(viewport)
    page.goto(f"/competitions/{voting.slug}/turnout/")
    _check(page, viewport, "Live turnout")
    expect(page.locator("[data-turnout='votes']")).to_have_text("6")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_panel_scoring_page_is_accessible(
    page: Page,
    viewport: ViewportSize,
    shortlisting: tuple[Competition, dict[str, PanelMember]],
    sign_in: Callable[[User], None],
) -> None:
    competition, panel = shortlisting
    sign_in(user_for(panel["patient"].person))
    page.set_viewport_size(viewport)
    page.goto(f"/competitions/{competition.slug}/panel/")
    _check(page, viewport, "Shortlisting panel")
    page.get_by_role("link", name="Score Entry 1: Bold heart").click()
    _check(page, viewport, "Entry 1: Bold heart")
    page.get_by_role("group", name="Clarity").get_by_label("4").check()
    page.get_by_role("group", name="Originality").get_by_label("5 (excellent)").check()
    page.get_by_role("button", name="Save my scores").click()
    expect(page.locator(".qihub-message")).to_contain_text("Your scores for Entry 1")
    _check(page, viewport, "Shortlisting panel")


@pytest.mark.browser
def test_ballot_works_by_keyboard_alone(
    page: Page, voting: Competition, staff_user: User, sign_in: Callable[[User], None]
) -> None:
    sign_in(staff_user)
    page.goto(f"/competitions/{voting.slug}/vote/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "entry":
            break
    else:
        pytest.fail("Tab never reached the ballot's radios")
    assert page.evaluate("document.activeElement.id") == "id_entry_0"
    page.keyboard.press("ArrowDown")  # moves to, and chooses, the next entry
    assert page.evaluate("document.activeElement.id") == "id_entry_1"
    page.keyboard.press("Space")
    # The shortlist is shown in a random order: read which entry the second radio is.
    chosen = page.locator("label[for=id_entry_1]").inner_text().strip()
    assert chosen.startswith("Entry ")
    expect(page.get_by_label(chosen)).to_be_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Send my vote"
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Your vote has been counted")
    expect(page.get_by_text(f"You voted for {chosen}.")).to_be_visible()


@pytest.fixture
def page_without_js(browser: Browser, site: LiveServer, staff_user: User) -> Iterator[Page]:
    """A phone with JavaScript off, signed in as `staff_user`."""
    phone = ViewportSize(width=PHONE["width"], height=PHONE["height"])
    context = browser.new_context(base_url=site.url, java_script_enabled=False, viewport=phone)
    client = Client()
    client.force_login(staff_user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site.url,
            }
        ]
    )
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_ballot_works_without_javascript_on_a_phone(
    page_without_js: Page, voting: Competition, staff_user: User
) -> None:
    page = page_without_js
    stale = page.context.new_page()  # the same ballot, open in another tab
    stale.goto(f"/competitions/{voting.slug}/vote/")
    page.goto(f"/competitions/{voting.slug}/vote/")
    page.get_by_text("Entry 3: Rising sun").click()  # the label, as a thumb would
    page.get_by_role("button", name="Send my vote").click()
    expect(page.locator("h1")).to_have_text("Your vote has been counted")
    assert RECEIPT.fullmatch(page.locator("[data-receipt-code]").inner_text())
    assert horizontal_overflow(page) == 0
    # Sending the ballot again from the other tab is refused, and makes no second ballot.
    stale.get_by_text("Entry 1: Bold heart").click()
    stale.get_by_role("button", name="Send my vote").click()
    expect(stale.locator("h1")).to_have_text("You have already voted")
    filled = Ballot.objects.filter(competition=voting, entry__isnull=False).count()
    assert filled + SealedVote.objects.filter(competition=voting).count() == 1
    page.goto(f"/competitions/{voting.slug}/vote/")
    expect(page.locator("h1")).to_have_text("You have voted")


@pytest.mark.browser
def test_turnout_updates_without_reload_when_a_vote_is_cast(
    page: Page, voting: Competition
) -> None:
    page.goto(f"/competitions/{voting.slug}/turnout/")
    expect(page.locator("[data-turnout='votes']")).to_have_text("0")
    page.evaluate("window.qihubNotReloaded = true")
    elector = Elector.objects.filter(competition=voting).first()
    assert elector is not None
    vote_cast(competition=voting, person=elector.voter, entry=voting.entries.get(number=2))
    expect(page.locator("[data-turnout='votes']")).to_have_text("1", timeout=15_000)
    expect(page.locator("[data-turnout='summary']")).to_contain_text("1 of")
    expect(page.locator("[data-turnout='last_five_minutes']")).to_have_text("1")
    assert page.evaluate("window.qihubNotReloaded") is True
    # Nothing on the page says how the entries are doing.
    body = page.locator("main").inner_text()
    for title in TITLES:
        assert title not in body


@pytest.mark.browser
def test_the_qi_team_picks_a_panel_member_by_typing_an_employee_number(
    page: Page, site: LiveServer, qi_team_user: User, sign_in: Callable[[User], None]
) -> None:
    competition = brand_draft(shortlist_size=3)
    pharmacy = TeamFactory.create(name="Pharmacy", code="PHA")
    wanted = StaffFactory.create(
        first_name="Aisha", last_name="Adams", employee_number="200482", team=pharmacy
    )
    StaffFactory.create_batch(30, first_name="Aisha", last_name="Adams")  # namesakes
    sign_in(qi_team_user)
    page.goto(f"/admin/snippets/competitions/competition/edit/{competition.pk}/")
    page.get_by_role("button", name="Add panel member").click()
    page.get_by_role("button", name="Choose person").click()
    modal = page.locator(".modal")
    expect(modal.get_by_role("link", name="Aisha Adams")).to_have_count(25)  # a page of them
    modal.get_by_label("Search by name, email, employee number or team").fill("200482")
    expect(modal.get_by_role("link", name="Aisha Adams")).to_have_count(1)
    expect(modal.get_by_role("row", name=re.compile("Pharmacy"))).to_contain_text("Member of staff")
    modal.get_by_role("link", name="Aisha Adams").click()
    chosen = "Aisha Adams (Member of staff, Pharmacy (PHA), employee number 200482)"
    expect(page.get_by_text(chosen)).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("updated")
    assert [member.person for member in competition.panel_members.all()] == [wanted]


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_team_invitation_and_team_pages_are_accessible(
    page: Page,
    viewport: ViewportSize,
    site: LiveServer,
    staff_user: User,
    sign_in: Callable[[User], None],
) -> None:
    competition = brand_draft(shortlist_size=3)
    competition_build(competition=competition, stage=Stage.ENTRIES_OPEN)
    invitee = StaffFactory.create(email="tina.team@trust.example")
    entry = entry_sent(competition, staff_user.person, invite=["tina.team@trust.example"])
    token = team_invitation_token(entry.invitations.get())
    sign_in(user_for(invitee))
    page.set_viewport_size(viewport)
    page.goto(f"/competitions/{competition.slug}/team-invitations/{token}/")
    _check(page, viewport, "Join the team of Entry 1: Bold heart?")
    page.get_by_label("Name me beside the entry in the published results").check()
    page.get_by_role("button", name="Join the team").click()
    expect(page.locator(".qihub-message")).to_contain_text("You are on the team of Entry 1")
    page.goto(f"/competitions/{competition.slug}/my-entries/1/team/")
    _check(page, viewport, "The team of Entry 1: Bold heart")
    page.get_by_label("Email addresses").fill("not an address")
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("is not an email address")
    _check(page, viewport, "The team of Entry 1: Bold heart")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_stage_buttons_ask_first_and_refusals_are_errors(
    page: Page,
    viewport: ViewportSize,
    site: LiveServer,
    qi_team_user: User,
    sign_in: Callable[[User], None],
) -> None:
    competition = brand_draft(shortlist_size=3)
    competition_build(competition=competition, stage=Stage.ENTRIES_CLOSED)
    sign_in(qi_team_user)
    page.set_viewport_size(viewport)
    page.goto(f"/competitions/{competition.slug}/manage/")
    page.get_by_role("button", name="Start shortlisting").click()
    _check(page, viewport, "Start shortlisting?")
    expect(page.get_by_text("This cannot be undone")).to_be_visible()
    page.get_by_role("button", name="Yes, start shortlisting").click()
    # Refused: the panel is not mixed (it has no one), shown as an error, not as news.
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("The panel must be mixed")
    expect(page.locator(".qihub-message")).to_have_count(0)
    _check(page, viewport, "Design our brand")
