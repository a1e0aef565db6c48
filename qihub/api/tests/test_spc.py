"""POST /api/v1/spc: the same document as the CLI; every bad input a 422 with one line."""

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from qihub.api.spc import SPCRequest
from qihub.spc import analyse

URL = "/api/v1/spc"
VALUES = [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 12]


def _post(client: Client, body: Any, *, raw: bool = False):  # type: ignore[no-untyped-def]
    return client.post(URL, data=body if raw else json.dumps(body), content_type="application/json")


def test_values_give_the_engines_document(client: Client) -> None:
    response = _post(client, {"values": VALUES, "direction": "increase", "target": 8})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == analyse(VALUES, direction="increase", target=8).to_dict()


def test_every_option_with_dates_and_denominators(client: Client) -> None:
    body = {
        "chart": "u",
        "values": [3, 4, None, 6, 2, 5, 4, 3],
        "dates": [f"2024-0{month}-01" for month in range(1, 9)],
        "denominators": [100, 120, 110, 130, 90, 100, 105, 95],
        "screen": False,
        "baseline": 5,
        "rebase": [4],
        "direction": "decrease",
        "target": 0.02,
        "shift_points": 6,
        "trend_points": 6,
        "two_in_three": "legacy",
        "laney": True,
    }

    response = _post(client, body)

    assert response.status_code == 200, response.content
    series = ("values", "dates", "denominators")
    options = {key: value for key, value in body.items() if key not in series}
    expected = analyse(
        [3, 4, None, 6, 2, 5, 4, 3],
        dates=[f"2024-0{month}-01" for month in range(1, 9)],
        denominators=[100, 120, 110, 130, 90, 100, 105, 95],
        **options,  # type: ignore[arg-type]
    ).to_dict()
    assert response.json() == expected


def test_csv_gives_the_same_document_as_the_cli(client: Client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = "date,value\n" + "".join(f"2024-{m:02d}-01,{v}\n" for m, v in enumerate(VALUES, 1))
    path = tmp_path / "series.csv"
    path.write_text(text)
    out = StringIO()
    call_command("spc", str(path), "--rebase=5", stdout=out)

    response = _post(client, {"csv": text, "rebase": [5]})

    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ("{not json", "the body is not valid JSON: key must be a string at line 1 column 2"),
        ("[1, 2]", "the body must be a JSON object"),
        ("", "the body must be a JSON object"),
        ({"values": [1, "two", 3]}, "values[1]: input should be a valid number"),
        ({"values": [1, 2], "chart": "x"}, "chart: input should be 'run', 'xmr', 'p', 'u', 'c'"),
        ({"values": [1, 2], "baseline": 2.5}, "baseline: input should be a valid integer"),
        ({"values": [1, 2], "screen": "yes"}, "screen: input should be a valid boolean"),
        ({"vals": [1, 2]}, "vals is not an option; the options are chart, values, dates"),
        ({}, "give the data as values (a list of numbers) or as csv text"),
        ({"values": [1, 2], "csv": "value\n1\n"}, "give the data as csv or as values, not both"),
        ({"csv": "value\n1\nx\n"}, "row 3, column value: 'x' is not a number"),
        ({"csv": "1\n2\n"}, "row 1: the first row must be a header naming the columns"),
        (
            {"chart": "p", "csv": "numerator,denominator\n4,5\n6,5\n"},
            "row 3, column numerator: 6 is greater than its denominator",
        ),
        ({"values": [1, 2, 3], "rebase": [7]}, "rebase position 7 is outside 1..2"),
        ({"values": [1, 2, 3], "baseline": 1}, "baseline must be an integer of at least 2; got 1"),
        ({"values": [1, -2], "chart": "c"}, "values[1] is negative; a count cannot be"),
        ({"values": [1, 2], "denominators": [3, 4]}, "a xmr chart takes no denominators"),
        ({"values": [1, 2], "dates": ["2024-01-01"]}, "dates has 1 entries but values has 2"),
        ({"values": [1, 2], "laney": True}, "laney applies to p and u charts only"),
        ({"values": [None, None]}, "every value is missing"),
        ({"values": [1, 2], "shift_points": 1}, "shift_points must be an integer of at least 2"),
        (
            {"values": list(range(10_001))},
            "values is too long: a chart takes at most 10,000 points",
        ),
        ({"values": [1], "x": 1, "y": 2}, "x is not an option"),
    ],
)
def test_bad_input_is_422_with_one_line(client: Client, body: Any, detail: str) -> None:
    response = _post(client, body, raw=isinstance(body, str))

    assert response.status_code == 422
    assert response.json()["detail"].startswith(detail)
    assert "\n" not in response.json()["detail"]


RANGE = "the engine takes numbers between 1e-100 and 1e100 in size, or 0"


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"values": [1e308, -1e308, 1e308, -1e308]}, f"values[0] is too large: {RANGE}"),
        (
            {"csv": "value\n1\n1e308\n-1e308\n"},
            f"row 3, column value: 1e+308 is too large: {RANGE}",
        ),
        ({"values": [5e-324, 0, 5e-324]}, f"values[0] is too close to 0: {RANGE}"),
        (
            {"csv": "value\n0\n5e-324\n"},
            f"row 3, column value: 4.94066e-324 is too close to 0: {RANGE}",
        ),
        (
            {"values": [1, 2, 3], "direction": "increase", "target": -1e308},
            f"target is too large: {RANGE}; got -1e+308",
        ),
        ({"chart": "t", "values": [1e308, 1, 1e308]}, f"values[0] is too large: {RANGE}"),
        ({"chart": "c", "values": [1e308, 1e308]}, f"values[0] is too large: {RANGE}"),
        (
            {"chart": "u", "values": [1, 2], "denominators": [5e-324, 1]},
            f"denominators[0] is too close to 0: {RANGE}",
        ),
        (
            {"values": [1, 2, 3], "shift_points": 2**63},
            "shift_points must be an integer of at most 9223372036854775807; "
            "got 9223372036854775808",
        ),
        (
            {"values": [1, 2, 3], "trend_points": 10**30},
            "trend_points must be an integer of at most 9223372036854775807; "
            "got 1000000000000000000000000000000",
        ),
        (
            {"values": [1, 2, 3], "baseline": 2**64},
            "baseline must be an integer of at most 9223372036854775807; got 18446744073709551616",
        ),
    ],
)
def test_numbers_beyond_the_engines_limits_are_422_with_one_line(
    client: Client, body: Any, detail: str
) -> None:
    response = _post(client, body)

    assert response.status_code == 422
    assert response.json() == {"detail": detail}


def test_names_every_problem(client: Client) -> None:
    response = _post(client, {"values": ["a", "b", "c"], "vals": 1})

    assert response.json() == {
        "detail": "values[0]: input should be a valid number; values[1]: input should be a "
        "valid number; values[2]: input should be a valid number; vals is not an option; the "
        "options are " + ", ".join(SPCRequest.model_fields)
    }


def test_names_the_first_ten_problems_and_counts_the_rest(client: Client) -> None:
    detail = _post(client, {"values": ["x"] * 25}).json()["detail"]

    assert "values[9]: input should be a valid number" in detail and "values[10]" not in detail
    assert detail.endswith(" (and 15 more problems)")


def test_ten_thousand_points_are_accepted(client: Client) -> None:
    response = _post(client, {"values": [float(i % 7) for i in range(10_000)]})

    assert response.status_code == 200
    assert len(response.json()["points"]) == 10_000


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1_000)
def test_a_body_over_djangos_limit_is_413(client: Client) -> None:
    response = _post(client, {"values": list(range(1_000))})

    assert response.status_code == 413
    assert response.json() == {
        "detail": "the request is too large: a chart takes at most 10,000 points"
    }


def test_only_post(client: Client) -> None:
    assert client.get(URL).status_code == 405


def test_public_without_an_account_or_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)

    assert _post(client, {"values": VALUES}).status_code == 200


def test_openapi_documents_request_and_responses(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/spc"]["post"]

    request = operation["requestBody"]["content"]["application/json"]
    assert request["schema"]["properties"]["chart"]["enum"] == [
        "run",
        "xmr",
        "p",
        "u",
        "c",
        "g",
        "t",
    ]
    assert set(request["schema"]["properties"]) >= {"values", "dates", "denominators", "csv"}
    assert request["example"]["values"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SPCDocument"
    }
    assert "422" in operation["responses"]
    point = schema["components"]["schemas"]["SPCPoint"]
    assert set(point["properties"]) == {
        "index",
        "date",
        "value",
        "centre",
        "lower_limit",
        "upper_limit",
        "lower_2sigma",
        "upper_2sigma",
        "rule",
        "point_type",
    }
    assert client.get("/api/v1/docs").status_code == 200


EXCEL = "Month\tAttendances\t4-hour %\nFeb 2024\t1,301\t75.1%\nJan 2024\t1,234\t73.7%\n"


def test_csv_pasted_from_excel_with_columns_and_a_target_in_per_cent(client: Client) -> None:
    response = _post(client, {"csv": EXCEL, "value_column": "4-hour %", "target": "95%"})

    document = response.json()
    assert response.status_code == 200, document
    assert [point["value"] for point in document["points"]] == [73.7, 75.1]
    assert document["options"]["target"] == 95
    assert document["warnings"][0].startswith("the dates were not in order: 1 row")
    assert _post(client, {"csv": EXCEL, "chart": "c"}).json()["points"][0]["value"] == 1234


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"values": [1, 2], "target": "high"}, "the target 'high' is not a number, like 95 or 95%"),
        ({"values": [1, 2], "value_column": "x"}, "date_column and value_column choose columns"),
        ({"csv": "value\n73,7\n"}, "a cell with a comma in it, such as 1,234, needs quotes"),
        (
            {"csv": 'value\n"73,7"\n'},
            "row 2, column value: '73,7' has a comma that is not a thousands separator: write "
            "decimals with a point (73.7)",
        ),
        (
            {"csv": "date,value\n2024-01-01,1\n01/01/2024,2\n"},
            "row 3, column date: the date 2024-01-01 is on row 2 too: each date is one point",
        ),
    ],
)
def test_bad_spreadsheet_input_is_422_with_one_line(
    client: Client, body: dict[str, Any], detail: str
) -> None:
    response = _post(client, body)

    assert response.status_code == 422
    assert detail in response.json()["detail"]


def test_a_p_chart_target_in_per_cent_is_a_proportion(client: Client) -> None:
    body = {"chart": "p", "values": [40, 45], "denominators": [100, 100], "target": "95%"}

    assert _post(client, body).json()["options"]["target"] == 0.95
