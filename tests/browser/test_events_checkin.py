"""Check-in at the door, the feedback form and the report in a real browser: accessible at 320
and 1280 px; the name search checks someone in with JavaScript off; and the camera scanner reads a
ticket's QR code from a (fake) camera and checks its holder in."""

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import segno
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from qihub.conftest import _account_for
from qihub.core.models import User
from qihub.core.tests.factories import StaffFactory
from qihub.events.models import Event, Registration
from qihub.events.models_checkin import DoorStaff
from qihub.events.services import event_register
from qihub.events.services.checkin import door_check_in
from qihub.events.services.feedback import feedback_give, feedback_token
from qihub.events.tests.factories import event_make

from .conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, axe_violations, horizontal_overflow

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


def _check(page: Page, viewport: ViewportSize, heading: str) -> None:
    expect(page.locator("h1")).to_contain_text(heading)
    report = axe_violations(page)
    assert not report, report
    if viewport == PHONE:
        assert horizontal_overflow(page) == 0, "the page scrolls sideways on a 320 px phone"


def _sign_in(context: BrowserContext, user: User, site: LiveServer) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site.url}])


def _attendee(event: Event, first_name: str, last_name: str) -> Registration:
    user = _account_for(StaffFactory.create(first_name=first_name, last_name=last_name))
    return event_register(event=event, user=user)


@pytest.fixture
def event_on(site: LiveServer) -> Event:
    """An event starting in an hour: the door is open."""
    return event_make(starts=datetime.timedelta(hours=1), capacity=20, title="Launch event")


@pytest.fixture
def door(event_on: Event) -> User:
    user = _account_for(StaffFactory.create(first_name="Dora", last_name="Door"))
    DoorStaff.objects.create(event=event_on, person=user.person)
    return user


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_door_pages_are_accessible(
    page: Page,
    viewport: ViewportSize,
    event_on: Event,
    qi_team_user: User,
    sign_in: Callable[[User], None],
) -> None:
    registration = _attendee(event_on, "Priya", "Sharma")
    _attendee(event_on, "Priya", "Patel")
    door_check_in(event=event_on, ticket_code=registration.ticket_code, user=qi_team_user)
    sign_in(qi_team_user)
    page.set_viewport_size(viewport)
    page.goto(f"/events/{event_on.slug}/door/?q=priya")
    _check(page, viewport, "Check-in")
    expect(page.get_by_text("Checked in at")).to_be_visible()
    page.get_by_role("button", name="Check in Priya Patel").click()
    expect(page.get_by_text("Priya Patel is checked in.")).to_be_visible()
    _check(page, viewport, "Check-in")
    page.get_by_label("Ticket code").fill("FORGED")
    page.get_by_role("button", name="Check in", exact=True).click()
    expect(page.get_by_text("This ticket is not for this event")).to_be_visible()
    _check(page, viewport, "Check-in")
    page.goto(f"/events/{event_on.slug}/door/walk-in/?q=priya")
    _check(page, viewport, "Add a walk-in")
    page.get_by_role("button", name="Add and check in", exact=True).click()
    _check(page, viewport, "Add a walk-in")
    page.goto(f"/events/{event_on.slug}/door/staff/?q=priya")
    _check(page, viewport, "Who checks people in")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_feedback_form_and_the_report_are_accessible(
    page: Page,
    viewport: ViewportSize,
    event_on: Event,
    qi_team_user: User,
    sign_in: Callable[[User], None],
) -> None:
    came = _attendee(event_on, "Ada", "Lovelace")
    other = _attendee(event_on, "Alan", "Turing")
    for registration in (came, other):
        door_check_in(event=event_on, ticket_code=registration.ticket_code, user=qi_team_user)
    feedback_give(token=feedback_token(other), rating=4, went_well="The SPC session.")
    page.set_viewport_size(viewport)
    page.goto(f"/events/feedback/{feedback_token(came)}/")
    _check(page, viewport, "How was it?")
    page.get_by_role("button", name="Send my feedback").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose a rating")
    _check(page, viewport, "How was it?")
    page.get_by_label("5 – Excellent").check()
    page.get_by_label("What could be better? (optional)").fill("More chairs.")
    page.get_by_role("button", name="Send my feedback").click()
    _check(page, viewport, "Thank you for your feedback")
    sign_in(qi_team_user)
    page.goto(f"/events/{event_on.slug}/report/")
    _check(page, viewport, "Report")
    expect(page.get_by_text("More chairs.")).to_be_visible()
    expect(page.get_by_text("4.5", exact=True)).to_be_visible()


@pytest.fixture
def page_without_js(browser: Browser, site: LiveServer) -> Iterator[Page]:
    context = browser.new_context(base_url=site.url, java_script_enabled=False, viewport=PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_door_staff_check_someone_in_by_name_without_javascript(
    page_without_js: Page, event_on: Event, door: User, site: LiveServer
) -> None:
    registration = _attendee(event_on, "Grace", "Hopper")
    page = page_without_js
    _sign_in(page.context, door, site)
    page.goto(f"/events/{event_on.slug}/door/")
    expect(page.locator("#scanner")).to_be_hidden()
    page.get_by_label("Name or email address").fill("hopper")
    page.get_by_role("button", name="Find", exact=True).click()
    page.get_by_role("button", name="Check in Grace Hopper").click()
    expect(page.get_by_text("Grace Hopper is checked in.")).to_be_visible()
    registration.refresh_from_db()
    assert registration.checked_in_by == door


def _camera_video(path: Path, text: str) -> None:
    """A short Y4M video of the ticket's QR code, for Chromium's fake camera."""
    qr = segno.make(text, error="m")
    matrix = [list(row) for row in qr.matrix_iter(scale=8, border=6)]
    height, width = len(matrix), len(matrix[0])
    luma = bytes(0 if dark else 255 for row in matrix for dark in row)
    chroma = bytes([128]) * ((width // 2) * (height // 2))
    frame = b"FRAME\n" + luma + chroma + chroma
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        video.write(frame * 10)


@pytest.mark.browser
def test_the_camera_scanner_checks_a_ticket_in(
    browser: Browser, event_on: Event, door: User, site: LiveServer, tmp_path: Path
) -> None:
    registration = _attendee(event_on, "Katherine", "Johnson")
    video = tmp_path / "ticket.y4m"
    _camera_video(video, registration.ticket_code)
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    # A browser of its own: the camera's fake video is chosen when Chromium starts.
    chromium = browser.browser_type.launch(executable_path=CHROMIUM, args=args)
    try:
        context = chromium.new_context(base_url=site.url, viewport=PHONE)
        context.grant_permissions(["camera"], origin=site.url)
        _sign_in(context, door, site)
        page = context.new_page()
        page.goto(f"/events/{event_on.slug}/door/")
        page.get_by_role("button", name="Start the camera").click()
        result = page.locator("#scan-result")
        expect(result).to_have_text("Katherine Johnson is checked in.", timeout=15_000)
        expect(page.locator('[data-count="checked_in"]')).to_have_text("1")
    finally:
        chromium.close()
    registration.refresh_from_db()
    assert registration.checked_in_by == door
