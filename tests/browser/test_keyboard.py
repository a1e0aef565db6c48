"""Keyboard users reach the skip link first, and it takes them to the main content."""

import pytest
from playwright.sync_api import Page


@pytest.mark.browser
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(
    page: Page, subtests: pytest.Subtests
) -> None:
    for path in ["/", "/about-the-programme/", "/accounts/login/"]:
        with subtests.test(path=path):
            page.goto(path)

            page.keyboard.press("Tab")

            skip_link = page.locator(":focus")
            assert skip_link.inner_text() == "Skip to main content"
            box = skip_link.bounding_box()
            assert box is not None and box["width"] > 1 and box["height"] > 1, "not visible"

            page.keyboard.press("Enter")

            assert page.evaluate("document.activeElement.id") == "maincontent"
