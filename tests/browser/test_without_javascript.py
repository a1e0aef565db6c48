"""The site does its job with JavaScript switched off: searching and signing in."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from qihub.core.models import User

from .conftest import PASSWORD


@pytest.fixture
def page_without_js(browser: Browser, site: LiveServer) -> Iterator[Page]:
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_search_then_sign_in_without_javascript(page_without_js: Page, staff_user: User) -> None:
    page = page_without_js
    page.goto("/")
    header_search = page.get_by_role("banner").get_by_role("search")
    header_search.get_by_label("Search this site").fill("aims")
    header_search.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/search/\?q=aims$"))
    expect(page.locator("main ul").get_by_role("link", name="Our aims")).to_be_visible()

    page.get_by_role("banner").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(staff_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.locator("h1")).to_have_text("My account")
