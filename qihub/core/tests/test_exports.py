"""Every spreadsheet export writes formula-like text as text (CSV injection)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from qihub.core.exports import spreadsheet_text
from qihub.core.models import PersonKind, User
from qihub.core.services import person_create_public

ATTACK = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (ATTACK, "'" + ATTACK),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ana Adams", "Ana Adams"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_formula_like_text_is_written_as_text(text, written):
    assert spreadsheet_text(text) == written


@pytest.fixture
def visitor_named_as_a_formula(db):
    user = User.objects.create_user(email="pat@example.org", password="unused-here")
    return person_create_public(
        user=user, kind=PersonKind.PATIENT, first_name=ATTACK, last_name="Smith"
    )


def test_site_history_csv_writes_a_formula_name_as_text(
    client, qi_team_user, visitor_named_as_a_formula
):
    client.force_login(qi_team_user)
    response = client.get("/admin/reports/site-history/", {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    cells = [cell for row in rows[1:] for cell in row if ATTACK in cell]
    assert cells, rows
    assert all(cell.startswith("'") for cell in cells), cells


def test_site_history_xlsx_keeps_a_formula_name_as_a_string(
    client, qi_team_user, visitor_named_as_a_formula
):
    client.force_login(qi_team_user)
    response = client.get("/admin/reports/site-history/", {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if ATTACK in str(cell.value)]
    assert cells
    assert all(cell.data_type == "s" for cell in cells)
