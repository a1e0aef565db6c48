"""The programme's public pages in a real browser: accessible (axe) on a 320 px phone and a
desktop, and readable without JavaScript, signed out."""

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from qihub.measurement.models import DataPoint, DataSource, DataType
from qihub.measurement.tests.factories import MeasureFactory
from qihub.programme.models import Stage
from qihub.programme.services import stage_save, statement_publish
from qihub.programme.tests.factories import aim_make
from qihub.programme.tests.test_aims import FALLING, STEADY

from .conftest import DESKTOP, PHONE, axe_violations, horizontal_overflow

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
PAGES = [
    pytest.param("/programme/", "Our mission and aims", id="mission-and-aims"),
    pytest.param("/programme/aims/fewer-falls/", "Fewer falls", id="aim"),
    pytest.param("/programme/aims/four-hours/", "Four hours", id="aim-proportion"),
    pytest.param("/programme/aims/new-aim/", "New aim", id="aim-without-data"),
    pytest.param("/programme/stages/", "The stages of our programme", id="stages"),
    pytest.param("/programme/history/", "How our mission and vision have changed", id="history"),
]


@pytest.fixture
def programme(site: LiveServer) -> None:
    statement_publish(kind="vision", text="The best community care in England.", actor=None)
    statement_publish(kind="mission", text="Safe, kind care for everyone.", actor=None)
    statement_publish(
        kind="mission", text="Safe, kind care.\n\nImproved by all of us, every day.", actor=None
    )
    for position, name in enumerate(["Direction", "Building will", "Building capability"]):
        stage_save(stage=Stage(name=name, position=position, narrative=f"{name}."), actor=None)
    aim_make(title="Fewer falls", values=FALLING)
    aim_make(title="Shorter waits", values=STEADY)
    proportion = aim_make(title="Four hours", values=None)
    proportion.measure.data_type = DataType.PROPORTION
    proportion.measure.save()
    monthly_proportion(proportion.measure)
    aim_make(title="New aim")
    MeasureFactory.create()  # a measure no aim uses: not on the programme's pages


def monthly_proportion(measure) -> None:
    DataPoint.objects.bulk_create(
        DataPoint(
            measure=measure,
            data_type=measure.data_type,
            period=dt.date(2021, month, 1),
            numerator=780 + (month * 7) % 40,
            denominator=1000,
            source=DataSource.DEMO,
        )
        for month in range(1, 13)
    )


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(("path", "heading"), PAGES)
def test_programme_pages_are_accessible(
    page: Page, programme: None, viewport: ViewportSize, path: str, heading: str
) -> None:
    page.set_viewport_size(viewport)
    page.goto(path)
    expect(page.locator("h1")).to_contain_text(heading)
    report = axe_violations(page)
    assert not report, report
    if viewport == PHONE:
        assert horizontal_overflow(page) == 0, "the page scrolls sideways on a 320 px phone"


@pytest.fixture
def page_without_js(browser: Browser, site: LiveServer) -> Iterator[Page]:
    context = browser.new_context(base_url=site.url, java_script_enabled=False, viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_a_visitor_reads_the_mission_and_an_aim_without_javascript(
    page_without_js: Page, programme: None
) -> None:
    page = page_without_js
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Mission and aims").click()
    expect(page.locator("h1")).to_have_text("Our mission and aims")
    expect(page.get_by_text("Improved by all of us, every day.")).to_be_visible()
    page.get_by_role("link", name="Fewer falls").click()
    expect(page).to_have_url(re.compile(r"/programme/aims/fewer-falls/$"))
    expect(page.locator(".qihub-spc-figure svg:visible").first).to_be_visible()
    expect(page.get_by_role("link", name="The data as a spreadsheet (CSV)")).to_be_visible()
    page.get_by_role("link", name="All our aims").click()
    page.get_by_role("link", name="The stages of our programme").click()
    expect(page.get_by_text("Current stage")).to_be_visible()


LONG_NAME = (
    "Patients over 65 admitted as an emergency who fall on a ward in their first 72 hours, "
    "per 1,000 occupied bed days"
)


@pytest.mark.browser
def test_a_long_chart_title_reads_in_full_on_a_phone(page: Page, programme: None) -> None:
    aim = aim_make(title="Fewer early falls", values=FALLING)
    aim.measure.name = LONG_NAME
    aim.measure.save()
    page.set_viewport_size(PHONE)
    page.goto(f"/programme/aims/{aim.slug}/")
    chart = page.locator(".qihub-spc-figure__narrow svg")
    expect(chart).to_be_visible()
    lines = chart.evaluate(
        """svg => Array.from(svg.querySelectorAll("text"))
            .filter(text => text.getAttribute("font-weight") === "bold")
            .map(text => {
                const box = text.getBBox();
                return {text: text.textContent, left: box.x, right: box.x + box.width};
            })"""
    )
    width = chart.evaluate("svg => svg.viewBox.baseVal.width")
    title = [line for line in lines if line["text"] in LONG_NAME]
    assert " ".join(line["text"] for line in title) == LONG_NAME
    assert len(title) > 2  # more than the two lines it was cut to
    assert all(line["left"] >= 0 and line["right"] <= width for line in title)
    assert horizontal_overflow(page) == 0
