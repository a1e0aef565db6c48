"""Events in a real browser: every page type accessible at 320 and 1280 px, the ticket's QR code
fitting a phone, and a visitor registering and confirming with JavaScript off."""

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from qihub.core.models import User
from qihub.events.models import Event, Registration, RegistrationStatus
from qihub.events.services import cancel_token, event_register, visitor_confirm_token
from qihub.events.tests.factories import event_make

from .conftest import DESKTOP, PHONE, axe_violations, horizontal_overflow

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


def _check(page: Page, viewport: ViewportSize, heading: str) -> None:
    expect(page.locator("h1")).to_contain_text(heading)
    report = axe_violations(page)
    assert not report, report
    if viewport == PHONE:
        assert horizontal_overflow(page) == 0, "the page scrolls sideways on a 320 px phone"


@pytest.fixture
def full_event(site: LiveServer, public_user: User) -> Event:
    event = event_make(
        title="Launch: Improving together",
        capacity=1,
        accessibility="Step-free access; a hearing loop.",
    )
    event_register(event=event, user=public_user)
    return event


@pytest.fixture
def past_event(site: LiveServer) -> Event:
    event = event_make(title="Roadshow: Community Health")
    Event.objects.filter(pk=event.pk).update(
        starts_at=event.starts_at - datetime.timedelta(days=30),
        ends_at=event.ends_at - datetime.timedelta(days=30),
        registration_opens_at=event.registration_opens_at - datetime.timedelta(days=30),
        registration_closes_at=event.registration_closes_at - datetime.timedelta(days=30),
    )
    return event


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_event_pages_are_accessible(
    page: Page,
    viewport: ViewportSize,
    full_event: Event,
    past_event: Event,
    staff_user: User,
    sign_in: Callable[[User], None],
) -> None:
    page.set_viewport_size(viewport)
    page.goto("/events/")
    _check(page, viewport, "Events")
    page.goto("/events/past/")
    _check(page, viewport, "Past events")
    expect(page.get_by_text(past_event.title)).to_be_visible()
    page.goto(f"/events/{full_event.slug}/")
    _check(page, viewport, full_event.title)
    page.goto(f"/events/{full_event.slug}/register/")
    _check(page, viewport, "Join the waiting list")
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("There is a problem")
    _check(page, viewport, "Join the waiting list")
    visitor = event_register(
        event=event_make(title="Webinar"), user=AnonymousUser(), name="Vi", email="vi@example.org"
    )
    page.goto(f"/events/confirm/{visitor_confirm_token(visitor)}/")
    _check(page, viewport, "Confirm your registration")
    page.get_by_role("button", name="Confirm my registration").click()
    _check(page, viewport, "Webinar")  # the ticket
    qr = page.locator(".qihub-ticket svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box is not None and 200 <= box["width"] <= 320
    page.goto(f"/events/cancel/{cancel_token(visitor)}/")
    _check(page, viewport, "Cancel your registration")
    page.get_by_role("button", name="Cancel my registration").click()
    _check(page, viewport, "Your registration is cancelled")
    sign_in(staff_user)
    page.goto(f"/events/{full_event.slug}/register/")
    page.get_by_role("button", name="Join the waiting list").click()
    _check(page, viewport, full_event.title)
    expect(page.get_by_text("number 1 on the waiting list")).to_be_visible()
    page.goto("/events/mine/")
    _check(page, viewport, "My events")
    expect(page.get_by_text("Waiting list: number 1")).to_be_visible()


@pytest.fixture
def page_without_js(browser: Browser, site: LiveServer) -> Page:
    context = browser.new_context(base_url=site.url, java_script_enabled=False, viewport=PHONE)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.mark.browser
def test_a_visitor_registers_and_confirms_without_javascript(
    page_without_js: Page, site: LiveServer
) -> None:
    page = page_without_js
    event = event_make(title="Patients' evening", capacity=5)
    page.goto(f"/events/{event.slug}/")
    expect(page.get_by_text("5 of 5 places left")).to_be_visible()
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Your name").fill("Pat Visitor")
    page.get_by_label("Your email address").fill("pat.visitor@example.org")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    registration = Registration.objects.get(email="pat.visitor@example.org")
    assert registration.status == RegistrationStatus.PENDING
    page.goto(f"/events/confirm/{visitor_confirm_token(registration)}/")
    page.get_by_role("button", name="Confirm my registration").click()
    expect(page.get_by_text(registration.ticket_code, exact=True)).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    page.goto(f"/events/{event.slug}/")
    expect(page.get_by_text("4 of 5 places left")).to_be_visible()
