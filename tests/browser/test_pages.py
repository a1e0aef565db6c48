"""Every public page type passes axe-core's WCAG 2.2 A and AA rules, on a phone and a desktop.

The pages are checked as subtests of one test, so the database is set up (and, afterwards,
flushed) once rather than once per page: a flush costs seconds on PostgreSQL.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.template.loader import render_to_string
from playwright.sync_api import BrowserContext, Page, ViewportSize, expect

from qihub.core.models import User

from .conftest import DESKTOP, PHONE, axe_violations, horizontal_overflow

VIEWPORTS: dict[str, ViewportSize] = {"phone": PHONE, "desktop": DESKTOP}


@dataclass(frozen=True)
class PublicPage:
    """A page type to check: where it is, who is signed in, and the heading it must show."""

    path: str
    heading: str
    user: str | None = None
    status: int = 200


PAGES = {
    "home": PublicPage("/", "Improving together"),
    "content": PublicPage("/about-the-programme/", "About the programme"),
    "search with results": PublicPage("/search/?q=improvement", "Search"),
    "search without results": PublicPage("/search/?q=xylophone", "Search"),
    "not found": PublicPage("/no-such-page/", "Page not found", status=404),
    "sign in": PublicPage("/accounts/login/", "Sign in"),
    "sign up": PublicPage("/accounts/signup/", "Sign up"),
    "sign in by code": PublicPage("/accounts/login/code/", "Send me a sign-in code"),
    "password reset": PublicPage("/accounts/password/reset/", "Password reset"),
    "my account": PublicPage("/account/", "My account", user="leader"),
    "my account, QI team": PublicPage("/account/", "My account", user="qi_team"),
    "erase account": PublicPage("/account/erase/", "Erase your account", user="public"),
    "forbidden": PublicPage("/account/erase/", "You do not have access", user="staff", status=403),
    "directorate": PublicPage("/account/directorates/{directorate}/", "Directorate", user="leader"),
    "change password": PublicPage("/accounts/password/change/", "Change password", user="staff"),
    "email addresses": PublicPage("/accounts/email/", "Email addresses", user="public"),
    "sign out": PublicPage("/accounts/logout/", "Sign out", user="public"),
}


def _check(page: Page, viewport: ViewportSize, heading: str) -> None:
    assert heading in page.locator("h1").inner_text()
    report = axe_violations(page)
    assert not report, report
    if viewport == PHONE:
        assert horizontal_overflow(page) == 0, "the page scrolls sideways on a 320 px phone"


@pytest.mark.browser
def test_every_page_type_is_accessible_on_a_phone_and_a_desktop(
    context: BrowserContext,
    page: Page,
    sign_in: Callable[[User], None],
    public_user: User,
    staff_user: User,
    leader_user: User,
    qi_team_user: User,
    subtests: pytest.Subtests,
) -> None:
    users = {
        "public": public_user,
        "staff": staff_user,
        "leader": leader_user,
        "qi_team": qi_team_user,
    }
    directorate = leader_user.person.leaderships.get().directorate_id
    for name, public_page in PAGES.items():
        context.clear_cookies()
        if public_page.user:
            sign_in(users[public_page.user])
        for size, viewport in VIEWPORTS.items():
            with subtests.test(page=name, viewport=size):
                page.set_viewport_size(viewport)
                response = page.goto(public_page.path.format(directorate=directorate))

                assert response is not None and response.status == public_page.status
                _check(page, viewport, public_page.heading)


@pytest.mark.browser
def test_server_error_page_is_accessible(page: Page, subtests: pytest.Subtests) -> None:
    """The 500 page stands alone (no database, no context), so render it into a page."""
    page.goto("/healthz")  # any page of the site, so the error page's stylesheet loads
    page.set_content(render_to_string("500.html"))
    for size, viewport in VIEWPORTS.items():
        with subtests.test(viewport=size):
            page.set_viewport_size(viewport)
            _check(page, viewport, "Sorry, there is a problem")


@pytest.mark.browser
def test_healthz_answers_json(page: Page) -> None:
    response = page.goto("/healthz")

    assert response is not None and response.status == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.browser
def test_breadcrumb_is_a_back_link_on_a_phone_and_a_trail_on_a_desktop(page: Page) -> None:
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    page.set_viewport_size(PHONE)
    page.goto("/about-the-programme/")

    expect(breadcrumb.get_by_role("link", name="Back to Improving together")).to_be_visible()
    expect(breadcrumb.get_by_role("list")).to_be_hidden()

    page.set_viewport_size(DESKTOP)

    expect(breadcrumb.get_by_role("list").get_by_role("link")).to_have_text(["Improving together"])
    expect(breadcrumb.get_by_role("link", name="Back to Improving together")).to_be_hidden()
