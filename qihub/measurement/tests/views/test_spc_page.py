"""/spc/: public, no account; paste or upload, see the chart, its reading and table; downloads."""

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from qihub.core.models import User
from qihub.core.tests.roster_helpers import xlsx_bytes
from qihub.measurement.examples import EXAMPLES

pytestmark = pytest.mark.django_db

PAGE = "/spc/"
DOWNLOAD = "/spc/download/"
OPTIONS = {
    "chart": "xmr",
    "direction": "increase",
    "shift_points": "7",
    "trend_points": "7",
    "two_in_three": "current",
    "screen": "on",
}
DATA = "date,value,annotation\n" + "".join(
    f"2024-{month:02d}-01,{value},{'PDSA <1> & co' if month == 11 else ''}\n"
    for month, value in enumerate([5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 12], start=1)
)


def _post(client: Client, **fields: Any):  # type: ignore[no-untyped-def]
    return client.post(PAGE, {**OPTIONS, **fields})


def _errors(html: str) -> list[str]:
    return re.findall(r'<li><a href="#(id_\w+)">(.*?)</a></li>', html)


def test_empty_page_for_a_visitor(client: Client) -> None:
    response = client.get(PAGE)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Make an SPC chart</h1>" in html
    assert 'enctype="multipart/form-data"' in html
    assert 'name="csv"' in html and 'name="upload"' in html
    assert "qihub-spc-chart" not in html
    assert "There is a problem" not in html


@pytest.mark.parametrize("who", ["public_user", "staff_user", "qi_team_user"])
def test_signed_in_people_see_the_same_tool(
    client: Client, who: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(who)
    client.force_login(user)

    assert _post(client, csv=DATA).status_code == 200


def test_a_pasted_series_gets_chart_reading_summary_and_table(client: Client) -> None:
    response = _post(client, csv=DATA, title="Falls <on> ward 7", target="9")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2  # phone and desktop
    assert 'role="img"' in html and 'id="spc-wide-title"' in html and 'id="spc-narrow-desc"' in html
    assert "Falls &lt;on&gt; ward 7" in html and "<on>" not in html
    assert "Special cause improvement at the latest point, November 2024" in html
    assert "Special cause improvement (higher)" in html
    assert "Hit and miss the target" in html or "Consistently" in html
    assert html.count('<tr class="nhsuk-table__row" role="row">') == 12  # header and 11 points
    assert "PDSA &lt;1&gt; &amp; co" in html
    assert 'name="format" value="png"' in html


def test_an_uploaded_file_replaces_the_box_and_is_shown_in_it(client: Client) -> None:
    upload = SimpleUploadedFile("falls.csv", DATA.encode("utf-8-sig"), "text/csv")

    response = _post(client, csv="value\n1\n", upload=upload)

    html = response.content.decode()
    assert "Special cause improvement" in html
    assert "2024-11-01,12,PDSA &lt;1&gt; &amp; co" in html
    # The downloads carry the options as sent, not as lists (once "['xmr']", refused).
    assert '<input type="hidden" name="chart" value="xmr">' in html


def test_rebase_by_date_or_point_number(client: Client) -> None:
    by_date = _post(client, csv=DATA, rebase="2024-06-01").content.decode()
    by_number = _post(client, csv=DATA, rebase="6").content.decode()

    assert "The chart has 2 segments; since the latest rebase, at June 2024" in by_date
    assert "The chart has 2 segments; since the latest rebase, at June 2024" in by_number


def test_p_chart_target_is_a_percentage(client: Client) -> None:
    response = client.get(PAGE, {"example": "p"})

    html = response.content.decode()
    assert "The target is 95.0%" in html
    assert "Patients seen within 4 hours" in html


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"csv": ""}, "id_csv", "Paste your data or upload a CSV file"),
        ({"csv": "5\n6\n"}, "id_csv", "Row 1: the first row must be a header"),
        ({"csv": "value\n5\nfive\n"}, "id_csv", "Row 3, column value: &#x27;five&#x27; is not"),
        (
            {"csv": "value\n5\n-1\n", "chart": "c"},
            "id_csv",
            "Row 3, column value: -1 is negative",
        ),
        ({"csv": DATA, "rebase": "2030-01-01"}, "id_rebase", "‘2030-01-01’ is not a date in"),
        ({"csv": DATA, "rebase": "1"}, "id_rebase", "‘1’ is the first point"),
        ({"csv": DATA, "rebase": "3,3"}, "id_rebase", "Rebase positions repeat"),
        ({"csv": DATA, "baseline": "1"}, "id_baseline", "Ensure this value is greater than"),
        ({"csv": DATA, "baseline": "x"}, "id_baseline", "Enter the number of points as a whole"),
        ({"csv": DATA, "target": "high"}, "id_target", "Enter the target as a number"),
        ({"csv": DATA, "chart": "z"}, "id_chart", "Select a valid choice"),
        ({"csv": DATA, "laney": "on"}, "id_laney", "Laney applies to p and u charts only"),
    ],
)
def test_bad_input_gets_an_error_summary_and_a_field_error(
    client: Client, fields: dict[str, str], field: str, message: str
) -> None:
    response = _post(client, **fields)

    html = response.content.decode()
    assert response.status_code == 200
    errors = _errors(html)
    assert len(errors) == 1 and errors[0][0] == field and errors[0][1].startswith(message)
    assert f'id="{field}-error"' in html
    assert "<title>Error: " in html
    assert "qihub-spc-chart" not in html


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "book.csv",
            "The file is not a CSV file (it looks like a spreadsheet or another binary file); "
            "save it as CSV and upload that",
        ),
        (
            "book.xlsx",
            "The spreadsheet is damaged and cannot be read (BadZipFile); open it in Excel and "
            "save it again",
        ),
    ],
)
def test_an_upload_that_is_not_csv(client: Client, name: str, message: str) -> None:
    upload = SimpleUploadedFile(name, b"PK\x03\x04rest", "application/octet-stream")

    errors = _errors(_post(client, upload=upload).content.decode())

    assert errors == [("id_upload", message)]


def test_an_xlsx_upload_is_read_from_its_first_sheet(client: Client) -> None:
    table = [line.split(",") for line in DATA.splitlines()]
    cells: list[list[Any]] = [
        table[0],
        *([dt.date.fromisoformat(d), int(v), a or None] for d, v, a in table[1:]),
    ]
    upload = SimpleUploadedFile("falls.xlsx", xlsx_bytes(cells), "application/octet-stream")

    html = _post(client, upload=upload).content.decode()

    assert "Special cause improvement" in html
    assert "2024-11-01,12,PDSA &lt;1&gt; &amp; co" in html
    assert "from an XLSX workbook the first sheet is read" in html


@pytest.mark.parametrize(
    ("kind", "content_type", "start"),
    [
        ("svg", "image/svg+xml; charset=utf-8", b'<svg xmlns="http://www.w3.org/2000/svg"'),
        ("png", "image/png", b"\x89PNG\r\n\x1a\n"),
        ("csv", "text/csv; charset=utf-8", b"point,date,value,centre,lower_limit,upper_limit"),
    ],
)
def test_downloads(client: Client, kind: str, content_type: str, start: bytes) -> None:
    response = client.post(DOWNLOAD, {**EXAMPLES["xmr"], "format": kind})

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="average-length-of-stay-days.{kind}"'
    )
    assert response.content.startswith(start)


def test_the_download_form_carries_the_analysed_series(client: Client) -> None:
    html = _post(client, csv=DATA, rebase="6", title="Falls").content.decode()
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', html))

    assert fields["rebase"] == "6" and fields["title"] == "Falls" and fields["screen"] == "on"
    assert fields["csv"].startswith("date,value,annotation\n2024-01-01,5,\n")
    csv = client.post(DOWNLOAD, {**fields, "csv": DATA, "format": "csv"}).content.decode()
    assert csv.splitlines()[6].startswith("6,2024-06-01,5,6.8,")  # as the table shows it


def test_download_errors(client: Client) -> None:
    assert client.get(DOWNLOAD).status_code == 405
    assert client.post(DOWNLOAD, {**EXAMPLES["xmr"], "format": "gif"}).status_code == 400
    response = client.post(DOWNLOAD, {**OPTIONS, "csv": "value\nx\n", "format": "csv"})
    assert response.status_code == 400
    assert "Row 2, column value" in response.content.decode()
