"""Signing in and out in a real browser, by password and by a code sent by email."""

import re

import pytest
from django.core.mail import EmailMessage
from playwright.sync_api import Locator, Page, expect

from qihub.core.models import User

from .conftest import PASSWORD, PHONE, axe_violations, horizontal_overflow


def _header_account(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Account")


@pytest.mark.browser
def test_sign_in_then_my_account_then_sign_out(page: Page, staff_user: User) -> None:
    page.goto("/")
    _header_account(page).get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(staff_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.locator("h1")).to_have_text("My account")
    expect(page.locator("main")).to_contain_text(staff_user.email)

    _header_account(page).get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(_header_account(page).get_by_role("link", name="Sign in")).to_be_visible()
    page.goto("/account/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/account/$"))


@pytest.mark.browser
def test_wrong_password_is_explained_accessibly(page: Page, staff_user: User) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(staff_user.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator(".nhsuk-error-summary")).to_contain_text("password you specified")
    report = axe_violations(page)
    assert not report, report
    assert horizontal_overflow(page) == 0


@pytest.mark.browser
def test_sign_in_by_code_sent_by_email(
    page: Page, public_user: User, mailoutbox: list[EmailMessage]
) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/code/")
    page.get_by_label("Email").fill(public_user.email)
    page.get_by_role("button", name="Request code").click()

    expect(page.locator("h1")).to_have_text(re.compile("Enter sign-in code", re.IGNORECASE))
    report = axe_violations(page)
    assert not report, report
    assert horizontal_overflow(page) == 0

    (message,) = mailoutbox
    code = re.search(r"browser window\.\s+(\S+)", str(message.body))
    assert code is not None, message.body
    page.get_by_label("Code").fill(code.group(1))
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.locator("h1")).to_have_text("My account")


@pytest.mark.browser
def test_sign_up_explains_errors_then_asks_to_verify_the_email(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/accounts/signup/")
    page.get_by_role("button", name="Sign up").click()

    expect(page.locator(".nhsuk-error-message").first).to_be_visible()
    report = axe_violations(page)
    assert not report, report

    page.get_by_label("Email").fill("new.carer@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Carer")
    page.get_by_label("How do you take part?").select_option(label="Carer")
    page.get_by_role("button", name="Sign up").click()

    expect(page.locator("h1")).to_have_text(re.compile("Verify your email address", re.I))
    report = axe_violations(page)
    assert not report, report
    assert horizontal_overflow(page) == 0
