"""The chart partial on a page that is not /spc/ (two measures, downloads by GET), in a real
browser: accessible and within the screen on a phone and a desktop, one drawing of each chart
visible, and the downloads working without JavaScript."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from qihub.measurement.tests.chart_page import PAGE

from .conftest import DESKTOP, PHONE, axe_violations, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.urls("qihub.measurement.tests.chart_page")]


@pytest.mark.parametrize(
    "viewport", [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
)
def test_two_charts_on_one_page_are_accessible_and_fit(viewport: ViewportSize, page: Page) -> None:
    page.set_viewport_size(viewport)
    page.goto(PAGE)

    expect(page.locator("svg.qihub-spc-chart:visible")).to_have_count(2)
    expect(page.get_by_role("img", name="Falls on ward 7")).to_be_visible()
    expect(page.get_by_role("img", name="Patients with a falls risk assessment")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="Falls on ward 7")).to_be_visible()
    expect(page.locator("#falls p", has_text="Special cause improvement since")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("PDSA 1: <hourly> rounding & huddles")
    for chart in page.locator("svg.qihub-spc-chart:visible").all():
        box = chart.bounding_box()
        assert box is not None and box["width"] <= viewport["width"]
    assert not axe_violations(page), axe_violations(page)
    assert horizontal_overflow(page) == 0, "the page scrolls sideways"


@pytest.fixture
def page_without_js(browser: Browser, site: LiveServer) -> Iterator[Page]:
    context = browser.new_context(base_url=site.url, java_script_enabled=False, viewport=PHONE)
    yield context.new_page()
    context.close()


def test_downloads_by_get_without_javascript(page_without_js: Page) -> None:
    page = page_without_js
    page.goto(PAGE)

    falls = page.locator("#falls")
    with page.expect_download() as download:
        falls.get_by_role("button", name="Data and limits (CSV)").click()
    assert download.value.suggested_filename == "falls-on-ward-7.csv"
    lines = Path(download.value.path()).read_text().splitlines()
    assert lines[0].startswith("point,date,value,centre") and len(lines) == 23
    with page.expect_download() as download:
        page.locator("#assessed").get_by_role("button", name="Picture (PNG)").click()
    assert download.value.suggested_filename == "patients-with-a-falls-risk-assessment.png"
    assert Path(download.value.path()).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
