"""/spc/ with cells pasted from Excel (issue 10, §3): the columns guessed and shown as two lists
the person can change without JavaScript, per cent signs, thousands, a target of 95%, months out
of order."""

import re

import pytest
from django.test import Client

from .test_spc_page import DOWNLOAD, OPTIONS, PAGE, _errors

pytestmark = pytest.mark.django_db

EXCEL = "Month\tAttendances\t4-hour %\n" + "".join(
    f"{month} 2024\t{attendances}\t{percent}%\n"
    for month, attendances, percent in [
        ("Jan", "1,234", "73.7"),
        ("Feb", "1,301", "75.1"),
        ("Apr", "1,288", "71.0"),
        ("Mar", "1,350", "74.2"),
        ("May", "1,402", "76.3"),
    ]
)


def _selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, f"no {name} list"
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group())
    return chosen.group(1) if chosen else ""


def test_the_guess_is_shown_as_two_lists_and_the_months_are_sorted(client: Client) -> None:
    response = client.post(PAGE, {**OPTIONS, "csv": EXCEL, "target": "75%"})

    html = response.content.decode()
    assert response.status_code == 200, _errors(html)
    assert "qihub-spc-chart" in html
    assert "Your headings do not say which column is which, so we guessed." in html
    assert _selected(html, "date_column") == "Month"
    assert _selected(html, "value_column") == "Attendances"  # the first column of numbers
    assert 'name="columns_for" value="Month\tAttendances\t4-hour %"' in html
    assert (
        "The dates were not in order: 1 row (row 4) moved to put the points in date order" in html
    )
    assert html.index("March 2024") < html.index("April 2024")
    assert EXCEL in html  # the pasted text is kept in the box


def test_the_title_picks_the_column_and_a_target_in_per_cent(client: Client) -> None:
    response = client.post(
        PAGE, {**OPTIONS, "csv": EXCEL, "title": "4-hour performance", "target": "95%"}
    )

    html = response.content.decode()
    assert _selected(html, "value_column") == "4-hour %"
    assert "The target is 95" in html
    assert "73.7" in html


def test_the_person_changes_the_column_and_draws_again(client: Client) -> None:
    response = client.post(
        PAGE,
        {
            **OPTIONS,
            "csv": EXCEL,
            "columns_for": "Month\tAttendances\t4-hour %",
            "date_column": "",
            "value_column": "4-hour %",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200, _errors(html)
    assert "The chart reads these columns of your data." in html
    assert _selected(html, "value_column") == "4-hour %"
    assert _selected(html, "date_column") == ""
    assert "April 2024" not in html  # no dates, so points in the order given
    assert "not in order" not in html


def test_a_choice_made_for_other_data_is_guessed_again(client: Client) -> None:
    response = client.post(
        PAGE,
        {**OPTIONS, "csv": EXCEL, "columns_for": "Week\tFalls", "value_column": "Falls"},
    )

    assert _selected(response.content.decode(), "value_column") == "Attendances"


def test_the_standard_header_shows_no_lists(client: Client) -> None:
    response = client.post(PAGE, {**OPTIONS, "csv": "date,value\n2024-01-01,5\n2024-02-01,6\n"})

    assert "Your columns" not in response.content.decode()


def test_a_bad_cell_in_the_guessed_column_still_shows_the_lists(client: Client) -> None:
    response = client.post(PAGE, {**OPTIONS, "csv": "Month\tScore\nJan 2024\t7\nFeb 2024\t7,5\n"})

    html = response.content.decode()
    assert _errors(html) == [
        (
            "id_csv",
            "Row 3, column Score: &#x27;7,5&#x27; has a comma that is not a thousands "
            "separator: write decimals with a point (73.7) and thousands with a comma or none "
            "(1,234 or 1234)",
        )
    ]
    assert _selected(html, "value_column") == "Score"


@pytest.mark.parametrize("target", ["high", "95%%", "9,5"])
def test_a_target_that_is_not_a_number(client: Client, target: str) -> None:
    response = client.post(PAGE, {**OPTIONS, "csv": EXCEL, "target": target})

    assert _errors(response.content.decode()) == [
        ("id_target", "Enter the target as a number, like 95 or 95%")
    ]


def test_the_download_of_pasted_excel_cells(client: Client) -> None:
    page = client.post(PAGE, {**OPTIONS, "csv": EXCEL, "title": "4-hour performance"})
    fields = dict(
        re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page.content.decode())
    )
    assert "value_column" not in fields

    response = client.post(
        DOWNLOAD, {**fields, "csv": fields["csv"].replace("&#x27;", "'"), "format": "csv"}
    )

    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert [line.split(",")[1] for line in lines[1:]] == [
        "2024-01-01",
        "2024-02-01",
        "2024-03-01",
        "2024-04-01",
        "2024-05-01",
    ]


def test_a_warning_numbers_the_segment_as_the_table_numbers_its_points(client: Client) -> None:
    values = "".join(f"{5 + i % 3}\n" for i in range(30))

    response = client.post(PAGE, {**OPTIONS, "csv": "value\n" + values, "rebase": "19"})

    html = response.content.decode()
    assert "Segment of points 19–30: limits rest on 12 values" in html
    points = re.findall(r'aria-hidden="true">Point </span>(\d+)</td>', html)
    assert points == [str(number) for number in range(1, 31)]  # the table: 1 to 30
