"""The /spc/ page in a real browser: accessible on a phone and a desktop, with and without
JavaScript, and its downloads.

Set QIHUB_SCREENSHOTS to a folder to keep a full-page screenshot of the chart at each width.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from qihub.measurement.examples import EXAMPLES

from .conftest import DESKTOP, PHONE, axe_violations, horizontal_overflow

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


def _draw_example(page: Page) -> None:
    page.goto("/spc/")
    page.get_by_label("Chart title (optional)").fill(EXAMPLES["xmr"]["title"])
    page.get_by_label("Paste your data").fill(EXAMPLES["xmr"]["csv"])
    page.get_by_label("Which way is improvement?").select_option("decrease")
    page.get_by_label("Target (optional)").fill("5")
    page.get_by_role("button", name="Draw the chart").click()


def _visible_chart(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("svg.qihub-spc-chart:visible")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_empty_page_is_accessible(viewport: ViewportSize, page: Page) -> None:
    page.set_viewport_size(viewport)
    page.goto("/spc/")

    expect(page.locator("h1")).to_have_text("Make an SPC chart")
    assert not axe_violations(page), axe_violations(page)
    assert horizontal_overflow(page) == 0


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_chart_is_accessible_and_fits(viewport: ViewportSize, page: Page) -> None:
    page.set_viewport_size(viewport)
    _draw_example(page)

    chart = _visible_chart(page)
    expect(chart).to_have_count(1)
    expect(chart).to_have_attribute("role", "img")
    expect(page.get_by_role("img", name="Average length of stay (days)")).to_be_visible()
    expect(
        page.locator("main p", has_text="Special cause improvement since January 2024")
    ).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("PDSA 1: criteria-led discharge")
    box = chart.bounding_box()
    assert box is not None and box["width"] <= viewport["width"]
    assert not axe_violations(page), axe_violations(page)
    assert horizontal_overflow(page) == 0, "the page scrolls sideways"
    if folder := os.environ.get("QIHUB_SCREENSHOTS"):
        page.screenshot(path=Path(folder) / f"spc-{viewport['width']}.png", full_page=True)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_bad_data_gets_an_error_summary(viewport: ViewportSize, page: Page) -> None:
    page.set_viewport_size(viewport)
    page.goto("/spc/")
    page.get_by_label("Paste your data").fill("date,value\n2024-01-01,12\n2024-02-01,twelve\n")
    page.get_by_role("button", name="Draw the chart").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Row 3, column value: 'twelve' is not a number")
    expect(page.locator("#id_csv-error")).to_contain_text("Row 3, column value")
    assert page.title().startswith("Error: ")
    assert not axe_violations(page), axe_violations(page)
    assert horizontal_overflow(page) == 0


@pytest.fixture
def page_without_js(browser: Browser, site: LiveServer) -> Iterator[Page]:
    context = browser.new_context(base_url=site.url, java_script_enabled=False, viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_works_without_javascript_and_downloads(page_without_js: Page) -> None:
    page = page_without_js
    _draw_example(page)
    expect(_visible_chart(page)).to_have_count(1)

    downloads = {}
    for button, suffix in (
        ("Picture (PNG)", ".png"),
        ("Scalable picture (SVG)", ".svg"),
        ("Data and limits (CSV)", ".csv"),
    ):
        with page.expect_download() as download:
            page.get_by_role("button", name=button).click()
        downloads[suffix] = download.value
        assert download.value.suggested_filename == f"average-length-of-stay-days{suffix}"

    assert Path(downloads[".png"].path()).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "<svg" in Path(downloads[".svg"].path()).read_text()
    csv_lines = Path(downloads[".csv"].path()).read_text().splitlines()
    assert csv_lines[0].startswith("point,date,value,centre,lower_limit,upper_limit")
    assert len(csv_lines) == 25


EXCEL = "Month\tAttendances\t4-hour %\n" + "".join(
    f"{month} 2024\t{1200 + 17 * number:,}\t{70 + number % 4 + 0.3}%\n"
    for number, month in enumerate(
        ["Jan", "Feb", "Apr", "Mar", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    )
)


def _draw_excel_cells(page: Page) -> None:
    page.goto("/spc/")
    page.get_by_label("Chart title (optional)").fill("Emergency department")
    page.get_by_label("Paste your data").fill(EXCEL)
    page.get_by_label("Target (optional)").fill("95%")
    page.get_by_role("button", name="Draw the chart").click()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_cells_pasted_from_excel_show_the_columns_guessed_and_can_be_changed(
    viewport: ViewportSize, page: Page
) -> None:
    page.set_viewport_size(viewport)
    _draw_excel_cells(page)

    expect(_visible_chart(page)).to_have_count(1)
    expect(page.get_by_label("Date column")).to_have_value("Month")
    expect(page.get_by_label("Value column")).to_have_value("Attendances")
    expect(page.get_by_text("The dates were not in order: 1 row")).to_be_visible()
    assert not axe_violations(page), axe_violations(page)
    assert horizontal_overflow(page) == 0, "the page scrolls sideways"

    page.get_by_label("Value column").select_option("4-hour %")
    page.get_by_role("button", name="Draw the chart").click()

    expect(page.get_by_label("Value column")).to_have_value("4-hour %")
    expect(page.get_by_role("table")).to_contain_text("73.3")
    expect(page.get_by_text("The chart reads these columns of your data.")).to_be_visible()
    assert not axe_violations(page), axe_violations(page)
    assert horizontal_overflow(page) == 0, "the page scrolls sideways"


@pytest.mark.browser
def test_the_columns_can_be_changed_without_javascript(page_without_js: Page) -> None:
    page = page_without_js
    _draw_excel_cells(page)
    page.get_by_label("Date column").select_option("")
    page.get_by_role("button", name="Draw the chart").click()

    expect(_visible_chart(page)).to_have_count(1)
    expect(page.get_by_label("Date column")).to_have_value("")
    expect(page.get_by_role("table")).not_to_contain_text("April 2024")
