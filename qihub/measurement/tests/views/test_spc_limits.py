"""/spc/ and its downloads refuse numbers beyond the engine's limits with a form error, not a 500.

Before the engine checked its limits, each of these drew infinite or zero-width axes and the
page or the download failed (issue 10, §2).
"""

import pytest
from django.test import Client

from .test_spc_page import DOWNLOAD, OPTIONS, PAGE, _errors

pytestmark = pytest.mark.django_db

RANGE = "the engine takes numbers between 1e-100 and 1e100 in size, or 0"
SERIES = "value\n5\n6\n5\n7\n"
EXTREMES = [
    (
        {"csv": "value\n1e308\n-1e308\n1e308\n-1e308\n"},
        "id_csv",
        f"Row 2, column value: 1e+308 is too large: {RANGE}",
    ),
    (
        {"csv": "value\n5e-324\n0\n5e-324\n0\n"},
        "id_csv",
        f"Row 2, column value: 4.94066e-324 is too close to 0: {RANGE}",
    ),
    (
        {"csv": "value\n1e308\n1\n1e308\n", "chart": "t"},
        "id_csv",
        f"Row 2, column value: 1e+308 is too large: {RANGE}",
    ),
    (
        {"csv": "numerator,denominator\n1,5e-324\n2,5e-324\n", "chart": "u"},
        "id_csv",
        f"Row 2, column denominator: 4.94066e-324 is too close to 0: {RANGE}",
    ),
    (
        {"csv": SERIES, "target": "-1e308"},
        "id_target",
        f"Target is too large: {RANGE}; got -1e+308",
    ),
    ({"csv": SERIES, "target": "1e308"}, "id_target", f"Target is too large: {RANGE}; got 1e+308"),
]


@pytest.mark.parametrize(("fields", "field", "message"), EXTREMES)
def test_the_page_names_the_number_beyond_the_limits(
    client: Client, fields: dict[str, str], field: str, message: str
) -> None:
    response = client.post(PAGE, {**OPTIONS, **fields})

    html = response.content.decode()
    assert response.status_code == 200
    assert _errors(html) == [(field, message)]
    assert f'id="{field}-error"' in html
    assert "qihub-spc-chart" not in html


@pytest.mark.parametrize("kind", ["svg", "png", "csv"])
@pytest.mark.parametrize(("fields", "field", "message"), EXTREMES)
def test_a_download_of_numbers_beyond_the_limits_is_refused(
    client: Client, kind: str, fields: dict[str, str], field: str, message: str
) -> None:
    response = client.post(DOWNLOAD, {**OPTIONS, **fields, "format": kind})

    assert response.status_code == 400
    assert _errors(response.content.decode()) == [(field, message)]


# "²".isdigit() is True but int("²") raises ValueError: once a server error.
@pytest.mark.parametrize("rebase", ["²", "1²"])
def test_a_rebase_written_with_a_superscript_digit_is_a_form_error(
    client: Client, rebase: str
) -> None:
    response = client.post(PAGE, {**OPTIONS, "csv": SERIES, "rebase": rebase})

    assert response.status_code == 200
    assert [error[0] for error in _errors(response.content.decode())] == ["id_rebase"]


@pytest.mark.parametrize("kind", ["svg", "png", "csv"])
def test_a_download_with_a_superscript_rebase_is_refused(client: Client, kind: str) -> None:
    response = client.post(DOWNLOAD, {**OPTIONS, "csv": SERIES, "rebase": "²", "format": kind})

    assert response.status_code == 400
