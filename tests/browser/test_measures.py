"""Measures in a real browser: a stored measure's chart and a summary table, accessible and
within the screen on a phone and a desktop (a short measure's run chart says why); and the QI
team recording and uploading data in the back office without JavaScript."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from qihub.core.models import User
from qihub.measurement.models import (
    Annotation,
    DataPoint,
    DataSource,
    DataType,
    IntegrationToken,
    Measure,
    Rebase,
)
from qihub.measurement.tests.factories import MeasureFactory
from qihub.measurement.tests.measure_page import PAGE

from .conftest import DESKTOP, PHONE, axe_violations, horizontal_overflow
from .test_roster_upload import qi_team_page_without_js  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


def _month(index: int) -> dt.date:
    return dt.date(2022 + index // 12, index % 12 + 1, 1)


def _measures() -> None:
    stay = MeasureFactory.create(name="Average length of stay", target_value=5.0)
    values = [6.1, 5.8, 6.4, 5.9, 6.2, 6.0, 5.7, 6.3, 6.1, 5.9, 6.2, 6.0, 5.4, 5.3, 5.5, 5.2, 5.4]
    for index, value in enumerate(values):
        DataPoint.objects.create(
            measure=stay,
            data_type=stay.data_type,
            period=_month(index),
            value=value,
            source=DataSource.DEMO,
        )
    Rebase.objects.create(measure=stay, period=_month(12), reason="New discharge lounge")
    Annotation.objects.create(measure=stay, period=_month(4), text="PDSA 1: <board> rounds")
    assessed = MeasureFactory.create(
        name="Falls risk assessed", data_type=DataType.PROPORTION, direction="increase"
    )
    for index, (seen, patients) in enumerate(((41, 50), (44, 50), (40, 48))):
        DataPoint.objects.create(
            measure=assessed,
            data_type=assessed.data_type,
            period=_month(index),
            numerator=seen,
            denominator=patients,
            source=DataSource.DEMO,
        )


@pytest.mark.urls("qihub.measurement.tests.measure_page")
@pytest.mark.parametrize(
    "viewport", [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
)
def test_measure_charts_and_summary_are_accessible_and_fit(
    viewport: ViewportSize, page: Page
) -> None:
    _measures()
    page.set_viewport_size(viewport)
    page.goto(PAGE)
    expect(page.locator("svg.qihub-spc-chart:visible")).to_have_count(2)
    expect(page.get_by_text("There are only 3 points so far.").first).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("Average length of stay")
    assert not axe_violations(page), axe_violations(page)
    wide = page.evaluate(
        "Array.from(document.querySelectorAll('body *'))"
        ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
        ".slice(0, 6).map(e => e.tagName + '.' + e.className)"
    )
    assert horizontal_overflow(page) == 0, f"the page scrolls sideways: {wide}"


def _upload(page: Page, path: Path) -> None:
    path.write_text("period,value\n2024-01-01,5.5\n2024-02-01,6.2\n2024-03-01,lots\n")
    page.get_by_label("Data file").set_input_files(str(path))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("1 would be added, 0 would be corrected, 1 unchanged")).to_be_visible()
    expect(page.get_by_text("the value 'lots' is not a number").first).to_be_visible()


def _record(page: Page, measure_pk: int) -> None:
    page.goto(f"/admin/measures/{measure_pk}/data/")
    page.get_by_label("Period").fill("2024-01-01")
    page.get_by_label("Value (days)").fill("5.5")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Recorded 1 January 2024.")).to_be_visible()


def test_the_qi_team_records_and_uploads_without_javascript(
    qi_team_page_without_js: Page,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    page = qi_team_page_without_js
    measure = MeasureFactory.create(name="Average length of stay")
    _record(page, measure.pk)
    page.goto(f"/admin/measures/{measure.pk}/upload/")
    _upload(page, tmp_path / "stay.csv")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("1 added, 0 corrected, 1 unchanged").first).to_be_visible()
    assert DataPoint.objects.filter(measure=measure).count() == 2


def test_the_qi_team_makes_a_measure_and_a_token_without_javascript(
    qi_team_page_without_js: Page,  # noqa: F811 (the fixture imported above)
) -> None:
    page = qi_team_page_without_js
    page.goto("/admin/snippets/measurement/measure/add/")
    page.locator("#id_name").fill("Theatre hours")
    page.locator("#id_definition").fill("Hours of planned theatre time used, each month.")
    page.get_by_role("button", name="Save").first.click()
    measure = Measure.objects.get(slug="theatre-hours")
    expect(page.get_by_role("table")).to_contain_text("Theatre hours")

    page.goto("/admin/snippets/measurement/integrationtoken/add/")
    page.locator("#id_name").fill("Theatre system")
    page.get_by_label("Theatre hours").check()
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("Copy this token now")).to_be_visible()
    assert page.url.endswith("/made/")
    page.reload()
    expect(page.get_by_text("This token was shown once")).to_be_visible()
    assert IntegrationToken.objects.get().measures.get() == measure


def test_the_data_pages_pass_axe(
    page: Page, sign_in: Callable[[User], None], qi_team_user: User, tmp_path: Path
) -> None:
    sign_in(qi_team_user)
    measure = MeasureFactory.create(name="Average length of stay")
    _record(page, measure.pk)
    # Afresh: Wagtail's "Recorded" message fades in, and axe can catch it half-way (contrast).
    page.goto(f"/admin/measures/{measure.pk}/data/")
    expect(page.get_by_text("The latest 1 of 1 periods")).to_be_visible()
    report = axe_violations(page)
    assert report == "", report
    page.goto(f"/admin/measures/{measure.pk}/upload/")
    assert axe_violations(page) == ""
    _upload(page, tmp_path / "stay.csv")
    assert axe_violations(page) == ""
    page.goto("/admin/snippets/measurement/integrationtoken/add/")
    page.locator("#id_name").fill("Theatre system")
    page.get_by_label("Average length of stay").check()
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("Copy this token now")).to_be_visible()
    assert axe_violations(page) == ""
    page.reload()
    expect(page.get_by_text("This token was shown once")).to_be_visible()
    assert axe_violations(page) == ""
