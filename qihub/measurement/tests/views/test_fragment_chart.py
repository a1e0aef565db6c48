"""The partial on a page that is not /spc/: two measures, each with its chart, reading, table and
downloads by GET, with ids that do not clash and headings under the page's own."""

import re
from collections import Counter

import pytest
from django.test import Client

from qihub.measurement.tests.chart_page import PAGE

pytestmark = [pytest.mark.django_db, pytest.mark.urls("qihub.measurement.tests.chart_page")]


@pytest.fixture
def html(client: Client) -> str:
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, html_id: str) -> str:
    match = re.search(rf'<section class="qihub-spc-result" id="{html_id}".*?</section>', html, re.S)
    assert match, f"no chart section {html_id}"
    return match.group(0)


def test_each_chart_shows_its_drawing_reading_and_table(html: str) -> None:
    falls = _section(html, "falls")

    assert falls.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2  # phone and desktop
    assert 'aria-labelledby="falls-wide-title"' in falls
    assert "Falls on ward 7: XmR chart of 22 points, values in falls per 1,000 bed days" in falls
    assert "<p>Special cause improvement since February 2024: 9 points below the mean" in falls
    assert "Special cause improvement (lower)" in falls
    assert "<strong>Consistently failing the target</strong>" in falls
    assert "Value (falls per 1,000 bed days)</th>" in falls
    assert falls.count('<tr class="nhsuk-table__row" role="row">') == 23  # header and 22 points
    assert "PDSA 1: &lt;hourly&gt; rounding &amp; huddles" in falls
    assert "<hourly>" not in html
    assessed = _section(html, "assessed")
    assert "Numerator</th>" in assessed and "Denominator</th>" in assessed
    assert "The target is 95.0%" in assessed
    assert "Read the chart with care</span></h4>" in assessed  # trial limits on 6 points


def test_the_stylesheet_and_headings_fit_the_page(html: str) -> None:
    assert 'href="/static/measurement/css/chart.css"' in html
    falls = _section(html, "falls")
    assert '<h3 id="falls-heading">Falls on ward 7</h3>' in falls
    assert "<h4>What the chart shows</h4>" in falls and '<h4 id="falls-data">The data</h4>' in falls
    assert "<h2" not in falls


def test_ids_are_unique_on_a_page_with_two_charts(html: str) -> None:
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))

    assert [name for name, count in ids.items() if count > 1] == []
    for reference in re.findall(r'aria-(?:labelledby|describedby)="([^"]+)"', html):
        assert ids[reference] == 1, reference


def test_downloads_are_links_to_the_stored_measure(client: Client, html: str) -> None:
    falls = _section(html, "falls")

    assert '<form method="get" action="/test/ward-7/falls/chart" class="qihub-spc-downloads">' in (
        falls
    )
    assert "csrfmiddlewaretoken" not in falls and 'type="hidden"' not in falls
    for kind in ("png", "svg", "csv"):
        assert f'name="format" value="{kind}"' in falls
    response = client.get("/test/ward-7/falls/chart", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="falls-on-ward-7.csv"'
    assert (
        response.content.decode().splitlines()[15].endswith(",PDSA 1: <hourly> rounding & huddles")
    )
    png = client.get("/test/ward-7/assessed/chart", {"format": "png"})
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
